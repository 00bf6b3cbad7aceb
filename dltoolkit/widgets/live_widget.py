"""The base of widgets that train a model live: Train / Stop / Reset, knobs, status, curves.

A subclass says what to train on and with what (``data``, ``get_model``, ``fit_arguments``),
how to draw (``figure_png``) and what to report when a run ends (``report``); this class does
the rest, the same way for every such widget:

- the learning-rate slider and the optimizer's own sliders call
  ``model.trainer.set_hyperparams`` (live during a run, compiles nothing);
- Train starts ``model.fit`` through a :class:`~dltoolkit.widgets.live.LiveRun` (a background
  thread unless ``background=False``); Stop is ``model.trainer.stop()``;
- the curves (``self.curves``, one list per logged quantity) grow while training and restart
  after Reset or a divergence (whose weights are rolled back by the LiveRun).
"""
from __future__ import annotations

import html
from typing import Optional

import ipywidgets as w

from . import controls as C
from .live import LiveRun
from .static import StaticFallback


class LiveTrainingWidget(StaticFallback):
    """See the module docstring; subclasses call ``setup_live`` in ``__init__``."""

    def setup_live(self, learning_rate: float, optimizer: str, background: bool, seed: int) -> None:
        """Make the shared controls, buttons, status line and runner."""
        self.background, self.seed = background, seed
        self.lr = C.learning_rate_slider(learning_rate)
        self.optimizer = C.OptimizerControl(optimizer)
        self.train_button = w.Button(description="Train", button_style="success", icon="play")
        self.stop_button = w.Button(description="Stop", button_style="warning", icon="stop")
        self.reset_button = w.Button(description="Reset", icon="refresh")
        self.buttons = w.HBox([self.train_button, self.stop_button, self.reset_button])
        self.image, self.status = w.Image(format="png"), w.HTML()
        self.train_button.on_click(lambda _: self.train(blocking=not self.background))
        self.stop_button.on_click(lambda _: self.stop())
        self.reset_button.on_click(lambda _: self.reset())
        self.lr.observe(lambda _: self.knob_moved(), names="value")
        self.optimizer.observe_hyperparams(lambda _: self.knob_moved())
        self.runner = LiveRun(self.set_status, self._redraw)
        self.model, self._model_optimizer = None, None
        self.curves: dict[str, list] = {}
        self._restart_curves = False

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
        self.runner.start(model, fit, blocking=blocking, on_done=self._finished)

    def stop(self) -> None:
        self.runner.stop()
        if self.runner.running:
            self.set_status("stopping after the current step…")

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
        if run.error is not None:
            self.set_status(f"error: {type(run.error).__name__}: {run.error}")
        elif run.diverged or (h is not None and h.stop_reason == "diverged"):
            if h is not None and h.stop_reason == "diverged":
                msg = (f"diverged at step {h.diverged_at_step}: loss not finite (NaN/inf): lower the "
                       f"learning rate. {h.message}")
            else:
                msg = run.diverged + " (loss not finite or exploding)."
            self.set_status(msg + " The weights from before this run were restored; Train again "
                             "or Reset.")
            self._restart_curves = True
        else:
            self.report(run)
        self.last_compiles = self.model.engine.traces["train"] - self._traces_before

    # -- drawing ---------------------------------------------------------------------------------
    def set_status(self, text: str) -> None:
        self.status_text = text
        self.status.value = f"<b>status:</b> {html.escape(text)}"

    def _redraw(self, final: bool) -> None:
        """Redraw (while training only when someone can watch: background runs)."""
        if not final and not self.runner.running:
            return
        self._sync_curves()
        self.image.value = self.figure_png()

    def _sync_curves(self) -> None:
        logs = self.runner.logs
        seen = getattr(self, "_synced", (None, 0))
        start = seen[1] if seen[0] is logs else 0
        for entry in logs[start:]:
            for k, v in entry.items():
                self.curves.setdefault(k, []).append(v)
        self._synced = (logs, len(logs))
