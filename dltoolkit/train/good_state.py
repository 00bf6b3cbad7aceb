"""The last good state: what ``fit`` puts back when the loss turns NaN or infinite.

The rule (lesson 06 explains it):

    At the start of every epoch, fit sets aside a copy of the model (weights, BatchNorm
    statistics, the optimizer's moments and step count). If a step's loss becomes NaN or
    infinite, training stops and the model gets that copy back: it is exactly the model you
    had when the epoch began. The copy is only refreshed after a *healthy* epoch, one whose
    mean loss is finite and at most ``GROWTH`` (10) times the lowest epoch loss so far; so
    when the loss was already blowing up in the epoch before, you get the model from before
    that.

"Finite" is not "good": the last finite weights before an overflow can be as large as 1e17, and
a model with such weights evaluates to inf and diverges again at any learning rate. The copy
from the start of the epoch is a model that was training normally.

Knobs stay as the user set them: the restored optimizer state keeps the *current*
hyperparameters (learning rate, momentum, ...), so a learning rate lowered by a widget or a
callback is not undone.
"""
from __future__ import annotations

import math
from typing import Optional

import jax
import jax.numpy as jnp

from .copies import fresh_copy

GROWTH = 10.0


def _is_opt_state(x) -> bool:
    return hasattr(x, "hyperparams") and hasattr(x, "_replace")


def keep_knobs(restored, current):
    """``restored`` optimizer state with the hyperparameters of ``current`` (same structure)."""
    try:
        return jax.tree.map(lambda r, c: r._replace(hyperparams=c.hyperparams) if _is_opt_state(r) else r,
                            restored, current, is_leaf=_is_opt_state)
    except (ValueError, TypeError):     # different structure: keep the restored knobs
        return restored


class LastGoodState:
    """Keeps one spare copy of the train state; see the module docstring for the rule."""

    def __init__(self, growth: float = GROWTH):
        self.growth = growth
        self.saved = None                 # an engine.TrainState
        self.saved_epoch: Optional[int] = None
        self.best = math.inf
        self.healthy = True

    def epoch_begin(self, ts, epoch: int) -> None:
        """Copy the live train state (fresh buffers: the live one is donated to the engine)."""
        if self.healthy or self.saved is None:
            self.saved = fresh_copy(ts)
            self.saved_epoch = epoch

    def epoch_end(self, loss: float) -> None:
        """Judge the finished epoch by its mean training loss."""
        finite = loss is not None and math.isfinite(loss)
        if finite:
            self.best = min(self.best, loss)
        self.healthy = finite and loss <= self.growth * self.best

    def restore(self, live):
        """The saved train state (an ``engine.TrainState``), with the live optimizer's
        hyperparameters and no bad step."""
        return self.saved._replace(opt_state=keep_knobs(self.saved.opt_state, live.opt_state),
                                   bad_step=jnp.full_like(live.bad_step, -1))
