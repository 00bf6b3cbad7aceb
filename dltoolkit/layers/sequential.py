"""Sequential: a stack of layers, each feeding the next (the pure container).

    stack = Sequential([Dense(64, activation="relu", input_dim=100), Dense(5, activation="softmax")])
    params, state = stack.init(jax.random.key(0))            # {"dense": {...}, "dense_1": {...}}
    y, state = stack.apply(params, state, x, train=False)    # y = f_n(... f_2(f_1(x)))

A Sequential is itself a Layer, so it nests inside another model as a block. Layers get
Keras-style names unique within their stack ("dense", "dense_1", ...), and those names are
the keys of ``params`` and ``state``. ``dl.models.Sequential`` is this container plus the
Keras-style ``compile``/``fit``/``evaluate``/``predict``/``save`` (``models/facade.py``).
"""
from __future__ import annotations

from typing import Iterable, Optional

import jax

from .. import activations
from .base import Layer, Shape, ShapeError
from .config import layer_from_config
from .container import Container, collect


def unique_name(base: str, taken: set) -> str:
    """Keras naming: ``dense``, then ``dense_1``, ``dense_2``..."""
    if base not in taken:
        return base
    i = 1
    while f"{base}_{i}" in taken:
        i += 1
    return f"{base}_{i}"


class Sequential(Container):
    """A linear stack of layers. ``init`` returns ``(params, state)`` keyed by layer name."""

    def __init__(self, layers: Optional[Iterable[Layer]] = None, *, name: Optional[str] = None):
        super().__init__(name=name)
        self.layers: list[Layer] = []
        for layer in layers or []:
            self.add(layer)

    @property
    def children(self) -> list:
        return self.layers

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
        self.layers_changed()
        return self

    def layers_changed(self) -> None:
        """Called after ``add``; a model drops its weights here (they no longer fit)."""

    def infer_input_shape(self, input_shape: Optional[Shape] = None) -> Shape:
        """``input_shape`` if given, else the first layer's ``input_shape=``/``input_dim=``.

        A shape declared on the first layer is never silently replaced: a different
        ``input_shape`` raises (images may differ in height and width, not in channels)."""
        if not self.layers:
            raise ValueError(f"model '{self.name or 'sequential'}' has no layers: add some first, "
                             f"e.g. model.add(dl.layers.Dense(10, activation='softmax'))")
        if input_shape is not None:
            shape = tuple(int(d) for d in input_shape)
            first = self.layers[0]
            declared = first.input_shape
            if declared is not None and shape != declared and not (
                    len(shape) == len(declared) == 3 and shape[-1] == declared[-1]):
                raise ShapeError(
                    f"cannot build for input shape {shape}: the first layer '{first.name}' "
                    f"({type(first).__name__}) was declared with input_shape={declared}, and a "
                    f"declared shape is never replaced. Pass data of shape (batch, "
                    f"{', '.join(map(str, declared))}), or change input_dim/input_shape on that layer.")
            return shape
        if self.layers and self.layers[0].input_shape is not None:
            return self.layers[0].input_shape
        if self.input_shape is not None:
            return self.input_shape
        raise ValueError("the model does not know its input shape: pass input_shape=... to init "
                         "(without the batch dimension, e.g. (28, 28, 1)), or give the first layer "
                         "input_shape=/input_dim=")

    # -- the functional core ------------------------------------------------------------
    def init(self, key: jax.Array, input_shape: Optional[Shape] = None):
        """Initialise every layer in turn (layer ``i`` with ``fold_in(key, i)``): ``(params, state)``."""
        params, state, _ = self.init_with_shape(key, input_shape)
        return params, state

    def init_with_shape(self, key: jax.Array, input_shape: Optional[Shape] = None):
        """``(params, state, output_shape)``; how a container builds a nested Sequential."""
        if not self.layers:
            raise ValueError(f"model '{self.name or 'sequential'}' has no layers: add some first")
        shape = self.infer_input_shape(input_shape)
        self.built_input_shape = shape
        params, state = {}, {}
        for i, layer in enumerate(self.layers):
            p, s, shape = self.init_child(i, key, shape)
            collect(params, state, layer.name, p, s)
        return params, state, tuple(shape)

    def apply(self, params: dict, state: dict, x: jax.Array, *, train: bool = False,
              key: Optional[jax.Array] = None):
        """Run the layers in order. Returns ``(y, new_state)``; pure, jit-able."""
        return self._run(params, state, x, train, key, logits=False)

    def output_activation(self) -> Optional[str]:
        """The last layer's ``output_activation()`` (``"softmax"``, ``"sigmoid"`` or None)."""
        return self.layers[-1].output_activation() if self.layers else None

    def apply_logits(self, params, state, x, *, train=False, key=None):
        """``(logits, new_state)``: ``apply`` with the last layer's ``apply_logits``."""
        return self._run(params, state, x, train, key, logits=True)

    def apply_with_logits(self, params, state, x, *, train=False, key=None):
        """``(y, logits, new_state)`` with ``y = output_activation(logits)`` (only for stacks
        whose ``output_activation()`` is not None)."""
        logits, new_state = self.apply_logits(params, state, x, train=train, key=key)
        return activations.get(self.output_activation())(logits), logits, new_state

    def _run(self, params, state, x, train, key, logits: bool):
        self.check_input(x)
        new_state: dict = {}
        last = len(self.layers) - 1
        for i in range(len(self.layers)):
            x = self.apply_child(i, params, state, x, train, key, new_state, logits and i == last)
        return x, new_state

    def check_input(self, x) -> None:
        """A clear error for an input of the wrong rank (a missing batch axis, say)."""
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

    # -- saving ------------------------------------------------------------------------
    def get_config(self) -> dict:
        return {"name": self.name, "input_shape": getattr(self, "built_input_shape", None)
                or self.input_shape, "layers": self.child_configs()}

    @classmethod
    def from_config(cls, config: dict) -> "Sequential":
        stack = cls([layer_from_config(c) for c in config["layers"]], name=config.get("name"))
        if config.get("input_shape"):
            stack.input_shape = tuple(config["input_shape"])
        return stack

    def __repr__(self) -> str:
        inner = ", ".join(f"{type(l).__name__}:{l.name}" for l in self.layers)
        return f"Sequential([{inner}])"
