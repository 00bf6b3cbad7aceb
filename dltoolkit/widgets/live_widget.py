"""The base of widgets that train a model live: Train / Stop / Reset, knobs, status, curves.

A subclass says what to train on and with what (``data``, ``get_model``, ``fit_arguments``),
how to draw (``figure_png``) and what to report when a run ends (``report``); this class does
the rest, the same way for every such widget:

- the learning-rate slider and the optimizer's own sliders call
  ``model.trainer.set_hyperparams`` (live during a run, compiles nothing);
- Train starts ``model.fit`` through a :class:`~dltoolkit.widgets.live.LiveRun` (a background
  thread unless ``background=False``), in executions of about 1/8 epoch; Stop is
  ``model.trainer.stop()``, Pause/Resume ``model.trainer.pause()``/``resume()``;
- the curves (``self.curves``, one list per logged quantity, per epoch) grow while training,
  with a running point after every execution (``self.runner.steps``), and restart after Reset
  or a divergence (whose weights are rolled back by the LiveRun);
- the status line says what is happening now ("compiling…", "epoch 2/10 (38%)", "paused",
  "stopped at epoch 3"), and the event box shows the model's training log
  (``model.trainer.events``: knob changes, pauses, stops, with their step).

Without a front end (nbval, nbconvert) ``train(blocking=True)`` runs the same ``fit`` to the
end in the kernel's thread, and the cell shows the static picture.
"""
from __future__ import annotations

import html
from typing import Optional

import ipywidgets as w

from ..train.events import format_events
from . import controls as C
from .live import LiveRun, live_steps_per_execution
from .static import StaticFallback, show_png


class LiveTrainingWidget(StaticFallback):
    """See the module docstring; subclasses call ``setup_live`` in ``__init__``."""

    def setup_live(self, learning_rate: float, optimizer: str, background: bool, seed: int) -> None:
        """Make the shared controls, buttons, status line and runner."""
        self.background, self.seed = background, seed
        self.lr = C.learning_rate_slider(learning_rate)
        self.optimizer = C.OptimizerControl(optimizer)
        self.train_button = w.Button(description="Train", button_style="success", icon="play")
        self.stop_button = w.Button(description="Stop", button_style="warning", icon="stop")
        self.pause_button = w.Button(description="Pause", icon="pause")
        self.reset_button = w.Button(description="Reset", icon="refresh")
        small = {"width": "90px"}
        for b in (self.train_button, self.pause_button, self.stop_button, self.reset_button):
            b.layout = small
        self.buttons = w.HBox([self.train_button, self.pause_button, self.stop_button, self.reset_button])
        self.image, self.status = w.Image(format="png"), w.HTML()
        self.events_box = w.HTML()
        self.train_button.on_click(lambda _: self.train(blocking=not self.background))
        self.stop_button.on_click(lambda _: self.stop())
        self.pause_button.on_click(lambda _: self.toggle_pause())
        self.reset_button.on_click(lambda _: self.reset())
        self.lr.observe(lambda _: self.knob_moved(), names="value")
        self.optimizer.observe_hyperparams(lambda _: self.knob_moved())
        self.runner = LiveRun(self.set_status, self._redraw)
        self.model, self._model_optimizer = None, None
        self.curves: dict[str, list] = {}
        self._restart_curves = False
        self._compiled: set = set()

    # -- what a subclass provides ------------------------------------------------------------
    def data(self):
        """The training arrays ``(x, y)``."""
        raise NotImplementedError

    def get_model(self, x, y):
        """The compiled, built model for this data and the current controls."""
        raise NotImplementedError

    def fit_arguments(self, x, y, done: int) -> dict:
        """Keyword arguments for ``model.fit`` (``x``, ``y``, ``epochs``, ``initial_epoch=done``...)."""
        raise NotImplementedError

    def report(self, run: LiveRun) -> None:
        """Set the status (and anything else) after a run that ended without error or divergence."""
        raise NotImplementedError

    def figure_png(self) -> bytes:
        raise NotImplementedError

    # -- knobs ---------------------------------------------------------------------------------
    def knob_values(self) -> dict:
        """What ``trainer.set_hyperparams`` gets: the learning rate and the optimizer's sliders."""
        return {"learning_rate": float(self.lr.value), **self.optimizer.hyperparams()}

    def knob_moved(self) -> None:
        if self.model is None:
            return
        hp = self.knob_values()
        if self.optimizer.name != self._model_optimizer:   # sliders of an optimizer not built yet
            hp = {k: v for k, v in hp.items() if k not in self.optimizer.hyperparams()}
        self.model.trainer.set_hyperparams(**hp)
        self.show_events()

    def use_model(self, model) -> None:
        """Make ``model`` the current one (a different model starts new curves)."""
        if model is not self.model:
            self.curves, self._restart_curves = {}, False
        self.model, self._model_optimizer = model, self.optimizer.name

    # -- actions -------------------------------------------------------------------------------
    def train(self, blocking: bool = True) -> None:
        """What the Train button does; ``blocking=False`` trains in a background thread."""
        if self.runner.running:
            self.set_status("already training: press Stop first")
            return
        x, y = self.data()
        model = self.get_model(x, y)
        if self._restart_curves:
            self.curves, self._restart_curves = {}, False
        model.trainer.set_hyperparams(**self.knob_values())
        self._traces_before = model.engine.traces["train"]
        fit = self.fit_arguments(x, y, len(self.curves.get("loss", [])))
        fit.setdefault("steps_per_execution", live_steps_per_execution(fit))
        shape = (id(model), fit["batch_size"], fit["steps_per_execution"], len(x),
                 fit.get("validation_split"))
        self.set_status(f"training at batch size {fit['batch_size']}…" if shape in self._compiled else
                        f"compiling the training step for batch size {fit['batch_size']} (once per "
                        f"size; a few seconds)…")
        self._compiled.add(shape)
        self.pause_button.description, self.pause_button.icon = "Pause", "pause"
        self.runner.start(model, fit, blocking=blocking, on_done=self._finished)

    def stop(self) -> None:
        self.runner.stop()
        if self.runner.running:
            self.set_status("stopping after the current step…")

    def toggle_pause(self) -> None:
        """What the Pause/Resume button does: hold the run between two executions, or go on."""
        if self.runner.paused:
            self.runner.resume()
            self.pause_button.description, self.pause_button.icon = "Pause", "pause"
            self.set_status("resumed")
        elif self.runner.running:
            self.runner.pause()
            self.pause_button.description, self.pause_button.icon = "Resume", "play"
            r = self.runner
            self.set_status(f"paused in epoch {r.epoch + 1} at step {self.model.trainer.current_step()}: "
                            f"move the knobs, then Resume (or Stop)")
        self.show_events()

    def wait(self, timeout: Optional[float] = None) -> None:
        """Block until a background run has finished (for tests and scripts)."""
        self.runner.wait(timeout)

    def reset(self) -> None:
        """New random weights and a fresh optimizer state; clears the curves."""
        self.stop()
        self.wait(30)
        self.seed += 1
        if self.model is not None:
            self.model.build(self.data()[0].shape[1:], seed=self.seed)
        self.curves, self._restart_curves = {}, False
        self.set_status("reset: new random weights; press Train")
        self._redraw(True)

    def _finished(self, run: LiveRun) -> None:
        h = run.history
        self.pause_button.description, self.pause_button.icon = "Pause", "pause"
        if run.error is not None:
            self.set_status(f"error: {type(run.error).__name__}: {run.error}")
        elif run.diverged or (h is not None and h.stop_reason == "diverged"):
            if h is not None and h.stop_reason == "diverged":
                msg = f"diverged at step {h.diverged_at_step}: {h.message}"
            else:
                msg = run.diverged + " (loss not finite or exploding)."
            self.set_status(msg + " The weights from before this run were restored; Train again "
                             "or Reset.")
            self._restart_curves = True
        elif h is not None and h.stop_reason in ("stopped", "interrupted"):
            self.set_status(f"{h.stop_reason} at epoch {run.epoch + 1} (step {self.model.trainer.step}); "
                            f"Train goes on from here")
        else:
            self.report(run)
        self.last_compiles = self.model.engine.traces["train"] - self._traces_before
        self.show_events()

    def show_events(self, limit: int = 6) -> None:
        """The last ``limit`` entries of the model's training log, in the event box."""
        events = self.model.trainer.events if self.model is not None else []
        text = format_events(events, limit) if events else "no training yet"
        self.events_box.value = ("<details><summary>training log (model.trainer.events)</summary>"
                                 f"<pre style='font-size:11px;line-height:1.25'>{html.escape(text)}"
                                 "</pre></details>")

    # -- drawing ---------------------------------------------------------------------------------
    def set_status(self, text: str) -> None:
        self.status_text = text
        self.status.value = f"<b>status:</b> {html.escape(text)}"

    def _redraw(self, final: bool) -> None:
        """Redraw (while training only when someone can watch: background runs)."""
        if not final and not self.runner.running:
            return
        self._sync_curves()
        self.update_readouts()
        show_png(self.image, self.figure_png())

    def update_readouts(self) -> None:
        """Anything shown beside the plot that follows the curves (a subclass's final line)."""

    def running_points(self, name: str) -> tuple[list, list]:
        """``(x, y)`` of the running points of ``name`` in this run (x in epochs, 1-based end)."""
        pts = [(x, logs[name]) for x, logs in self.runner.steps if name in logs]
        return [p[0] for p in pts], [p[1] for p in pts]

    def _sync_curves(self) -> None:
        logs = self.runner.logs
        seen = getattr(self, "_synced", (None, 0))
        start = seen[1] if seen[0] is logs else 0
        for entry in logs[start:]:
            for k, v in entry.items():
                self.curves.setdefault(k, []).append(v)
        self._synced = (logs, len(logs))
