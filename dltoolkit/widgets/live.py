"""Live training for widgets: ``model.fit`` on the shared engine, in a background thread.

A Stop button is only processed while the kernel is free, so a widget's Train button starts
``model.fit(..., callbacks=[LiveCallback])`` in a ``threading.Thread`` and returns at once.
Knobs go straight to ``model.trainer.set_hyperparams`` (the trainer applies a change made
during a run between two executions of the jitted step: no recompile) and Stop to
``model.trainer.stop()``, Pause/Resume to ``model.trainer.pause()``/``resume()``. The callback
records the epoch logs and, after every execution of the step (a few per epoch, see
``live_steps_per_execution``), a running point, redraws the plot (throttled) and watches for
divergence.

Live, and how live: an execution of the jitted step is the unit of everything a widget sees.
The widget asks ``fit`` for executions of about 1/8 epoch, so the curve moves several times an
epoch, Stop lands within one execution, and a knob moved mid-run applies from the next one.

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


from ..train.callbacks import Callback
from ..train.copies import fresh_copy


def set_model_hyperparams(model, **hp) -> None:
    """``model.trainer.set_hyperparams(**hp)``: now, or live while ``fit`` runs."""
    model.trainer.set_hyperparams(**hp)


class LiveCallback(Callback):
    """Hooks a :class:`LiveRun` into ``fit``; see the module docstring."""

    def __init__(self, run: "LiveRun", epochs: int, epoch_offset: int = 0):
        super().__init__()
        self.run, self.epochs, self.offset = run, epochs, epoch_offset
        self.first_loss: Optional[float] = None

    def on_train_begin(self, logs=None):
        if self.run.stop_requested:        # Stop pressed before fit got going
            self.model.trainer.stop()

    def on_epoch_begin(self, epoch, logs=None):
        self.run.epoch, self.run.steps_in_epoch = epoch, 0

    def on_train_batch_end(self, batch, logs=None):
        """After each execution (``batch`` steps): a running point and the status line."""
        self.run.record_steps(int(batch), dict(logs or {}), self.epochs, self.offset)

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        self.run.record(epoch, logs)
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
            self.run.diverged = (f"diverged at epoch {epoch + 1} (step {self.model.trainer.step}): "
                                 f"the loss grew to {loss:.3g}, over {self.run.blowup:g}x the "
                                 f"starting level {ref:.3g}: lower the learning rate")
            self.model.trainer.stop("exploding loss")
            return
        self.run.report_status(f"epoch {epoch + 1 - self.offset}/{self.epochs}: loss {loss:.4f}")


class LiveRun:
    """Runs one ``fit`` at a time for a widget and reports through ``status``/``redraw``.

    ``status(text)`` sets the widget's status line; ``redraw(final)`` redraws the plot (called
    while training at most every ``min_interval`` seconds (2.5 a second), leaving the kernel at
    least as much time as the drawing took, and once at the end).
    """

    def __init__(self, status: Callable[[str], None], redraw: Callable[[bool], None],
                 min_interval: float = 0.4, blowup: float = 3.0):
        self.status_fn, self.redraw_fn = status, redraw
        self.min_interval, self.blowup = min_interval, blowup
        self.thread: Optional[threading.Thread] = None
        self.logs: list[dict] = []
        self.history = None
        self.error: Optional[BaseException] = None
        self.diverged: Optional[str] = None
        self.reference_loss: Optional[float] = None
        self.model = None
        self.stop_requested = False
        self._next_draw = 0.0
        self.steps: list[tuple[float, dict]] = []    # (fractional epoch, logs) per execution
        self.epoch, self.steps_in_epoch, self.steps_per_epoch = 0, 0, 1
        self.first_point_at: Optional[float] = None  # seconds from start to the first point
        self.done = True                              # no run, or the last one has ended

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def report_status(self, text: str) -> None:
        self.status_fn(text)

    def record(self, epoch: int, logs: dict) -> None:
        """Keep an epoch's logs and redraw (throttled)."""
        self.logs.append(logs)
        self._maybe_redraw()

    def record_steps(self, n: int, logs: dict, epochs: int, offset: int) -> None:
        """Keep the running point after an execution of ``n`` steps, and say where we are."""
        self.steps_in_epoch += n
        frac = min(1.0, self.steps_in_epoch / max(self.steps_per_epoch, 1))
        self.steps.append((self.epoch + frac, logs))
        if self.first_point_at is None:
            self.first_point_at = time.perf_counter() - self._started
        loss = logs.get("loss", float("nan"))
        if not self.model.trainer.paused:
            self.report_status(f"epoch {self.epoch + 1 - offset}/{epochs} ({100 * frac:.0f}%): "
                               f"loss {loss:.4f}")
        self._maybe_redraw()

    def _maybe_redraw(self) -> None:
        start = time.perf_counter()
        if start >= self._next_draw:
            self.redraw_fn(False)
            end = time.perf_counter()
            # every min_interval, but leave the kernel at least the drawing time for the rest
            self._next_draw = max(start + self.min_interval, end + (end - start))

    def start(self, model, fit_kwargs: dict, *, blocking: bool,
              on_done: Callable[["LiveRun"], None]) -> None:
        """Train ``model`` with ``model.fit(**fit_kwargs)`` (plus our callback)."""
        if self.running:
            raise RuntimeError("training is already running: press Stop first")
        self.model, self.logs, self.error, self.diverged = model, [], None, None
        self.stop_requested, self.history, self.steps, self.done = False, None, [], False
        self.steps_per_epoch = train_steps(fit_kwargs)
        self.first_point_at, self._started, self._next_draw = None, time.perf_counter(), 0.0
        snapshot = fresh_copy((model.params, model.state, model.opt_state))
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
                    model.set_weights({"params": snapshot[0], "state": snapshot[1]})
                    model.opt_state = snapshot[2]
                self.done = True
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
            self.model.trainer.stop()

    def pause(self) -> None:
        if self.model is not None and self.running:
            self.model.trainer.pause()

    def resume(self) -> None:
        if self.model is not None:
            self.model.trainer.resume()

    @property
    def paused(self) -> bool:
        return self.model is not None and self.running and self.model.trainer.paused

    def wait(self, timeout: Optional[float] = None) -> None:
        if self.thread is not None:
            self.thread.join(timeout)


def train_steps(fit_kwargs: dict) -> int:
    """Optimizer steps per epoch of ``model.fit(**fit_kwargs)`` on arrays (Keras' split: the
    last ``validation_split`` fraction is held out)."""
    n = len(fit_kwargs["x"])
    split = fit_kwargs.get("validation_split") or 0.0
    if split and fit_kwargs.get("validation_data") is None:
        n = int(n * (1 - split))
    return max(1, math.ceil(n / int(fit_kwargs.get("batch_size") or 32)))


def live_steps_per_execution(fit_kwargs: dict, per_epoch: int = 8) -> int:
    """Steps per execution for a live run: about ``1/per_epoch`` of an epoch, so the curve
    moves and Stop lands several times an epoch."""
    return max(1, math.ceil(train_steps(fit_kwargs) / per_epoch))
