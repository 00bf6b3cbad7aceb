"""Metrics: ``metric(y_true, y_pred, sample_weight=None) -> scalar``, jit-able.

Like the losses, each per-example metric is the weighted mean of per-example values,
sum(w * m) / max(sum(w), tiny); weight-0 rows count as dropped. ``metric.per_example`` gives
the (batch,) values. ``confusion_matrix`` and precision/recall/f1 are whole-batch statistics.

    accuracy(y_true, y_pred)     # int labels (batch,) or one-hot (batch, C) vs scores (batch, C);
                                 # a single output column is binary, thresholded at 0.5
    top_k_accuracy(y_true, y_pred, k=5)
    confusion_matrix(y_true, y_pred, num_classes)    # rows = true class, columns = predicted
    get("acc"), get("top_k_categorical_accuracy", k=3)
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Union

import jax
import jax.numpy as jnp

from dltoolkit import losses as _losses
from dltoolkit.losses import Loss, check_labels

Array = jax.Array


class Metric(Loss):
    """A per-example metric reduced by the weighted batch mean (same machinery as Loss)."""


def _labels(y_true: Array, y_pred: Array, name: str) -> Array:
    """Integer class labels from int labels (batch,)/(batch, 1) or one-hot/soft (batch, C)."""
    y_true = y_true if isinstance(y_true, jax.core.Tracer) else jnp.asarray(y_true)
    if y_true.shape == y_pred.shape and y_pred.shape[-1] > 1:
        return jnp.argmax(y_true, axis=-1)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    if y_true.shape != y_pred.shape[:-1]:
        raise ValueError(f"{name}: y_true shape {y_true.shape} fits neither integer labels "
                         f"{y_pred.shape[:-1]} nor one-hot labels {y_pred.shape} for y_pred {y_pred.shape}")
    check_labels(y_true, y_pred.shape[-1], name)
    return y_true.astype(jnp.int32)


def _accuracy(y_true, y_pred, threshold=0.5):
    """Fraction of correct predictions: predicted class argmax_c y_pred[c] (multi-class) or
    y_pred > threshold (one column / 1-D scores: binary; use threshold=0 for logits);
    integer-valued y_pred of y_true's shape are compared directly."""
    y_pred = jnp.asarray(y_pred)
    y_true = y_true if isinstance(y_true, jax.core.Tracer) else jnp.asarray(y_true)
    if jnp.issubdtype(y_pred.dtype, jnp.integer) and y_pred.shape == y_true.shape:
        return (y_pred == y_true).astype(jnp.float32)
    if y_pred.ndim == 1 or y_pred.shape[-1] == 1:
        return _binary_accuracy(y_true, y_pred, threshold)
    return (jnp.argmax(y_pred, -1) == _labels(y_true, y_pred, "accuracy")).astype(jnp.float32)


def _binary_accuracy(y_true, y_pred, threshold=0.5):
    """Binary accuracy: mean over the last axis of [ (y_pred > threshold) == (y_true > 0.5) ]."""
    y_true, y_pred = jnp.asarray(y_true), jnp.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        y_true = y_true.reshape(y_pred.shape)
    return ((y_pred > threshold) == (y_true > 0.5)).astype(jnp.float32)


def _categorical_accuracy(y_true, y_pred):
    """argmax(y_true) == argmax(y_pred) (one-hot labels)."""
    y_pred = jnp.asarray(y_pred)
    return (jnp.argmax(y_pred, -1) == _labels(y_true, y_pred, "categorical_accuracy")).astype(jnp.float32)


def _top_k(y_true, y_pred, k=5):
    """1 if the true class is among the k highest scores: #{c : s_c > s_true} < k (ties count
    in the true class's favour, as tf.math.in_top_k)."""
    y_pred = jnp.asarray(y_pred)
    labels = _labels(y_true, y_pred, "top_k_accuracy")
    true_score = jnp.take_along_axis(y_pred, labels[..., None], -1)
    return (jnp.sum(y_pred > true_score, axis=-1) < k).astype(jnp.float32)


accuracy = Metric("accuracy", _accuracy)
binary_accuracy = Metric("binary_accuracy", _binary_accuracy)
categorical_accuracy = Metric("categorical_accuracy", _categorical_accuracy)
sparse_categorical_accuracy = Metric("sparse_categorical_accuracy", _categorical_accuracy)
top_k_accuracy = Metric("top_k_accuracy", _top_k)
mean_squared_error = mse = Metric("mean_squared_error", _losses._mse)
mean_absolute_error = mae = Metric("mean_absolute_error", _losses._mae)


def _class_ids(y: Array) -> Array:
    y = jnp.asarray(y)
    return jnp.argmax(y, -1) if y.ndim >= 2 and y.shape[-1] > 1 else y.reshape(y.shape[0], -1)[:, 0]


def confusion_matrix(y_true: Array, y_pred: Array, num_classes: Optional[int] = None,
                     sample_weight: Optional[Array] = None) -> Array:
    """C[i, j] = (weighted) number of examples of true class i predicted as class j.

    y_true: int labels (batch,) or one-hot (batch, C); y_pred: int predictions (batch,) or
    scores (batch, C) (argmax is taken). Returns (num_classes, num_classes), int32 without
    weights. ``num_classes`` is inferred from score columns or the largest label when omitted
    (pass it explicitly under jit). Labels outside [0, num_classes) raise ValueError.
    """
    t, p = _class_ids(y_true), _class_ids(y_pred)
    if num_classes is None:
        if jnp.ndim(y_pred) >= 2 and jnp.shape(y_pred)[-1] > 1:
            num_classes = jnp.shape(y_pred)[-1]
        else:
            num_classes = int(max(jnp.max(t), jnp.max(p))) + 1
    for lab, who in ((t, "y_true"), (p, "y_pred")):
        check_labels(lab, num_classes, f"confusion_matrix ({who})")
    w = jnp.ones(t.shape, jnp.int32) if sample_weight is None else jnp.asarray(sample_weight)
    onehot_t = jax.nn.one_hot(t, num_classes, dtype=w.dtype) * w[:, None]
    return onehot_t.T @ jax.nn.one_hot(p, num_classes, dtype=w.dtype)


def _per_class(y_true, y_pred, num_classes, average, kind):
    cm = confusion_matrix(y_true, y_pred, num_classes).astype(jnp.float32)
    tp = jnp.diag(cm)
    if kind == "f1":
        denom = cm.sum(0) + cm.sum(1)
        vals = 2 * tp / jnp.maximum(denom, 1)
    else:
        vals = tp / jnp.maximum(cm.sum(0 if kind == "precision" else 1), 1)
    if average is None:
        return vals
    if average == "binary":
        return vals[1]
    if average == "macro":
        return jnp.mean(vals)
    raise ValueError(f"{kind}: average must be 'macro', 'binary' or None, got {average!r}")


def precision(y_true, y_pred, num_classes=None, average="macro"):
    """Precision TP / (TP + FP) per class from the confusion matrix (0 where nothing was
    predicted); ``average``: "macro" (mean over classes), "binary" (class 1) or None (vector)."""
    return _per_class(y_true, y_pred, num_classes, average, "precision")


def recall(y_true, y_pred, num_classes=None, average="macro"):
    """Recall TP / (TP + FN) per class; ``average`` as in :func:`precision`."""
    return _per_class(y_true, y_pred, num_classes, average, "recall")


def f1_score(y_true, y_pred, num_classes=None, average="macro"):
    """F1 = 2 TP / (2 TP + FP + FN) per class (harmonic mean of precision and recall)."""
    return _per_class(y_true, y_pred, num_classes, average, "f1")


_TABLE = {
    "accuracy": accuracy, "acc": accuracy, "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "top_k_accuracy": top_k_accuracy, "top_k_categorical_accuracy": top_k_accuracy,
    "sparse_top_k_categorical_accuracy": top_k_accuracy,
    "mse": mse, "mean_squared_error": mse, "mae": mae, "mean_absolute_error": mae,
}
_TABLE.update({k.replace("_", ""): v for k, v in list(_TABLE.items())})  # "TopKCategoricalAccuracy"


def get(name_or_callable: Union[str, Callable], **options: Any) -> Metric:
    """A :class:`Metric` from a Keras name ("accuracy", "acc", "top_k_categorical_accuracy", ...),
    a Metric, or a function ``f(y_true, y_pred) -> (batch,)``; keywords configure it (k=3)."""
    return Metric.resolve("metric", name_or_callable, _TABLE, **options)
