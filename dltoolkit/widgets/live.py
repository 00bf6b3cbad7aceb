"""Live training for widgets: ``model.fit`` on the shared engine, in a background thread.

A Stop button is only processed while the kernel is free, so a widget's Train button starts
``model.fit(..., callbacks=[LiveCallback])`` in a ``threading.Thread`` and returns at once.
The callback runs *on the training thread* between executions of the jitted step, so it is
the one place that touches the live train state: it applies pending knob moves (learning
rate, momentum, ... through the optimizer state: no recompile), records the epoch logs,
redraws the plot (throttled) and watches for divergence. Stop sets ``model.stop_training``.

Divergence, and what is kept:
- the engine rejects a step with a non-finite loss and ``fit`` stops (``history.stop_reason ==
  "diverged"``, at a step number);
- with softmax cross-entropy from logits the loss often stays finite but explodes, or stalls
  at ``ln(C)`` (chance) when ReLUs die; the callback stops when the epoch loss exceeds
  ``blowup`` times the reference ``ln(C)`` (or the first epoch's loss for other losses).
After a divergence the weights from before that run are restored, so Train works again.
"""
from __future__ import annotations

import math
import threading
import time
from typing import Callable, Optional

import jax
import jax.numpy as jnp

from ..train.callbacks import Callback


def set_model_hyperparams(model, learning_rate: Optional[float] = None, **hp: float) -> None:
    """Change the optimizer state of ``model`` (live train state while ``fit`` runs)."""
    from ..optim import set_hyperparams

    if learning_rate is not None:
        model.learning_rate = float(learning_rate)
    if not hp:
        return
    if model._live is not None:
        model._live = dict(model._live, opt_state=set_hyperparams(model._live["opt_state"], **hp))
        return
    if model.opt_state is None:
        model.opt_state = model.engine.optimizer.init(model.params)
    model.opt_state = set_hyperparams(model.opt_state, **hp)


class LiveCallback(Callback):
    """Hooks a :class:`LiveRun` into ``fit``; see the module docstring."""

    def __init__(self, run: "LiveRun", epochs: int, epoch_offset: int = 0):
        super().__init__()
        self.run, self.epochs, self.offset = run, epochs, epoch_offset
        self.first_loss: Optional[float] = None

    def on_epoch_begin(self, epoch, logs=None):
        self.run._apply_pending(self.model, epoch)
        self.model.stop_training |= self.run.stop_requested  # fit resets the flag when it starts

    def on_train_batch_end(self, batch, logs=None):
        self.run._apply_pending(self.model, None)
        self.model.stop_training |= self.run.stop_requested

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        self.run._record(epoch, logs)
        loss = logs.get("loss", float("nan"))
        ref = self.run.reference_loss
        if self.first_loss is None:
            self.first_loss = loss
        ref = ref if ref is not None else self.first_loss
        if not math.isfinite(loss):
            return  # the engine stops by itself with its own message
        level = max(ref, 1e-3) if ref is not None and math.isfinite(ref) else None
        # one bad first epoch may recover; a second one, or a 10x worse one, will not
        if level is not None and (loss > 10 * self.run.blowup * level
                                  or (epoch > self.offset and loss > self.run.blowup * level)):
            self.run.diverged = (f"diverged at epoch {epoch + 1} (step {self.model._step}): the loss "
                                 f"grew to {loss:.3g}, over {self.run.blowup:g}x the starting level "
                                 f"{ref:.3g}: lower the learning rate")
            self.model.stop_training = True
            return
        self.run._status(f"epoch {epoch + 1 - self.offset}/{self.epochs}: loss {loss:.4f}")


class LiveRun:
    """Runs one ``fit`` at a time for a widget and reports through ``status``/``redraw``.

    ``status(text)`` sets the widget's status line; ``redraw(final)`` redraws the plot (called
    at most every ``min_interval`` seconds while training, and once at the end).
    """

    def __init__(self, status: Callable[[str], None], redraw: Callable[[bool], None],
                 min_interval: float = 0.25, blowup: float = 3.0):
        self.status_fn, self.redraw_fn = status, redraw
        self.min_interval, self.blowup = min_interval, blowup
        self.thread: Optional[threading.Thread] = None
        self.pending: dict = {}
        self.lock = threading.Lock()
        self.logs: list[dict] = []
        self.history = None
        self.error: Optional[BaseException] = None
        self.diverged: Optional[str] = None
        self.reference_loss: Optional[float] = None
        self.schedule: Optional[Callable[[int], float]] = None
        self.model = None
        self.stop_requested = False
        self._last_draw = 0.0

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _status(self, text: str) -> None:
        self.status_fn(text)

    def set_hyperparams(self, model, **hp) -> None:
        """Apply now if idle; queue for the training thread while ``fit`` runs."""
        with self.lock:
            if self.running and self.model is model:
                self.pending.update(hp)
                return
        set_model_hyperparams(model, **hp)

    def _apply_pending(self, model, epoch: Optional[int]) -> None:
        with self.lock:
            hp, self.pending = self.pending, {}
        if epoch is not None and self.schedule is not None:
            base = hp.get("learning_rate", self.base_lr)
            self.base_lr = base
            hp["learning_rate"] = base * float(self.schedule(epoch - self.epoch0))
        elif "learning_rate" in hp:
            self.base_lr = hp["learning_rate"]
        if hp:
            set_model_hyperparams(model, **hp)

    def _record(self, epoch: int, logs: dict) -> None:
        self.logs.append(logs)
        start = time.perf_counter()
        if start - self._last_draw >= self.min_interval:
            self.redraw_fn(False)
            # leave the kernel at least 3x the drawing time for everything else
            self._last_draw = time.perf_counter() + 2 * (time.perf_counter() - start)

    def start(self, model, fit_kwargs: dict, *, blocking: bool, on_done: Callable[["LiveRun"], None],
              base_lr: float, schedule=None, epoch0: int = 0) -> None:
        """Train ``model`` with ``model.fit(**fit_kwargs)`` (plus our callback)."""
        if self.running:
            raise RuntimeError("training is already running: press Stop first")
        self.model, self.logs, self.error, self.diverged = model, [], None, None
        self.stop_requested = False
        self.history, self.base_lr, self.schedule, self.epoch0 = None, base_lr, schedule, epoch0
        self.snapshot = jax.tree.map(jnp.copy, (model.params, model.state, model.opt_state))
        epochs = fit_kwargs["epochs"] - fit_kwargs.get("initial_epoch", 0)
        cb = LiveCallback(self, epochs, epoch_offset=fit_kwargs.get("initial_epoch", 0))
        kwargs = dict(fit_kwargs, callbacks=[cb], verbose=0)

        def work():
            try:
                self.history = model.fit(**kwargs)
            except BaseException as e:  # shown in the status line; re-raised when blocking
                self.error = e
            finally:
                if self.diverged or (self.history is not None and self.history.stop_reason == "diverged"):
                    model.params, model.state, model.opt_state = self.snapshot
                self.redraw_fn(True)
                on_done(self)

        if blocking:
            work()
            if self.error is not None:
                raise self.error
        else:
            self.thread = threading.Thread(target=work, name="dltoolkit-train", daemon=True)
            self.thread.start()

    def stop(self) -> None:
        if self.model is not None and self.running:
            self.stop_requested = True
            self.model.stop_training = True

    def wait(self, timeout: Optional[float] = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)
