"""The Trainer: one model, one (loss, optimizer, metrics) choice, and everything a run owns.

    trainer = model.trainer                       # made by model.compile(...)
    trainer.fit(x, y, epochs=5)                   # what model.fit calls (same arguments)
    trainer.set_hyperparams(learning_rate=0.01, momentum=0.9)   # now, or live during a run
    trainer.set_hyperparams(schedule=dl.optim.schedules.cosine_decay(1.0, 50))
    trainer.stop()                                # from a widget thread, a callback, anywhere
    trainer.pause(); trainer.resume()             # hold a run between two executions, go on
    trainer.events                                # every knob change, stop, pause, checkpoint

It holds the typed train state (``engine.TrainState``: params, state, opt_state, step, key,
bad_step) while a run is in progress, the optimizer state and step count between runs, and
the stop/interrupt flags. Every knob takes this one route: a hyperparameter is a value in the
optimizer state, so changing it compiles nothing, and a change made while the training thread
runs is applied between two executions of the jitted step (a lock orders them).

The knobs (``set_hyperparams``, per-epoch schedules) are in ``knobs.py``; the event log
(``trainer.events``, ``history.events``, saved with the model) in ``events.py``.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional

import jax
import jax.numpy as jnp

import numpy as np

from .._kwargs import strict_kwargs
from .copies import fresh_copy
from .engine import Engine, TrainState, finalize
from .events import EventLog
from .inputs import check_labels, eval_feeder, fit_feeders
from .knobs import Knobs
from .loop import run_fit
from .parallel import replicate
from .progress import format_logs


class Trainer(Knobs, EventLog):
    """Trains ``model`` (an object with ``init_with_shape``/``apply``/``penalty``, ``params``,
    ``state`` and ``build``) with the one engine; see the module docstring."""

    def __init__(self, model, loss: Optional[Callable], optimizer, metrics=(), *,
                 loss_name: Optional[str] = None, steps_per_execution=None):
        self.model = model
        self.engine = Engine(model, loss, optimizer, metrics)
        self.loss_name = loss_name
        self.steps_per_execution = steps_per_execution
        self.opt_state = None           # between runs; during a run it lives in ``state``
        self.step = 0                   # optimizer steps taken so far
        self.epoch = 0                  # the next epoch to run
        self.state: Optional[TrainState] = None    # the live train state while a run is going
        self.stop_requested = False
        self.stop_reason: Optional[str] = None
        self.interrupted = False
        self.seed, self.mesh = 0, None
        self._lock = threading.RLock()
        self._epoch_begun = False
        self._running_ok = threading.Event()     # cleared while paused
        self._running_ok.set()
        Knobs.__init__(self)
        EventLog.__init__(self)

    def stop(self, reason: str = "stopped") -> None:
        """Ask the running ``fit`` to stop after the current execution of the step (a paused
        run stops at once)."""
        self.stop_requested, self.stop_reason = True, reason
        if self.running:
            self.record_event("stop", reason=reason)
        self._running_ok.set()

    def pause(self) -> None:
        """Hold the running ``fit`` after the current execution, until ``resume`` or ``stop``.
        Knobs may be moved meanwhile; nothing is lost or recompiled."""
        if self.running and self._running_ok.is_set():
            self._running_ok.clear()
            self.record_event("pause")

    def resume(self) -> None:
        """Let a paused run go on."""
        if not self._running_ok.is_set():
            self.record_event("resume")
            self._running_ok.set()

    @property
    def paused(self) -> bool:
        return self.running and not self._running_ok.is_set()

    def interrupt(self) -> None:
        """Like ``stop``, reported as an interruption (Ctrl-C, the notebook's Stop button)."""
        self.interrupted = True

    @property
    def running(self) -> bool:
        return self.state is not None

    # -- the run, step by step (used by the loop) --------------------------------------
    def begin_run(self, epoch: int) -> None:
        """Create the live train state from the model's weights and this trainer's optimizer."""
        if self.model.params is None:
            self.model.build(seed=self.seed)
        self.stop_requested, self.stop_reason, self.interrupted = False, None, False
        self._running_ok.set()
        self.epoch, self._epoch_begun = epoch, False
        self.start_schedule(epoch)
        ts = self.engine.init_train_state(self.model.params, self.model.state,
                                          jax.random.key(self.seed + 1), self.opt_state, self.step)
        self.state = replicate(ts, self.mesh) if self.mesh is not None else ts

    def begin_epoch(self, epoch: int) -> None:
        """Apply the schedule's learning rate for ``epoch``."""
        with self._lock:
            self.epoch, self._epoch_begun = epoch, True
            self.apply_schedule(epoch)

    def run(self, jitted: Callable, *args):
        """``self.state, out = jitted(self.state, *args)``; returns ``out``. Under the lock, so a
        knob moved from another thread lands between two executions, never inside one. While
        the run is paused this waits (outside the lock, so knobs can still move)."""
        while not self._running_ok.wait(0.05):
            if self.stop_requested or self.interrupted:
                break
        with self._lock:
            self.state, out = jitted(self.state, *args)
        return out

    def sync_model(self) -> None:
        """Copy the live numbers to ``model.params``/``model.state`` and keep the optimizer
        state and step (copies: the live buffers are donated to the next execution)."""
        with self._lock:
            ts = fresh_copy(self.state)
            self.model.params, self.model.state = ts.params, ts.state
            self.opt_state, self.step = ts.opt_state, int(ts.step)

    def end_run(self) -> None:
        with self._lock:
            if self.state is not None and not _deleted(self.state):
                self.sync_model()
            self.state = None
            self.epoch += int(self._epoch_begun)
            self._running_ok.set()

    # -- fit / evaluate / predict -------------------------------------------------------
    @strict_kwargs
    def fit(self, x=None, y=None, batch_size=None, epochs: int = 1, verbose="auto", callbacks=None,
            validation_split: float = 0.0, validation_data=None, shuffle: bool = True,
            initial_epoch: int = 0, sample_weight=None, seed: int = 0, steps_per_execution=None,
            devices=None, mesh=None):
        """Train for ``epochs`` epochs; returns a ``History``. See ``dl.models.Sequential.fit``."""
        feeder, val_feeder, mesh = fit_feeders(
            self, x, y, batch_size=batch_size, validation_split=validation_split,
            validation_data=validation_data, shuffle=shuffle, sample_weight=sample_weight, seed=seed,
            steps_per_execution=steps_per_execution or self.steps_per_execution, devices=devices,
            mesh=mesh)
        self.seed, self.mesh = seed, mesh
        first = self.begin_events(epochs=epochs, initial_epoch=initial_epoch,
                                  batch_size=getattr(feeder, "batch_size", None))
        history = run_fit(self, feeder, epochs=epochs, initial_epoch=initial_epoch, verbose=verbose,
                          callbacks=callbacks or [], val_feeder=val_feeder)
        self.end_events(first, history)
        return history

    def evaluate_feeder(self, feeder, params=None, state=None) -> dict:
        """Weighted mean loss and metrics over every chunk of ``feeder`` (eval mode)."""
        params = self.model.params if params is None else params
        state = self.model.state if state is None else state
        acc = None
        for xs, ys, ws, _ in feeder.chunks(0):
            sums = self.engine.eval_chunk(params, state, xs, ys, ws)
            acc = sums if acc is None else jax.tree.map(jnp.add, acc, sums)
        return finalize(acc, [n for n, _ in self.engine.metrics])

    @strict_kwargs
    def evaluate(self, x, y, batch_size=None, verbose=0, return_dict: bool = False):
        """Loss (and metrics) on ``(x, y)`` in eval mode: a float, or Keras' list/dict."""
        y = check_labels(self, y)
        logs = self.evaluate_feeder(eval_feeder(x, y, batch_size, self.mesh))
        if verbose:
            print(format_logs(logs))
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    @strict_kwargs
    def predict(self, x, batch_size=None, verbose=0):
        """Outputs for ``x`` in eval mode, as a numpy array (padded last batch cut off)."""
        x = np.asarray(x)
        feeder = eval_feeder(x, None, batch_size, None)
        outs = [self.engine.predict_chunk(self.model.params, self.model.state, xs)
                for xs, _, _, _ in feeder.chunks(0)]
        out = np.concatenate([np.asarray(o).reshape((-1,) + o.shape[2:]) for o in outs])
        return out[: len(x)]


def _deleted(ts) -> bool:
    return any(getattr(x, "is_deleted", lambda: False)() for x in jax.tree_util.tree_leaves(ts))
