"""The one training engine behind ``fit``, ``evaluate``, ``predict``, the widgets and the lessons.

One optimisation step, all inside a single jitted function:

    g_t       = d/dθ [ L(f_θ(x_batch), y_batch) + Ω(θ) ]        (loss + regularization penalty)
    u_t, s_t  = optimizer.update(g_t, s_{t-1}, θ_{t-1})
    θ_t       = θ_{t-1} + u_t

Arrays given to ``fit`` stay on the device and each step gathers its own batch there
(``gather.py``): one step per call, or many in an on-device loop, whichever runs faster for the
model (``exec_mode.py``). Metrics are accumulated on the device and fetched once per epoch (or
per execution when a callback asks), and the train state is donated so XLA updates it in
place. Hyperparameters live in the optimizer state (arrays), so changing the learning rate
compiles nothing new. Every batch has the same shape: a last partial batch is padded and its
padded rows get sample weight 0 (pad + mask), and a step whose weights are all 0 changes
nothing. One compile per batch size and mode.

Safety, at no cost to a healthy step: a step whose loss is not finite is rejected (the update
is skipped by a ``lax.cond`` around the optimizer, so the state is neither copied nor
selected), and a sticky ``bad_step`` records it; no further step is applied until the host
notices and stops training with an explanation. Weights that overflow while the loss is still
finite show up in the next step's loss, or at the end of each execution in one check of the
params and layer state (sum of squares finite), which then marks the last step as bad.
``fit`` then puts back the last good state (``good_state.py``).
"""
from __future__ import annotations

import collections
from typing import Any, Callable, NamedTuple, Sequence, Tuple

import jax
import jax.numpy as jnp
import numpy as np
import optax

from .copies import fresh_copy
from .gather import GatherExecutions


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


class Engine(GatherExecutions):
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
        self.train_step = jax.jit(self._train_step, donate_argnums=(0,))
        self.train_loop = jax.jit(self._train_loop, donate_argnums=(0,))
        self.eval_chunk = jax.jit(self._eval_chunk)
        self.predict_chunk = jax.jit(self._predict_chunk)

    # -- state -------------------------------------------------------------------------
    def init_train_state(self, params, state, key, opt_state=None, step: int = 0) -> TrainState:
        """A fresh train state (new buffers: donation never eats the caller's arrays)."""
        if opt_state is None:
            opt_state = self.optimizer.init(params)
        return fresh_copy(TrainState(params=params, state=state, opt_state=opt_state,
                                    step=np.asarray(step, np.int32), key=key,
                                    bad_step=np.asarray(-1, np.int32)))

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
        wsum = jnp.sum(w)
        live = (wsum > 0) & (ts.bad_step < 0)      # a real batch, and no bad step so far
        finite = jnp.isfinite(total)
        ok = live & finite

        def apply(ts):
            updates, opt_state = self.optimizer.update(grads, ts.opt_state, ts.params)
            return ts._replace(params=optax.apply_updates(ts.params, updates), state=new_state,
                               opt_state=opt_state, step=ts.step + 1)

        # the update runs only when it is kept: in place, no copy or select of the state
        ts = jax.lax.cond(ok, apply, lambda ts: ts, ts)
        ts = ts._replace(bad_step=jnp.where(live & ~finite, ts.step, ts.bad_step))
        sums = self._metric_sums(y, jax.lax.stop_gradient(y_pred), w, wsum, total)
        sums = jax.tree.map(lambda v: jnp.where(ok, v, 0.0), sums)
        return ts, sums

    @staticmethod
    def _check_finite(ts: TrainState) -> TrainState:
        """End of an execution: weights or layer state that are not finite, or so large that
        their squares overflow float32 (|w| > ~1e19: an update that overflowed while the loss
        was still finite), mark the last step taken as the bad one."""
        leaves = [l for l in jax.tree.leaves((ts.params, ts.state)) if jnp.issubdtype(l.dtype, jnp.inexact)]
        if not leaves:
            return ts
        sq = jnp.stack([jnp.sum(jnp.square(l.astype(jnp.float32))) for l in leaves])
        ok = jnp.isfinite(jnp.sum(sq))
        return ts._replace(bad_step=jnp.where(~ok & (ts.bad_step < 0), ts.step - 1, ts.bad_step))

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
        return {k: np.zeros((), np.float32) for k in ["loss", "_weight"] + [n for n, _ in self.metrics]}

    # -- jitted entry points -------------------------------------------------------------
    def _train_chunk(self, ts: TrainState, xs, ys, ws):
        """K steps on given batches: ``xs`` (K, B, ...), ``ys`` (K, B, ...), ``ws`` (K, B) sample
        weights (an iterable of batches, or a mesh)."""
        self.traces["train"] += 1
        if xs.shape[0] == 1:                 # one step: no loop (XLA:CPU runs convs in loops slower)
            ts, sums = self._step(ts, xs[0], ys[0], ws[0])
            return self._check_finite(ts), sums

        def body(carry, batch):
            ts, acc = carry
            ts, sums = self._step(ts, *batch)
            return (ts, jax.tree.map(jnp.add, acc, sums)), None

        (ts, acc), _ = jax.lax.scan(body, (ts, self._zero_metric_sums()), (xs, ys, ws))
        return self._check_finite(ts), acc

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
