"""TrainingDashboard: knobs, Train / Stop / Reset and live curves, a view on ``model.fit``.

    dash = dl.widgets.TrainingDashboard(model_fn, "moons")        # or data=(x, y)
    dash                                   # JupyterLab: live widget; nbval/nbconvert: PNG + text
    dash.train(blocking=True)              # what the Train button does, synchronously
    dash.model, dash.curves                # the trained model and per-epoch curves, next cell

``model_fn(**kw)`` returns an uncompiled ``dl.models.Sequential``; it may accept any of
``activation``, ``initializer``, ``dropout``, ``l2``, ``input_dim``, ``num_classes`` and gets
a control for each. One compiled model is kept per (architecture, optimizer); the engine
compiles once per batch size. Learning rate, momentum, betas and the schedule go through
``model.trainer.set_hyperparams`` (the optimizer state), so moving them compiles nothing.
"""
from __future__ import annotations

import inspect
import math
from typing import Any, Callable, Optional

import ipywidgets as w
import numpy as np

from .. import layers, models, regularizers
from ..viz.curves import plot_curves
from . import controls as C
from .datasets import make_dataset
from .live import LiveRun
from .live_widget import LiveTrainingWidget
from .static import fig_to_png, new_figure

_ARCH_KNOBS = {"activation": C.activation_dropdown, "initializer": C.initializer_dropdown,
               "dropout": C.dropout_slider, "l2": C.l2_slider}


def default_mlp(activation="relu", initializer="he_normal", dropout=0.0, l2=0.0, input_dim=2,
                num_classes=2):
    """Two hidden layers of 32 units, softmax output."""
    reg = regularizers.l2(l2) if l2 else None
    stack = []
    for i in range(2):
        stack.append(layers.Dense(32, activation=activation, kernel_initializer=initializer,
                                  kernel_regularizer=reg, **({"input_dim": input_dim} if i == 0 else {})))
        if dropout:
            stack.append(layers.Dropout(dropout))
    stack.append(layers.Dense(num_classes, activation="softmax"))
    return models.Sequential(stack)


class TrainingDashboard(LiveTrainingWidget):
    """Controls + Train/Stop/Reset + live loss/accuracy curves + status line (see module doc)."""

    def __init__(self, model_fn: Optional[Callable] = None, data: Any = "moons", *,
                 loss: str = "sparse_categorical_crossentropy", metric: str = "accuracy",
                 optimizer: str = "sgd", learning_rate: float = 0.1, batch_size: int = 32,
                 epochs: int = 20, validation_split: float = 0.2, background: bool = True,
                 seed: int = 0):
        self.setup_live(learning_rate, optimizer, background, seed)
        self.model_fn = model_fn or default_mlp
        self.loss, self.metric, self.validation_split = loss, metric, validation_split
        self.batch_size = C.batch_size_slider(batch_size)
        self.epochs = C.epochs_slider(epochs)
        self.schedule = C.schedule_dropdown()
        self.schedule.observe(lambda _: self.knob_moved(), names="value")
        params = inspect.signature(self.model_fn).parameters
        takes_all = any(p.kind is p.VAR_KEYWORD for p in params.values())
        self._accepts = {k for k in ("activation", "initializer", "dropout", "l2", "input_dim",
                                     "num_classes") if takes_all or k in params}
        self.arch = {k: f() for k, f in _ARCH_KNOBS.items() if k in self._accepts}
        if "initializer" in self.arch:
            self.arch["initializer"].value = "he_normal"
        self._fixed_data = None if isinstance(data, str) else (np.asarray(data[0]), np.asarray(data[1]))
        self.dataset = C.dataset_dropdown(data if isinstance(data, str) else "moons")
        self.noise = C.noise_slider()
        self.final = w.HTML()
        self._models: dict = {}
        data_box = [] if self._fixed_data is not None else [self.dataset, self.noise]
        knobs = w.VBox([self.lr, self.optimizer, self.batch_size, self.epochs, self.schedule,
                        *self.arch.values(), *data_box])
        self.widget = w.HBox([w.VBox([knobs, self.buttons]),
                              w.VBox([self.image, self.status, self.final, self.events_box])])
        self.get_model(*self.data())          # build now: a bad model_fn fails here, and Train starts sooner
        self.set_status("ready: press Train")
        self._redraw(True)

    # -- data and models -------------------------------------------------------------------
    def data(self):
        """The training arrays ``(x, y)`` for the current dataset controls."""
        if self._fixed_data is not None:
            return self._fixed_data
        return make_dataset(self.dataset.value, self.noise.value, n=400, seed=self.seed)

    def _model_key(self, x, y):
        arch = tuple(sorted((k, s.value) for k, s in self.arch.items()))
        classes = int(y.max()) + 1 if y.ndim == 1 else y.shape[-1]
        return (self.optimizer.name, arch, x.shape[1:], classes)

    def get_model(self, x, y):
        key = self._model_key(x, y)
        if key not in self._models:
            kw = {k: s.value for k, s in self.arch.items()}
            if "input_dim" in self._accepts:
                kw["input_dim"] = int(np.prod(x.shape[1:]))
            if "num_classes" in self._accepts:
                kw["num_classes"] = key[3]
            model = self.model_fn(**kw)
            model.compile(optimizer=self.optimizer.build(self.lr.value), loss=self.loss,
                          metrics=[self.metric])
            model.build(x.shape[1:], seed=self.seed)
            self._models[key] = model
        self.use_model(self._models[key])
        self._classes = key[3]
        return self.model

    def knob_values(self) -> dict:
        return {**super().knob_values(), "schedule": C.SCHEDULES[self.schedule.value]}

    def fit_arguments(self, x, y, done: int) -> dict:
        bs = int(self.batch_size.value)
        self.runner.reference_loss = math.log(self._classes) if "crossentropy" in self.loss else None
        return dict(x=x, y=y, batch_size=bs, epochs=done + int(self.epochs.value), initial_epoch=done,
                    validation_split=self.validation_split, seed=self.seed + done)

    def reset(self) -> None:
        super().reset()
        self.final.value = ""

    def report(self, run: LiveRun) -> None:
        h = run.history
        last = {k: v[-1] for k, v in self.curves.items() if v}
        stalled = ("crossentropy" in self.loss and last.get("loss", 0) > 0.97 * math.log(self._classes)
                   and last.get(self.metric, 1) < 1 / self._classes + 0.15 and len(run.logs) >= 3)
        n = len(run.logs)
        head = f"ended ({h.stop_reason})" if h is not None and h.stop_reason else "done"
        self.set_status(
            f"stalled: loss stuck at ln({self._classes}) = {math.log(self._classes):.3f} (chance) "
            f"after {n} epochs: the learning rate may be too high (dead ReLUs) or too low; "
            f"lower it and press Reset" if stalled
            else f"{head}: {n} epochs trained (learning rate {self.model.learning_rate:.3g})")
        self.update_readouts()

    def update_readouts(self) -> None:
        """The last epoch's numbers ("final:" once the run is over), always the current ones."""
        last = {k: v[-1] for k, v in self.curves.items() if v}
        head = "final" if self.runner.done else "last epoch"
        self.final.value = (f"{head}: " + ", ".join(f"{k} {v:.4f}" for k, v in last.items())) if last else ""

    # -- drawing -----------------------------------------------------------------------------
    def figure_png(self) -> bytes:
        if getattr(self, "_fig", None) is None:
            self._fig = new_figure(8.0, 3.0)
            self._axes = self._fig.subplots(1, 2)
            self._fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.95, wspace=0.25)
        names = ["loss", self.metric]
        plot_curves(self._axes, self.curves, names)
        for ax, name in zip(self._axes, names):      # running points, after every execution
            xs, ys = self.running_points(name)
            if xs:
                ax.plot(xs, ys, "-", lw=0.9, alpha=0.45, color="C0", label=f"train {name} (running)")
                ax.legend(fontsize=8, loc="best")
        return fig_to_png(self._fig)

    def summary(self) -> str:
        arch = ", ".join(f"{k}={s.value}" for k, s in self.arch.items())
        opt = ", ".join(f"{k}={v:g}" for k, v in self.optimizer.hyperparams().items())
        last = ", ".join(f"{k}={v[-1]:.4f}" for k, v in self.curves.items() if v) or "not trained yet"
        data = "arrays" if self._fixed_data is not None else f"{self.dataset.value} (noise {self.noise.value:g})"
        return (f"TrainingDashboard: data={data}; optimizer={self.optimizer.name}"
                f"(learning_rate={self.lr.value:.3g}{', ' + opt if opt else ''}); "
                f"batch_size={self.batch_size.value}, epochs={self.epochs.value}, "
                f"schedule={self.schedule.value}{'; ' + arch if arch else ''}\n"
                f"status: {self.status_text}\nlast epoch: {last}")
