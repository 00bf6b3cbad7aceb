"""``dl.models.Sequential``: the layer stack (``dl.layers.Sequential``) plus the Keras facade.

    model = Sequential([Dense(64, activation="relu", input_dim=100), Dense(5, activation="softmax")])
    params, state = model.init(jax.random.key(0))            # the functional core, from the container
    y, state = model.apply(params, state, x, train=False)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")   # the facade
    model.fit(x, y, epochs=5); model.summary(); model.trainer.set_hyperparams(learning_rate=0.01)
"""
from __future__ import annotations

from typing import Iterable, Optional

from ..layers.base import Layer, Shape
from ..layers.sequential import Sequential as LayerStack
from .facade import KerasFacade
from .summary import summary_text


class SummaryText(str):
    """The summary as a string that a notebook does not echo a second time after printing it."""

    def _ipython_display_(self):
        pass


class Sequential(KerasFacade, LayerStack):
    """A linear stack of layers with ``compile``/``fit``/``evaluate``/``predict``/``save``."""

    def __init__(self, layers: Optional[Iterable[Layer]] = None, *, name: Optional[str] = None):
        KerasFacade.__init__(self)
        LayerStack.__init__(self, layers, name=name)

    def layers_changed(self) -> None:
        self.forget_weights()

    def summary(self, input_shape: Optional[Shape] = None, print_fn=print) -> str:
        """Keras-style table of layers, output shapes and parameter counts; returns the text."""
        text = SummaryText(summary_text(self, self.infer_input_shape(input_shape)))
        if print_fn is not None:
            print_fn(text)
        return text
