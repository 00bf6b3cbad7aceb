"""Training executions that gather their batches on the device (in-memory arrays on one device).

The dataset is put on the device once per ``fit``; each epoch sends only its batch indices,
``idx`` (steps, B) int32, and the pad mask ``valid`` (steps, B). Step ``t`` of the epoch reads

    i = idx[t],   x_t = x[i],   y_t = y[i],   w_t = valid[t] * sample_weight[i]

and the position ``t`` and the metric sums live in a small on-device accumulator ``acc``, so an
execution sends nothing to the device and fetches nothing back. Two executions, one jitted
function each (``exec_mode.py`` says which one a model uses):

    train_step(ts, acc, batches)      one step, no loop: the step compiles exactly as on its own
    train_loop(ts, acc, batches, n)   n steps in an on-device loop (``lax.fori_loop``); ``n`` is a
                                      traced int32, so any number of steps runs with one compile

Both return ``(ts, acc)`` and take the train state first (``Trainer.run`` executes them).
"""
from __future__ import annotations

from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from .copies import fresh_copy


class EpochBatches(NamedTuple):
    """An epoch's data on the device: the arrays, and the epoch's batch indices and pad mask."""

    x: Any
    y: Any
    w: Any          # per-example sample weights (N,), or None
    idx: Any        # (steps, B) int32 rows of x
    valid: Any      # (steps, B) float32, 0 on padded rows


class GatherExecutions:
    """Mixin of :class:`~dltoolkit.train.engine.Engine` (uses its ``_step``, ``_check_finite``,
    ``_zero_metric_sums`` and ``traces``)."""

    def zero_sums(self) -> dict:
        """A fresh accumulator: the metric sums and the epoch position ``_pos`` (int32)."""
        return fresh_copy({**self._zero_metric_sums(), "_pos": np.zeros((), np.int32)})   # committed

    def _gathered_step(self, ts, acc, b: EpochBatches):
        t = acc["_pos"]
        i = b.idx[t]
        w = b.valid[t] if b.w is None else b.valid[t] * b.w[i]
        ts, sums = self._step(ts, b.x[i], b.y[i], w)
        acc = {k: (t + 1 if k == "_pos" else acc[k] + sums[k]) for k in acc}
        return ts, acc

    def _train_step(self, ts, acc, b: EpochBatches):
        """One step on batch ``acc["_pos"]`` of the epoch."""
        self.traces["train"] += 1
        ts, acc = self._gathered_step(ts, acc, b)
        return self._check_finite(ts), acc

    def _train_loop(self, ts, acc, b: EpochBatches, n):
        """``n`` steps from batch ``acc["_pos"]`` on, in one on-device loop."""
        self.traces["train"] += 1
        ts, acc = jax.lax.fori_loop(0, n, lambda _, c: self._gathered_step(*c, b), (ts, acc))
        return self._check_finite(ts), acc
