"""The one training engine behind ``fit``, ``evaluate``, ``predict``, the widgets and the lessons.

One optimisation step, all inside a single jitted function:

    g_t       = d/dθ [ L(f_θ(x_batch), y_batch) + Ω(θ) ]        (loss + regularization penalty)
    u_t, s_t  = optimizer.update(g_t, s_{t-1}, θ_{t-1})
    θ_t       = θ_{t-1} + u_t

Several steps run per call with ``lax.scan`` (``steps_per_execution``; by default a whole
epoch), metrics are accumulated on the device and fetched once per call, and the train state
is donated so XLA updates it in place. Hyperparameters live in the optimizer state (arrays),
so changing the learning rate compiles nothing new. Every batch in a call has the same shape:
a last partial batch is padded and its padded rows get sample weight 0 (pad + mask), and a
padded step whose weights are all 0 changes nothing. One compile per batch size and mode.

Safety: a step whose loss or new params are not finite is rejected and the train state keeps
the last finite params; a sticky ``bad_step`` records where it happened and no further step is
applied until the host notices and stops training with an explanation.
"""
from __future__ import annotations

import collections
from typing import Any, Callable, NamedTuple, Sequence, Tuple

import jax
import jax.numpy as jnp
import optax


class TrainState(NamedTuple):
    """Everything one optimisation step reads and writes (a pytree, donated to each call).

    ``params``/``state``: the model's weights and layer state (plain dicts); ``opt_state``: the
    optimizer's, hyperparameters included; ``step``: steps taken (int32); ``key``: the run's
    dropout key (step ``t`` uses ``fold_in(key, t)``); ``bad_step``: -1, or the first step whose
    loss or update was not finite (no step is applied after it).
    """

    params: Any
    state: Any
    opt_state: Any
    step: jax.Array
    key: jax.Array
    bad_step: jax.Array


class Engine:
    """Jitted train/eval/predict functions for one (model, loss, optimizer, metrics) choice.

    ``traces`` counts how often each function was traced (= compiled): tests and benchmarks
    use it to prove that knobs do not recompile.
    """

    def __init__(self, model, loss: Callable, optimizer: optax.GradientTransformation,
                 metrics: Sequence[Tuple[str, Callable]] = (), mesh=None):
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.metrics = list(metrics)
        self.mesh = mesh
        self.logit_loss = _logit_loss(model, loss)
        self.traces: collections.Counter = collections.Counter()
        self.train_chunk = jax.jit(self._train_chunk, donate_argnums=(0,))
        self.train_gather = jax.jit(self._train_gather, donate_argnums=(0, 1))
        self.eval_chunk = jax.jit(self._eval_chunk)
        self.predict_chunk = jax.jit(self._predict_chunk)

    # -- state -------------------------------------------------------------------------
    def init_train_state(self, params, state, key, opt_state=None, step: int = 0) -> TrainState:
        copy = lambda t: jax.tree.map(jnp.array, t)  # fresh buffers: donation never eats the caller's
        return TrainState(params=copy(params), state=copy(state),
                          opt_state=copy(opt_state) if opt_state is not None else self.optimizer.init(params),
                          step=jnp.asarray(step, jnp.int32), key=key, bad_step=jnp.asarray(-1, jnp.int32))

    # -- one step ----------------------------------------------------------------------
    def _metric_sums(self, y, y_pred, w, wsum, total):
        sums = {"loss": total * wsum, "_weight": wsum}
        for name, fn in self.metrics:
            sums[name] = fn(y, y_pred, sample_weight=w) * wsum
        return sums

    def _step(self, ts: TrainState, x, y, w):
        key = jax.random.fold_in(ts.key, ts.step)

        def objective(params):
            y_pred, total, new_state = self._forward_loss(params, ts.state, x, y, w, True, key)
            return total, (y_pred, new_state)

        (total, (y_pred, new_state)), grads = jax.value_and_grad(objective, has_aux=True)(ts.params)
        updates, opt_state = self.optimizer.update(grads, ts.opt_state, ts.params)
        params = optax.apply_updates(ts.params, updates)
        wsum = jnp.sum(w)
        # one reduction instead of a check per leaf: a NaN/inf anywhere in the update shows
        # up in its squared norm (an overflow to inf as well)
        finite = jnp.isfinite(total) & jnp.isfinite(optax.tree.norm(updates, squared=True))
        ok = finite & (wsum > 0) & (ts.bad_step < 0)
        new = ts._replace(params=params, state=new_state, opt_state=opt_state, step=ts.step + 1)
        out = jax.lax.cond(ok, lambda: new, lambda: ts)      # keep the last finite train state
        newly_bad = (~finite) & (wsum > 0) & (ts.bad_step < 0)
        out = out._replace(bad_step=jnp.where(newly_bad, ts.step, ts.bad_step))
        sums = self._metric_sums(y, jax.lax.stop_gradient(y_pred), w, wsum, total)
        sums = jax.tree.map(lambda v: jnp.where(ok, v, 0.0), sums)
        return out, sums

    def _forward_loss(self, params, state, x, y, w, train, key):
        """``(y_pred, loss + penalty, new_state)``; cross-entropy from logits when possible."""
        if self.logit_loss is not None:
            y_pred, logits, new_state = self.model.apply_with_logits(params, state, x, train=train, key=key)
            loss = self.logit_loss(y, logits, sample_weight=w)
        else:
            y_pred, new_state = self.model.apply(params, state, x, train=train, key=key)
            loss = self.loss(y, y_pred, sample_weight=w)
        return y_pred, loss + self.model.penalty(params), new_state

    def _zero_metric_sums(self):
        return {k: jnp.zeros((), jnp.float32) for k in ["loss", "_weight"] + [n for n, _ in self.metrics]}

    # -- jitted entry points -------------------------------------------------------------
    def _train_chunk(self, ts: TrainState, xs, ys, ws):
        """K steps: ``xs`` (K, B, ...), ``ys`` (K, B, ...), ``ws`` (K, B) sample weights."""
        self.traces["train"] += 1
        if xs.shape[0] == 1:                 # one step: no loop (XLA:CPU runs convs in loops slower)
            ts, sums = self._step(ts, xs[0], ys[0], ws[0])
            return ts, sums

        def body(carry, batch):
            ts, acc = carry
            ts, sums = self._step(ts, *batch)
            return (ts, jax.tree.map(jnp.add, acc, sums)), None

        (ts, acc), _ = jax.lax.scan(body, (ts, self._zero_metric_sums()), (xs, ys, ws))
        return ts, acc

    def _train_gather(self, ts: TrainState, acc, x, y, w, idx, valid):
        """Like ``_train_chunk`` but gathers the batches from the device-resident dataset.

        ``idx``/``valid`` hold the whole epoch, shape (chunks, K, B); ``acc["_chunk"]`` says which
        chunk runs now and is advanced here, so an execution is one dispatch with nothing sent
        to or fetched from the device. The metric sums are added to ``acc``.
        """
        c = acc["_chunk"]
        i, v = idx[c], valid[c]
        ws = v if w is None else v * w[i]
        ts, sums = self._train_chunk(ts, x[i], y[i], ws)
        acc = jax.tree.map(jnp.add, {k: acc[k] for k in sums}, sums)
        acc["_chunk"] = c + 1
        return ts, acc

    def zero_sums(self):
        """Fresh accumulators for ``train_gather``: the metric sums and the chunk counter."""
        return {**self._zero_metric_sums(), "_chunk": jnp.zeros((), jnp.int32)}

    def _eval_chunk(self, params, state, xs, ys, ws):
        """Loss and metric sums over K batches, ``train=False`` (running BatchNorm stats)."""
        self.traces["eval"] += 1

        def body(acc, batch):
            x, y, w = batch
            y_pred, total, _ = self._forward_loss(params, state, x, y, w, False, None)
            return jax.tree.map(jnp.add, acc, self._metric_sums(y, y_pred, w, jnp.sum(w), total)), None

        acc, _ = jax.lax.scan(body, self._zero_metric_sums(), (xs, ys, ws))
        return acc

    def _predict_chunk(self, params, state, xs):
        self.traces["predict"] += 1

        def body(_, x):
            return None, self.model.apply(params, state, x, train=False, key=None)[0]

        return jax.lax.scan(body, None, xs)[1]


_LOGIT_PAIRS = {("softmax", "categorical_crossentropy"), ("softmax", "sparse_categorical_crossentropy"),
                ("sigmoid", "binary_crossentropy")}


def _logit_loss(model, loss):
    """The from-logits twin of ``loss`` if the model ends in the matching activation (Keras'
    behaviour for a softmax output with cross-entropy), else None."""
    name = getattr(loss, "name", None)
    options = getattr(loss, "options", {})
    act = model.output_activation()
    if (act, name) in _LOGIT_PAIRS and not options.get("from_logits") and hasattr(loss, "configure"):
        return loss.configure(from_logits=True)
    return None


def finalize(acc: dict, order: Sequence[str] = ()) -> dict:
    """Host side: turn fetched sums into weighted means ``{"loss": ..., "accuracy": ...}``,
    loss first, then metrics in ``order`` (the order given to ``compile``)."""
    acc = jax.device_get(acc)
    weight = float(acc["_weight"])
    names = ["loss"] + [n for n in order if n != "loss"]
    names += [k for k in acc if k not in names and not k.startswith("_")]
    if weight <= 0:
        return {k: float("nan") for k in names}
    return {k: float(acc[k]) / weight for k in names}
