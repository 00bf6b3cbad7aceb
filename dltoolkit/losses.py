"""Loss functions: ``loss(y_true, y_pred, sample_weight=None) -> scalar`` (the batch mean).

Every loss is a :class:`Loss` object:

    loss(y_true, y_pred)                      # mean over the batch
    loss(y_true, y_pred, sample_weight=w)     # sum_i w_i l_i / max(sum_i w_i, tiny), w: (batch,)
    loss.per_example(y_true, y_pred)          # (batch,) values l_i
    categorical_crossentropy(y, logits, from_logits=True)        # options as keywords
    get("categorical_crossentropy", from_logits=True)            # a configured Loss

Rows whose weight is 0 do not touch the result (not even when their loss is inf/NaN), so a
weight-0 row is the same as a dropped row: the training engine masks padding this way.
Per-example values average over any axes between the batch axis and the reduced class axis
(e.g. per-pixel losses of a segmentation map). Argument order is always (y_true, y_pred), as
in Keras; note optax's ``softmax_cross_entropy(logits, labels)`` has the opposite order.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, Optional, Union

import jax
import jax.numpy as jnp
import numpy as np

from dltoolkit._kwargs import check_kwargs
from dltoolkit._names import lookup
from dltoolkit.activations import log_softmax

Array = jax.Array
EPSILON = 1e-7  # Keras' backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON]


def weighted_mean(values: Array, sample_weight: Optional[Array] = None, name: str = "loss") -> Array:
    """Mean of per-example ``values`` (batch,); with weights, sum(w*l) / max(sum(w), tiny).
    Rows with w == 0 are excluded exactly (their value may even be NaN)."""
    values = jnp.asarray(values)
    if sample_weight is None:
        return jnp.mean(values)
    w = jnp.asarray(sample_weight, values.dtype)
    if w.shape != values.shape:
        raise ValueError(f"{name}: sample_weight must have one weight per example, shape "
                         f"{values.shape}; got shape {w.shape}")
    total = jnp.sum(jnp.where(w != 0, w * values, 0))
    return total / jnp.maximum(jnp.sum(w), jnp.finfo(values.dtype).tiny)


def check_labels(labels: Any, num_classes: int, name: str) -> None:
    """Raise ``ValueError`` if concrete integer ``labels`` lie outside [0, num_classes) or are not
    whole numbers. Traced labels (under ``jit``) cannot be inspected; the losses then return NaN
    for such rows instead, so training stops with a NaN message rather than wrapping silently."""
    if isinstance(labels, jax.core.Tracer):
        return
    lab = np.asarray(labels)
    if lab.size == 0:
        return
    if not np.issubdtype(lab.dtype, np.integer) and np.any(lab != np.round(lab)):
        bad = lab[lab != np.round(lab)].flat[0].item()
        raise ValueError(f"{name}: integer class labels expected, got {bad!r}; "
                         "for one-hot/probability targets use categorical_crossentropy")
    bad = (lab < 0) | (lab >= num_classes)
    if np.any(bad):
        raise ValueError(f"{name}: label {lab[bad].flat[0].item()!r} is outside [0, {num_classes}) for "
                         f"y_pred with {num_classes} classes ({int(bad.sum())} bad labels); "
                         "labels must be 0..classes-1")


class Loss:
    """A loss with ``__call__`` (batch mean, optional sample_weight) and ``per_example``.

    ``fn(y_true, y_pred, **options)`` returns the loss per example, shape (batch, ...).
    """

    def __init__(self, name: str, fn: Callable, **options: Any):
        self.name, self.fn, self.options = name, fn, options
        self.__name__ = name
        self.__doc__ = fn.__doc__

    def per_example(self, y_true: Array, y_pred: Array, **options: Any) -> Array:
        """Loss of each example, shape (batch,)."""
        return self._reduce(jnp.asarray(self.fn(y_true, y_pred, **{**self.options, **options})))

    def _reduce(self, out: Array) -> Array:
        if out.ndim == 0:
            raise ValueError(f"{self.name}: the loss function returned a scalar; it must return one "
                             "value per example (shape (batch,)) to support sample_weight")
        return out.reshape(out.shape[0], -1).mean(axis=1)

    def __call__(self, y_true: Array, y_pred: Array, sample_weight: Optional[Array] = None,
                 **options: Any) -> Array:
        out = jnp.asarray(self.fn(y_true, y_pred, **{**self.options, **options}))
        if out.ndim == 0 and sample_weight is None:  # a user function that already averaged
            return out
        return weighted_mean(self._reduce(out), sample_weight, self.name)

    @classmethod
    def resolve(cls, kind: str, name_or_callable: Any, table: dict, **options: Any) -> "Loss":
        """``get`` for losses and metrics: a name from ``table``, a Loss (or Metric) as is, or a
        plain function ``f(y_true, y_pred) -> (batch,)`` wrapped in ``cls``; then ``options``."""
        obj = lookup(kind, name_or_callable, table)
        if not isinstance(obj, Loss):
            if not callable(obj):
                raise TypeError(f"{kind} must be a string name or a callable f(y_true, y_pred); got {obj!r}")
            obj = cls(getattr(obj, "__name__", f"custom_{kind}"), obj)
        return obj.configure(**options) if options else obj

    def configure(self, **options: Any) -> "Loss":
        """The same loss with new default options, e.g. ``cce.configure(from_logits=True)``."""
        params = inspect.signature(self.fn).parameters
        if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
            check_kwargs(self.name, options, [n for n in params if n not in ("y_true", "y_pred")])
        return type(self)(self.name, self.fn, **{**self.options, **options})

    def get_config(self) -> dict:
        return {"name": self.name, **self.options}

    def __repr__(self) -> str:
        return f"{self.name}(" + ", ".join(f"{k}={v!r}" for k, v in self.options.items()) + ")"


def _pair(y_true: Array, y_pred: Array, name: str) -> tuple[Array, Array]:
    y_true, y_pred = jnp.asarray(y_true), jnp.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        hint = (" For integer class labels use sparse_categorical_crossentropy."
                if y_true.ndim == y_pred.ndim - 1 else "")
        raise ValueError(f"{name}: y_true shape {y_true.shape} does not match y_pred shape "
                         f"{y_pred.shape}.{hint}")
    return y_true.astype(y_pred.dtype), y_pred


def _cce(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy: l = -sum_c y_c log p_c, p = y_pred (probabilities, renormalised
    and clipped to [1e-7, 1 - 1e-7] as in Keras) or p = softmax(y_pred) if ``from_logits``.
    Label smoothing: y <- y (1 - s) + s / classes. Gradient w.r.t. logits: p - y."""
    y_true, y_pred = _pair(y_true, y_pred, "categorical_crossentropy")
    if label_smoothing:
        y_true = y_true * (1 - label_smoothing) + label_smoothing / y_pred.shape[axis]
    if from_logits:
        return -jnp.sum(y_true * log_softmax(y_pred, axis=axis), axis=axis)
    p = y_pred / jnp.sum(y_pred, axis=axis, keepdims=True)
    return -jnp.sum(y_true * jnp.log(jnp.clip(p, EPSILON, 1 - EPSILON)), axis=axis)


def _sparse_logp(y_true, y_pred, kind, name):
    """log p_y for integer labels; ``kind`` says what y_pred holds: "logits", "probs" or "logp"."""
    y_pred = jnp.asarray(y_pred)
    if y_pred.ndim == jnp.ndim(y_true) and jnp.shape(y_true)[-1] == 1:
        y_true = jnp.squeeze(jnp.asarray(y_true), -1)  # Keras accepts labels of shape (batch, 1)
    classes = y_pred.shape[-1]
    check_labels(y_true, classes, name)
    labels = jnp.asarray(y_true).astype(jnp.int32)
    if labels.shape != y_pred.shape[:-1]:
        raise ValueError(f"{name}: labels shape {labels.shape} does not fit y_pred shape "
                         f"{y_pred.shape}; expected labels of shape {y_pred.shape[:-1]}")
    if kind == "logits":
        logp = log_softmax(y_pred)
    elif kind == "logp":
        logp = y_pred
    else:
        logp = jnp.log(jnp.clip(y_pred / jnp.sum(y_pred, -1, keepdims=True), EPSILON, 1 - EPSILON))
    valid = (labels >= 0) & (labels < classes)
    picked = jnp.take_along_axis(logp, jnp.clip(labels, 0, classes - 1)[..., None], -1)[..., 0]
    return jnp.where(valid, picked, jnp.nan)


def _scce(y_true, y_pred, from_logits=False):
    """Sparse categorical cross-entropy: l = -log p_{y}, y an integer label in [0, classes).
    Labels outside that range raise ValueError (concrete labels) or give NaN (under jit)."""
    kind = "logits" if from_logits else "probs"
    return -_sparse_logp(y_true, y_pred, kind, "sparse_categorical_crossentropy")


def _softmax_ce(y_true, y_pred):
    """Softmax cross-entropy from logits with soft labels (e.g. mixup targets):
    l = -sum_c y_c log softmax(z)_c; dl/dz = softmax(z) - y (when sum_c y_c = 1)."""
    return _cce(y_true, y_pred, from_logits=True)


def _bce(y_true, y_pred, from_logits=False, label_smoothing=0.0):
    """Binary cross-entropy: l = -[y log p + (1 - y) log(1 - p)], averaged over the last axis.
    p clipped to [1e-7, 1 - 1e-7]; with ``from_logits`` computed stably from z as
    max(z, 0) - z y + log(1 + e^{-|z|}). dl/dz = sigma(z) - y. Smoothing: y <- y(1-s) + s/2."""
    y_true, y_pred = _pair(y_true, y_pred, "binary_crossentropy")
    if label_smoothing:
        y_true = y_true * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        z = y_pred
        return jnp.maximum(z, 0) - z * y_true + jnp.log1p(jnp.exp(-jnp.abs(z)))
    p = jnp.clip(y_pred, EPSILON, 1 - EPSILON)
    return -(y_true * jnp.log(p) + (1 - y_true) * jnp.log1p(-p))


def _mse(y_true, y_pred):
    """Mean squared error: l = mean_j (y_j - yhat_j)^2;  dl/dyhat = 2 (yhat - y) / d."""
    y_true, y_pred = _pair(y_true, y_pred, "mean_squared_error")
    return (y_pred - y_true) ** 2


def _mae(y_true, y_pred):
    """Mean absolute error: l = mean_j |y_j - yhat_j|;  dl/dyhat = sign(yhat - y) / d."""
    y_true, y_pred = _pair(y_true, y_pred, "mean_absolute_error")
    return jnp.abs(y_pred - y_true)


def _huber(y_true, y_pred, delta=1.0):
    """Huber: with e = yhat - y, l = e^2/2 if |e| <= delta else delta (|e| - delta/2)."""
    y_true, y_pred = _pair(y_true, y_pred, "huber")
    e = jnp.abs(y_pred - y_true)
    quad = jnp.minimum(e, delta)
    return 0.5 * quad ** 2 + delta * (e - quad)


def _nll(y_true, y_pred):
    """Negative log-likelihood of *log-probabilities* (as PyTorch's NLLLoss): y_pred = log p
    (e.g. the output of log_softmax); y_true integer labels (l = -log p_y) or one-hot/soft
    targets of y_pred's shape (l = -sum_c y_c log p_c). For probabilities use
    categorical_crossentropy, for logits softmax_cross_entropy."""
    y_pred = jnp.asarray(y_pred)
    if jnp.shape(y_true) == y_pred.shape:
        return -jnp.sum(jnp.asarray(y_true, y_pred.dtype) * y_pred, axis=-1)
    return -_sparse_logp(y_true, y_pred, "logp", "nll")


def _kld(y_true, y_pred):
    """Kullback-Leibler divergence KL(y || yhat) = sum_c y_c log(y_c / yhat_c), both clipped to
    [1e-7, 1] as in Keras. Cross-entropy = entropy(y) + KL(y || yhat)."""
    y_true, y_pred = _pair(y_true, y_pred, "kl_divergence")
    y_true, y_pred = jnp.clip(y_true, EPSILON, 1), jnp.clip(y_pred, EPSILON, 1)
    return jnp.sum(y_true * jnp.log(y_true / y_pred), axis=-1)


categorical_crossentropy = Loss("categorical_crossentropy", _cce)
sparse_categorical_crossentropy = Loss("sparse_categorical_crossentropy", _scce)
softmax_cross_entropy = Loss("softmax_cross_entropy", _softmax_ce)
binary_crossentropy = Loss("binary_crossentropy", _bce)
mean_squared_error = mse = Loss("mean_squared_error", _mse)
mean_absolute_error = mae = Loss("mean_absolute_error", _mae)
huber = Loss("huber", _huber)
nll = Loss("nll", _nll)
kl_divergence = kld = Loss("kl_divergence", _kld)

_TABLE = {
    "categorical_crossentropy": categorical_crossentropy, "sparse_categorical_crossentropy":
    sparse_categorical_crossentropy, "softmax_cross_entropy": softmax_cross_entropy,
    "binary_crossentropy": binary_crossentropy, "mse": mse, "mean_squared_error": mse, "mae": mae,
    "mean_absolute_error": mae, "huber": huber, "huber_loss": huber, "nll": nll,
    "negative_log_likelihood": nll, "kl_divergence": kld, "kld": kld, "kullback_leibler_divergence": kld,
}
_TABLE.update({k.replace("_", ""): v for k, v in list(_TABLE.items())})  # "CategoricalCrossentropy"


def get(name_or_callable: Union[str, Callable], **options: Any) -> Loss:
    """A :class:`Loss` from a Keras name ("categorical_crossentropy", "mse", ...), a Loss, or a
    plain function ``f(y_true, y_pred) -> (batch,)``; keyword options configure it, e.g.
    ``get("categorical_crossentropy", from_logits=True)``."""
    return Loss.resolve("loss", name_or_callable, _TABLE, **options)
