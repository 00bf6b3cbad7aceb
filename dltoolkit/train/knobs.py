"""The knobs of a Trainer: one route, ``set_hyperparams``, for every hyperparameter.

    trainer.set_hyperparams(learning_rate=0.01, momentum=0.9)        # b1, b2, weight_decay, ...
    trainer.set_hyperparams(schedule=dl.optim.schedules.step_decay(1.0, 0.5, every=10))
    trainer.hyperparams(); trainer.learning_rate

A hyperparameter is a float32 array in the optimizer state, a traced input of the jitted step:
a new value compiles nothing. Between runs the trainer's optimizer state changes; during a run
the live train state does, under the trainer's lock, so the change lands between two
executions of the step.

Schedules here are host-side and per epoch: ``learning_rate at epoch e = learning_rate *
schedule(e - e0)``, with ``e0`` the epoch at which the schedule was set (or, set between runs,
the next run's first epoch) and any ``dl.optim.schedules`` callable as ``schedule``. Switching
it, or back to None (a constant rate), is live too.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from .. import optim
from .._kwargs import check_kwargs
from ..optim.base import check_hyperparam


class Knobs:
    """Mixin of :class:`~dltoolkit.train.Trainer`; uses its ``state``, ``opt_state``,
    ``epoch``, ``engine``, ``model`` and ``_lock``."""

    def __init__(self):
        self._schedule: Optional[Callable] = None
        self._schedule_start: Optional[int] = None
        self._base_lr: Optional[float] = None

    def set_hyperparams(self, *, schedule: Any = "keep", **hp: Any) -> None:
        """Set optimizer hyperparameters (``learning_rate``, ``momentum``, ``b1``, ``b2``,
        ``weight_decay``, ...) and/or the per-epoch learning-rate ``schedule`` (a callable
        ``epochs since set -> factor``, or None for a constant rate). Valid between runs and
        during one; compiles nothing. A name the optimizer does not have raises ``TypeError``
        (with a did-you-mean), an out-of-range value ``ValueError``."""
        if schedule not in ("keep", None) and not callable(schedule):
            raise TypeError(f"schedule must be a callable epoch -> factor (e.g. from "
                            f"dl.optim.schedules) or None, got {schedule!r}")
        with self._lock:
            opt_state = self._opt_state()
            before = {k: float(v) for k, v in optim.get_hyperparams(opt_state).items()}
            old_schedule, before_base = self._schedule, self._base_lr
            check_kwargs("set_hyperparams", hp, {"learning_rate"} | set(optim.get_hyperparams(opt_state)))
            lr = asked = hp.pop("learning_rate", None)
            if lr is not None:
                check_hyperparam("set_hyperparams", "learning_rate", lr)
            if hp:
                opt_state = optim.set_hyperparams(opt_state, **hp)     # checks the ranges
            if schedule != "keep":
                self._schedule = schedule
                self._schedule_start = self.epoch if self.running else None
            if lr is not None:
                self._base_lr = float(lr)
            elif self._base_lr is None and schedule not in ("keep", None):
                self._base_lr = optim.get_learning_rate(opt_state)
            lr = self._scheduled_lr(self.epoch)
            if lr is not None:
                opt_state = optim.set_learning_rate(opt_state, lr)
            self._put_opt_state(opt_state)
            after = {k: float(v) for k, v in optim.get_hyperparams(opt_state).items()}
            changed = {k: v for k, v in after.items()
                       if before.get(k) != v and k != "learning_rate"}
            if asked is not None and self._base_lr != before_base:   # what was asked, not scheduled
                changed["learning_rate"] = self._base_lr
            if self._schedule is not old_schedule:
                changed["schedule"] = "constant" if self._schedule is None else self._schedule
            if changed:
                self.record_event("set_hyperparams", **changed)

    def hyperparams(self) -> dict:
        """Current hyperparameters as floats (``learning_rate`` before ``lr_scale``)."""
        with self._lock:
            return {k: float(v) for k, v in optim.get_hyperparams(self._opt_state()).items()}

    @property
    def learning_rate(self) -> float:
        """The effective learning rate of the next step (``lr_scale * learning_rate``)."""
        with self._lock:
            return optim.get_learning_rate(self._opt_state())

    def _scheduled_lr(self, epoch: int) -> Optional[float]:
        if self._base_lr is None:
            return None
        if self._schedule is None:
            return self._base_lr
        start = epoch if self._schedule_start is None else self._schedule_start
        return self._base_lr * float(self._schedule(epoch - start))

    def _opt_state(self):
        if self.state is not None:
            return self.state.opt_state
        if self.opt_state is None:
            if self.model.params is None:
                self.model.build()
            self.opt_state = self.engine.optimizer.init(self.model.params)
        return self.opt_state

    def _put_opt_state(self, opt_state) -> None:
        if self.state is not None:
            self.state = self.state._replace(opt_state=opt_state)
        else:
            self.opt_state = opt_state

    def start_schedule(self, epoch: int) -> None:
        """A schedule set between runs starts at ``epoch``, the new run's first."""
        if self._schedule is not None and self._schedule_start is None:
            self._schedule_start = epoch

    def apply_schedule(self, epoch: int) -> None:
        """Set the scheduled learning rate for ``epoch`` (nothing without a schedule)."""
        if self._schedule is not None and self._base_lr is not None:
            self._put_opt_state(optim.set_learning_rate(self._opt_state(), self._scheduled_lr(epoch)))
