"""Sequential: a stack of layers, each feeding the next.

    model = Sequential([Dense(64, activation="relu", input_dim=100), Dense(5, activation="softmax")])
    params, state = model.init(jax.random.key(0))            # {"dense": {...}, "dense_1": {...}}
    y, state = model.apply(params, state, x, train=False)

A Sequential is itself a Layer, so it nests inside another model as a block. Layers get
Keras-style names unique within their model ("dense", "dense_1", ...), and those names are
the keys of ``params`` and ``state``. The Keras-style ``compile``/``fit``/``evaluate``/
``predict``/``save`` live in :class:`~dltoolkit.models.facade.KerasFacade`.
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

import jax

from ..layers.base import Layer, Shape, ShapeError, init_layer
from .facade import KerasFacade


class SummaryText(str):
    """The summary as a string that a notebook does not echo a second time after printing it."""

    def _ipython_display_(self):
        pass


def unique_name(base: str, taken: set) -> str:
    """Keras naming: ``dense``, then ``dense_1``, ``dense_2``..."""
    if base not in taken:
        return base
    i = 1
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


class Sequential(KerasFacade, Layer):
    """A linear stack of layers. ``init`` returns ``(params, state)`` keyed by layer name."""

    def __init__(self, layers: Optional[Iterable[Layer]] = None, *, name: Optional[str] = None):
        Layer.__init__(self, name=name)
        KerasFacade.__init__(self)
        self.layers: list[Layer] = []
        for layer in layers or []:
            self.add(layer)

    # -- building ---------------------------------------------------------------------
    def add(self, layer: Layer) -> "Sequential":
        """Append a layer (Keras ``model.add``); gives it a unique name if it has none."""
        if not isinstance(layer, Layer):
            hint = " (did you pass the class instead of an instance? write Dense(10), not Dense)" \
                if isinstance(layer, type) else ""
            raise TypeError(f"Sequential.add expects a layer, got {layer!r}{hint}")
        taken = {l.name for l in self.layers}
        if layer.name is None:
            layer.name = unique_name(layer.default_name, taken)
        elif layer.name in taken:
            raise ValueError(f"a layer named {layer.name!r} is already in this model; "
                             f"layer names must be unique (they are the keys of params)")
        self.layers.append(layer)
        self._invalidate()
        return self

    def sublayers(self) -> list:
        return list(self.layers)

    def _infer_input_shape(self, input_shape: Optional[Shape]) -> Shape:
        from ..train.check_inputs import check_declared, check_not_empty

        check_not_empty(self)                      # "no layers", before any talk of shapes
        if input_shape is not None:
            check_declared(self, input_shape)      # a declared input shape is never replaced
            return tuple(int(d) for d in input_shape)
        if self.layers and self.layers[0].input_shape is not None:
            return self.layers[0].input_shape
        if self.input_shape is not None:
            return self.input_shape
        raise ValueError("the model does not know its input shape: pass input_shape=... to init "
                         "(without the batch dimension, e.g. (28, 28, 1)), or give the first layer "
                         "input_shape=/input_dim=")

    # -- the functional core ------------------------------------------------------------
    def init(self, key: jax.Array, input_shape: Optional[Shape] = None):
        """Initialise every layer in turn. Returns ``(params, state)``.

        Containers that nest a model call ``init_layer`` (in ``layers.base``), which uses
        ``init_with_shape`` to get ``(params, state, output_shape)`` like any other layer.
        """
        params, state, _ = self.init_with_shape(key, input_shape)
        return params, state

    def init_with_shape(self, key: jax.Array, input_shape: Optional[Shape] = None):
        if not self.layers:
            raise ValueError(f"model '{self.name or 'sequential'}' has no layers: add some first")
        shape = self._infer_input_shape(input_shape)
        self.built_input_shape = shape
        params, state = {}, {}
        for i, layer in enumerate(self.layers):
            try:
                p, s, shape = init_layer(layer, jax.random.fold_in(key, i), shape)
            except ShapeError:
                raise
            except (ValueError, TypeError) as e:
                raise type(e)(f"while building layer '{layer.name}' ({type(layer).__name__}) "
                              f"for input shape {shape}: {e}") from e
            if p:
                params[layer.name] = p
            if s:
                state[layer.name] = s
        return params, state, tuple(shape)

    def apply(self, params: dict, state: dict, x: jax.Array, *, train: bool = False,
              key: Optional[jax.Array] = None):
        """Run the layers in order. Returns ``(y, new_state)``; pure, jit-able."""
        self._check_input(x)
        new_state: dict = {}
        y = _run(self.layers, params, state, x, train, key, new_state)
        return y, new_state

    def output_activation(self) -> Optional[str]:
        """``"softmax"`` or ``"sigmoid"`` when the last layer ends in that activation, else None.

        The engine then computes cross-entropy from the logits (as Keras does): exact, stable at
        saturation, and with gradients that do not vanish when a probability is clipped.
        """
        if not self.layers:
            return None
        last = self.layers[-1]
        if type(last).__name__ == "Softmax":
            return "softmax" if getattr(last, "axis", -1) == -1 else None
        act = getattr(last, "activation", None)
        separable = hasattr(last, "_act") or type(last).__name__ == "Activation"
        return act if separable and act in ("softmax", "sigmoid") else None

    def apply_with_logits(self, params, state, x, *, train=False, key=None):
        """``(y, logits, new_state)``: like ``apply``, also returning the last layer's
        pre-activation (only for models whose ``output_activation()`` is not None)."""
        import copy

        from .. import activations

        self._check_input(x)
        *body, last = self.layers
        new_state: dict = {}
        h = _run(body, params, state, x, train, key, new_state)
        if type(last).__name__ in ("Softmax", "Activation"):
            logits = h
        else:                                 # the last layer without its activation
            linear = copy.copy(last)
            linear._act = activations.get(None)
            logits = _run([linear], params, state, h, train, key, new_state, offset=len(body))
        return activations.get(self.output_activation())(logits), logits, new_state

    def _check_input(self, x) -> None:
        expected = getattr(self, "built_input_shape", None)
        if expected is None or not hasattr(x, "shape"):
            return
        if x.ndim != len(expected) + 1:
            first = self.layers[0]
            extra = (" It looks like a single example: add a batch dimension, e.g. x[None]."
                     if tuple(x.shape) == tuple(expected) else "")
            raise ShapeError(
                f"model '{self.name or 'sequential'}' (first layer '{first.name}', "
                f"{type(first).__name__}) expected input of shape (batch, "
                f"{', '.join(map(str, expected))}), got {tuple(x.shape)}.{extra}")

    def penalty(self, params: dict):
        """Sum of every layer's regularization penalty (added to the loss by ``fit``)."""
        total = 0.0
        for layer in self.layers:
            if layer.name in params:
                total = total + layer.penalty(params[layer.name])
        return total

    # -- introspection -----------------------------------------------------------------
    def summary(self, input_shape: Optional[Shape] = None, print_fn=print) -> str:
        """Keras-style table of layers, output shapes and parameter counts; returns the text."""
        from .summary import summary_text

        text = SummaryText(summary_text(self, self._infer_input_shape(input_shape)))
        if print_fn is not None:
            print_fn(text)
        return text

    def get_config(self) -> dict:
        from .config import layer_to_config

        return {"name": self.name, "input_shape": getattr(self, "built_input_shape", None)
                or self.input_shape, "layers": [layer_to_config(l) for l in self.layers]}

    @classmethod
    def from_config(cls, config: dict) -> "Sequential":
        from .config import layer_from_config

        model = cls([layer_from_config(c) for c in config["layers"]], name=config.get("name"))
        if config.get("input_shape"):
            model.input_shape = tuple(config["input_shape"])
        return model

    def __repr__(self) -> str:
        inner = ", ".join(f"{type(l).__name__}:{l.name}" for l in self.layers)
        return f"Sequential([{inner}])"


def _run(layers, params, state, x, train, key, new_state, offset: int = 0):
    """Apply ``layers`` in turn (layer ``i`` gets key ``fold_in(key, offset + i)``), collecting
    each layer's new state into ``new_state``; returns the output."""
    for i, layer in enumerate(layers, start=offset):
        k = None if key is None else jax.random.fold_in(key, i)
        x, s = layer.apply(params.get(layer.name, {}), state.get(layer.name, {}), x,
                           train=train, key=k)
        if s:
            new_state[layer.name] = s
    return x
