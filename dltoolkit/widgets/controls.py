"""Knobs: standard, composable ipywidgets with sensible ranges and ``continuous_update=False``.

Each factory returns a plain ipywidget (observe it, put it in any box). Values are what the
library takes: ``learning_rate_slider().value`` is a float learning rate, ``batch_size_slider()``
a power of two, ``initializer_dropdown()`` a Keras initializer name, and so on.
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

import ipywidgets as w

from ..optim import schedules
from ..optim.registry import OPTIMIZERS, build

STYLE = {"description_width": "110px"}      # wide enough for every label: none is cut off
_STYLE = STYLE
_LAYOUT = {"width": "360px"}

INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal",
                "lecun_uniform", "orthogonal", "normal", "uniform", "zeros")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "elu", "gelu", "linear")
DATASETS = ("moons", "circles", "spirals", "xor", "blobs")

# Per-epoch learning-rate factors from dl.optim.schedules (epoch 0 -> 1.0), switched live by
# ``trainer.set_hyperparams(schedule=...)``; None keeps the rate constant.
SCHEDULES: dict[str, Optional[Callable]] = {
    "constant": None,
    "step decay": schedules.step_decay(1.0, factor=0.5, every=10),
    "exponential decay": schedules.exponential_decay(1.0, transition_steps=1, decay_rate=0.9),
    "cosine decay": schedules.cosine_decay(1.0, decay_steps=50),
}


def learning_rate_slider(value: float = 0.01, min_exp: int = -5, max_exp: int = 1,
                         description: str = "learning rate") -> w.FloatLogSlider:
    """Log-scale learning rate, ``10**min_exp`` (1e-5) to ``10**max_exp`` (10), in steps of
    10**0.01 (2.3 %), so every value a lesson names is within 1.2 % of a slider position
    (0.002 -> 10**-2.70 = 0.001995); the readout shows 3 digits and typing a value into it
    sets that value."""
    return w.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=0.01,
                            description=description, readout_format=".3g", continuous_update=False,
                            style=_STYLE, layout=_LAYOUT)


def batch_size_slider(value: int = 32, options: Sequence[int] = tuple(2 ** k for k in range(11))
                      ) -> w.SelectionSlider:
    """Batch size, powers of two from 1 to 1024 (each size compiles once, then is cached)."""
    return w.SelectionSlider(options=list(options), value=value, description="batch size",
                             continuous_update=False, style=_STYLE, layout=_LAYOUT)


def initializer_dropdown(value: str = "glorot_uniform", options: Sequence[str] = INITIALIZERS
                         ) -> w.Dropdown:
    """Keras initializer names (``dl.initializers.get`` accepts each)."""
    return w.Dropdown(options=list(options), value=value, description="initializer", style=_STYLE)


def activation_dropdown(value: str = "relu", options: Sequence[str] = ACTIVATIONS) -> w.Dropdown:
    return w.Dropdown(options=list(options), value=value, description="activation", style=_STYLE)


def epochs_slider(value: int = 20, max: int = 200) -> w.IntSlider:
    return w.IntSlider(value=value, min=1, max=max, description="epochs", continuous_update=False,
                       style=_STYLE, layout=_LAYOUT)


def l2_slider(value: float = 0.0) -> w.FloatSlider:
    """L2 penalty ``lambda * sum(W**2)`` on the kernels."""
    return w.FloatSlider(value=value, min=0.0, max=0.1, step=0.001, readout_format=".3f",
                         description="L2", continuous_update=False, style=_STYLE, layout=_LAYOUT)


def dropout_slider(value: float = 0.0) -> w.FloatSlider:
    """Dropout rate = probability of dropping a unit (Keras' convention)."""
    return w.FloatSlider(value=value, min=0.0, max=0.9, step=0.05, description="dropout",
                         continuous_update=False, style=_STYLE, layout=_LAYOUT)


def schedule_dropdown(value: str = "constant") -> w.Dropdown:
    """Learning-rate schedule over epochs, a name in ``SCHEDULES`` (applied through the optimizer
    state: no recompile)."""
    return w.Dropdown(options=list(SCHEDULES), value=value, description="lr schedule", style=_STYLE)


def dataset_dropdown(value: str = "moons", options: Sequence[str] = DATASETS) -> w.Dropdown:
    return w.Dropdown(options=list(options), value=value, description="dataset", style=_STYLE)


def noise_slider(value: float = 0.2) -> w.FloatSlider:
    return w.FloatSlider(value=value, min=0.0, max=1.0, step=0.05, description="noise",
                         continuous_update=False, style=_STYLE, layout=_LAYOUT)


class OptimizerControl(w.VBox):
    """An optimizer dropdown whose own hyperparameter sliders appear when it is chosen.

    ``.name`` is the chosen optimizer, ``.hyperparams()`` its values (without the learning
    rate), ``.build(lr)`` a fresh ``dl.optim`` optimizer. Names, sliders and ranges come from
    ``dl.optim.OPTIMIZERS``. Every hyperparameter shown is held in the optimizer state, so moving
    its slider compiles nothing.
    """

    def __init__(self, value: str = "sgd", options: Sequence[str] = tuple(OPTIMIZERS)):
        self.dropdown = w.Dropdown(options=list(options), value=value, description="optimizer",
                                   style=_STYLE)
        self.sliders: dict[str, dict[str, w.FloatSlider]] = {}
        for name in options:
            self.sliders[name] = {
                hp: w.FloatSlider(value=d, min=lo, max=hi, step=st, description=hp,
                                  readout_format=".4g", continuous_update=False, style=_STYLE,
                                  layout=_LAYOUT)
                for hp, (d, lo, hi, st) in OPTIMIZERS[name].knobs.items()}
        super().__init__([self.dropdown])
        self.dropdown.observe(lambda _: self._show(), names="value")
        self._show()

    def _show(self) -> None:
        self.children = [self.dropdown, *self.sliders[self.dropdown.value].values()]

    @property
    def name(self) -> str:
        return self.dropdown.value

    def hyperparams(self) -> dict[str, float]:
        return {k: float(s.value) for k, s in self.sliders[self.name].items()}

    def observe_hyperparams(self, callback) -> None:
        """Call ``callback(change)`` when any hyperparameter slider of any optimizer moves."""
        for group in self.sliders.values():
            for s in group.values():
                s.observe(callback, names="value")

    def build(self, learning_rate: float):
        """A fresh optimizer with the current values (momentum kept as data even when 0)."""
        return build(self.name, learning_rate, **self.hyperparams())
