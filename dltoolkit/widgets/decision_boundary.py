"""DecisionBoundaryPlayground: TensorFlow-Playground-style, with optimizers, dropout,
multiclass data and your own arrays.

    dl.widgets.DecisionBoundaryPlayground()                 # generated data sets
    dl.widgets.DecisionBoundaryPlayground(data=(X, y))      # your own (n, 2) inputs, int labels

Inputs are expanded into the chosen features of ``(x, y)`` (x, y, x^2, y^2, xy, sin x, sin y,
r, theta), fed to an MLP built from ``dl.layers.Dense`` (+ ``Dropout``), trained with
``model.fit`` on the shared engine in a background thread (Train / Stop / Reset). The plot
shows the predicted class regions ``argmax softmax(f(grid))`` with the data, and the loss
curves. Learning rate and optimizer hyperparameters go through ``model.trainer.set_hyperparams``
(the optimizer state): no recompile.
"""
from __future__ import annotations

import math

import ipywidgets as w
import numpy as np

from .. import layers, models, regularizers
from . import controls as C
from .datasets import make_dataset
from .live import LiveRun
from .live_widget import LiveTrainingWidget
from .static import fig_to_png, new_figure

FEATURES = {"x": lambda a, b: a, "y": lambda a, b: b, "x^2": lambda a, b: a * a,
            "y^2": lambda a, b: b * b, "xy": lambda a, b: a * b, "sin x": lambda a, b: np.sin(a),
            "sin y": lambda a, b: np.sin(b), "r": lambda a, b: np.hypot(a, b),
            "theta": lambda a, b: np.arctan2(b, a)}


def expand_features(X: np.ndarray, names) -> np.ndarray:
    """``(n, 2)`` points -> ``(n, len(names))`` feature columns, float32."""
    X = np.asarray(X, np.float32)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"DecisionBoundaryPlayground needs 2-D points of shape (n, 2), got {X.shape}")
    if not names:
        raise ValueError("choose at least one input feature")
    return np.stack([FEATURES[n](X[:, 0], X[:, 1]) for n in names], 1).astype(np.float32)


class DecisionBoundaryPlayground(LiveTrainingWidget):
    """Live decision boundary and loss curve for a small MLP on 2-D data."""

    def __init__(self, data=None, dataset: str = "moons", hidden_layers: int = 2, neurons: int = 8,
                 learning_rate: float = 0.03, epochs: int = 50, batch_size: int = 16,
                 background: bool = True, seed: int = 0):
        self.setup_live(learning_rate, "adam", background, seed)
        own = data is not None
        self._own = (np.asarray(data[0], np.float32), np.asarray(data[1]).astype(np.int32)) if own else None
        if own:
            expand_features(self._own[0], ["x"])  # shape check with a clear message
        names = (["your data"] if own else []) + ["moons", "circles", "spirals", "spirals3", "xor", "blobs"]
        self.dataset = C.dataset_dropdown("your data" if own else dataset, names)
        self.noise = C.noise_slider(0.2)
        self.features = {n: w.Checkbox(value=n in ("x", "y"), description=n, indent=False,
                                       layout={"width": "70px"}) for n in FEATURES}
        self.layers = w.IntSlider(value=hidden_layers, min=0, max=4, description="hidden layers",
                                  continuous_update=False, style=C.STYLE)
        self.neurons = w.IntSlider(value=neurons, min=1, max=32, description="neurons",
                                   continuous_update=False, style=C.STYLE)
        self.activation = C.activation_dropdown("tanh", ("tanh", "relu", "sigmoid", "linear"))
        self.l2, self.dropout = C.l2_slider(), C.dropout_slider()
        self.batch_size = C.batch_size_slider(batch_size)
        self.epochs = C.epochs_slider(epochs, max=500)
        self._models: dict = {}
        feats = list(self.features.values())
        knobs = w.VBox([self.dataset, self.noise, w.HBox(feats[:5]), w.HBox(feats[5:]), self.layers,
                        self.neurons, self.activation, self.lr, self.optimizer, self.l2, self.dropout,
                        self.batch_size, self.epochs, self.buttons])
        self.widget = w.HBox([knobs, w.VBox([self.image, self.status, self.events_box])])
        self.get_model(*self.data())          # build now: a bad model_fn fails here, and Train starts sooner
        self.set_status("ready: press Train")
        self._redraw(True)

    # -- data and model ------------------------------------------------------------------
    def points(self):
        """The 2-D points and labels ``(X, y)`` of the chosen data set."""
        if self.dataset.value == "your data":
            return self._own
        return make_dataset(self.dataset.value, self.noise.value, n=300, seed=self.seed)

    def data(self):
        """The training arrays: the chosen features of the points, and the labels."""
        X, y = self.points()
        return expand_features(X, self.feature_names()), y

    def feature_names(self) -> list:
        return [n for n, c in self.features.items() if c.value]

    def get_model(self, F, y):
        n_in, classes = F.shape[1], int(y.max()) + 1
        self._classes = classes
        key = (tuple(self.feature_names()), self.layers.value, self.neurons.value, self.activation.value,
               self.l2.value, self.dropout.value, self.optimizer.name, classes)
        if key not in self._models:
            reg = regularizers.l2(self.l2.value) if self.l2.value else None
            stack = []
            for i in range(self.layers.value):
                stack.append(layers.Dense(self.neurons.value, activation=self.activation.value,
                                          kernel_regularizer=reg, **({"input_dim": n_in} if i == 0 else {})))
                if self.dropout.value:
                    stack.append(layers.Dropout(self.dropout.value))
            stack.append(layers.Dense(classes, activation="softmax",
                                      **({} if stack else {"input_dim": n_in})))
            model = models.Sequential(stack)
            model.compile(optimizer=self.optimizer.build(self.lr.value),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.build((n_in,), seed=self.seed)
            self._models[key] = model
        self.use_model(self._models[key])
        return self.model

    def fit_arguments(self, F, y, done: int) -> dict:
        self.runner.reference_loss = math.log(self._classes)
        return dict(x=F, y=y, batch_size=int(self.batch_size.value), epochs=done + self.epochs.value,
                    initial_epoch=done, seed=self.seed + done)

    def report(self, run: LiveRun) -> None:
        logs = run.logs[-1] if run.logs else {}
        self.set_status(f"done: {len(run.logs)} epochs, loss {logs.get('loss', float('nan')):.4f}, "
                         f"accuracy {logs.get('accuracy', float('nan')):.3f}")

    # -- drawing ---------------------------------------------------------------------------
    def figure_png(self) -> bytes:
        X, y = self.points()
        fig = new_figure(8.0, 3.4, dpi=72)
        ax, axl = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        fig.subplots_adjust(left=0.06, right=0.98, bottom=0.14, top=0.92, wspace=0.22)
        pad = 0.3
        (x0, y0), (x1, y1) = X.min(0) - pad, X.max(0) + pad
        if self.model is not None and self.model.params is not None \
                and self.model.layers[0].input_shape == (len(self.feature_names()),):
            gx, gy = np.meshgrid(np.linspace(x0, x1, 80), np.linspace(y0, y1, 80))
            grid = np.stack([gx.ravel(), gy.ravel()], 1)
            probs = self.model.predict(expand_features(grid, self.feature_names()), batch_size=len(grid))
            ax.imshow(probs.argmax(1).reshape(gx.shape), extent=(x0, x1, y0, y1), origin="lower",
                      cmap="Pastel1", vmin=0, vmax=8, aspect="auto", interpolation="nearest")
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="Set1", vmin=0, vmax=8, s=9, edgecolors="k", linewidths=0.3)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_title("decision regions", fontsize=9)
        losses = self.curves.get("loss", [])
        axl.plot(range(1, len(losses) + 1), losses, "-", label="per epoch")
        xs, ys = self.running_points("loss")
        if xs:
            axl.plot(xs, ys, "-", lw=0.9, alpha=0.45, color="C0", label="running")
            axl.legend(fontsize=8)
        axl.set_xlabel("epoch")
        axl.set_ylabel("training loss")
        axl.grid(alpha=0.3)
        return fig_to_png(fig)

    def summary(self) -> str:
        last = self.curves["loss"][-1] if self.curves.get("loss") else None
        return (f"DecisionBoundaryPlayground: dataset={self.dataset.value}, features={self.feature_names()}, "
                f"hidden={self.layers.value}x{self.neurons.value} {self.activation.value}, "
                f"optimizer={self.optimizer.name}(lr={self.lr.value:.3g}), L2={self.l2.value:g}, "
                f"dropout={self.dropout.value:g}, batch_size={self.batch_size.value}, epochs={self.epochs.value}\n"
                f"status: {self.status_text}\nlast loss: {'not trained yet' if last is None else f'{last:.4f}'}")
