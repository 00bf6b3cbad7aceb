"""The layer contract every building block follows.

A layer is a small Python object holding *configuration only* (units, kernel size,
activation name, ...). Its numbers live outside it, in plain nested dicts:

    params, state, out_shape = layer.init(key, input_shape)      # input_shape excludes batch
    y, state = layer.apply(params, state, x, train=False, key=None)

``params`` are what gradient descent changes; ``state`` is what the forward pass
updates itself (BatchNorm's running statistics). Both are dicts of arrays, so
students can print them, ``jax.tree.map`` over them and ``jax.grad`` through them.
``apply`` is pure: it never mutates the layer or its arguments, so it can be jitted.
"""
from __future__ import annotations

import functools
import inspect
import re
from typing import Any, Optional, Tuple

import jax

from .._kwargs import check_kwargs

Shape = Tuple[int, ...]
Params = dict
State = dict


def snake_case(name: str) -> str:
    """``Conv2D`` -> ``conv2d``, ``MaxPool2D`` -> ``max_pool2d``, ``BatchNorm`` -> ``batch_norm``."""
    s = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    s = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", s)
    return s.lower().replace("_2_d", "2d").replace("2_d", "2d")


# Layer classes by name, for rebuilding saved configs: every Layer subclass defined inside
# dltoolkit registers itself here; users' own classes join with ``register_layer``.
LAYER_CLASSES: dict[str, type] = {}


class ShapeError(ValueError):
    """A layer received an input of the wrong shape. The message names the layer and both shapes."""


class Layer:
    """Base class of all layers (see the module docstring for the contract).

    Subclasses implement ``init`` and ``apply``; constructor keyword arguments are
    recorded automatically so ``get_config``/``from_config`` can save and rebuild
    the architecture (checkpoints store this config, never pickles).

    Keras-style ``input_shape=`` / ``input_dim=`` on the first layer of a model tell
    ``Sequential.init`` the input shape when the caller does not pass one.
    """

    #: What the engine needs to know, declared by each layer class (no type-name checks):
    #: ``is_convolutional``: a convolution (``fit`` then runs one step per dispatch on XLA:CPU).
    is_convolutional: bool = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__module__.startswith("dltoolkit."):
            LAYER_CLASSES[cls.__name__] = cls
        if "__init__" in cls.__dict__:
            original = cls.__dict__["__init__"]
            sig = inspect.signature(original)

            @functools.wraps(original)
            def __init__(self, *args, **kw):
                outermost = not getattr(self, "_recording", False)
                if outermost:
                    self._recording = True
                    if "kwargs" not in sig.parameters:
                        check_kwargs(cls.__name__, kw, sig.parameters)
                    bound = sig.bind(self, *args, **kw)
                    bound.apply_defaults()
                    cfg = dict(bound.arguments)
                    cfg.pop("self", None)
                    extra = cfg.pop("kwargs", {}) if "kwargs" in sig.parameters else {}
                    cfg.update(extra)
                    self._config = cfg
                try:
                    original(self, *args, **kw)
                finally:
                    if outermost:
                        self._recording = False

            cls.__init__ = __init__

    def __init__(self, *, name: Optional[str] = None, input_shape: Optional[Shape] = None,
                 input_dim: Optional[int] = None):
        self.name = name
        if input_shape is None and input_dim is not None:
            input_shape = (int(input_dim),)
        self.input_shape = None if input_shape is None else tuple(int(d) for d in input_shape)

    # -- the contract -------------------------------------------------------------
    def init(self, key: jax.Array, input_shape: Shape) -> Tuple[Params, State, Shape]:
        raise NotImplementedError

    def apply(self, params: Params, state: State, x: jax.Array, *, train: bool = False,
              key: Optional[jax.Array] = None) -> Tuple[jax.Array, State]:
        raise NotImplementedError

    def __call__(self, params, state, x, *, train: bool = False, key=None):
        return self.apply(params, state, x, train=train, key=key)

    # -- helpers every layer gets ---------------------------------------------------
    @property
    def default_name(self) -> str:
        return snake_case(type(self).__name__)

    def output_shape(self, input_shape: Shape) -> Shape:
        """Output shape (without batch) for an input shape; no random numbers are drawn."""
        return self.init_shapes(input_shape)[2]

    def init_shapes(self, input_shape: Shape):
        """``init`` evaluated abstractly: ``(param shapes, state shapes, output_shape)``, no FLOPs."""
        box = {}

        def f(k):
            p, s, out = init_layer(self, k, tuple(input_shape))
            box["out"] = tuple(int(d) for d in out)
            return p, s

        p, s = jax.eval_shape(f, jax.random.key(0))
        return p, s, box["out"]

    def penalty(self, params: Params) -> jax.Array | float:
        """Regularization penalty of this layer's params (``kernel_regularizer`` etc.); 0 by default."""
        return 0.0

    def output_activation(self) -> Optional[str]:
        """``"softmax"`` or ``"sigmoid"`` when this layer's output is that function of a linear
        pre-activation that :meth:`apply_logits` returns; else None (the default).

        The engine then computes cross-entropy from the logits (as Keras does): exact and
        stable at saturation."""
        return None

    def apply_logits(self, params: Params, state: State, x: jax.Array, *, train: bool = False,
                     key: Optional[jax.Array] = None) -> Tuple[jax.Array, State]:
        """``(pre-activation, new_state)``: ``apply`` without the output activation named by
        :meth:`output_activation` (only called on layers where that is not None)."""
        raise NotImplementedError(f"{type(self).__name__} has no separate output activation")

    def sublayers(self) -> list:
        """Child layers, for nested blocks; ``summary()`` shows them indented."""
        return []

    def get_config(self) -> dict[str, Any]:
        """Constructor arguments, enough to rebuild this layer with ``from_config``."""
        return dict(getattr(self, "_config", {}), name=self.name)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> "Layer":
        return cls(**config)

    def shape_error(self, what: str, expected: Any, actual: Any, hint: str = "") -> ShapeError:
        """Build a ShapeError that names this layer, what it expected and what it got."""
        msg = (f"{type(self).__name__} layer '{self.name or self.default_name}' expected {what} "
               f"{expected}, got {actual}.")
        if hint:
            msg += " " + hint
        return ShapeError(msg)

    def __repr__(self) -> str:
        cfg = {k: v for k, v in self.get_config().items() if v is not None and k != "name"}
        args = ", ".join(f"{k}={v!r}" for k, v in list(cfg.items())[:4])
        return f"{type(self).__name__}({args})" + (f" name={self.name!r}" if self.name else "")


def init_layer(layer: Layer, key: jax.Array, input_shape: Shape):
    """``(params, state, output_shape)`` for any layer, including a nested model.

    Models return ``(params, state)`` from ``init`` (the Keras/flax habit); containers call
    this instead so a Sequential nests like any other layer.
    """
    if hasattr(layer, "init_with_shape"):
        return layer.init_with_shape(key, input_shape)
    return layer.init(key, input_shape)
