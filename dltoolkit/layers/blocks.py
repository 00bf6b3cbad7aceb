"""Containers that wire sublayers together: skip connections and parallel branches.

    Residual(F):               y = act(F(x) + x)              (He et al., 2016: learn the residual)
    Residual(F, shortcut=P):   y = act(F(x) + P(x))           (P: 1x1 conv + BN when shapes change)
    Parallel([B1, ..., Bk]):   y = concat(B1(x), ..., Bk(x))   along channels (Inception's branches)
    Parallel([...], merge="add"):  y = B1(x) + ... + Bk(x)
    Identity():                y = x

Each child is any Layer (a list becomes a ``Sequential``). ``params`` and ``state`` are nested
dicts keyed by the children's names (``params["residual"]["main"]["conv2d"]["kernel"]``), so
``jax.tree.map``, freezing by name and checkpoints see through a block. ``summary()`` shows the
children indented, and ``get_config``/``from_config`` store the children's configs, so a saved
ResNet or GoogLeNet rebuilds itself from its checkpoint.
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

import jax.numpy as jnp

from .. import activations
from .base import Layer, Shape
from .config import layer_from_config
from .container import Container, collect
from .sequential import Sequential


def _as_layer(child: Any, what: str) -> Layer:
    """A Layer as is; a list/tuple of layers becomes a ``Sequential``."""
    if isinstance(child, Layer):
        return child
    if isinstance(child, (list, tuple)):
        return Sequential(list(child))
    hint = " (pass an instance, e.g. Dense(10), not the class)" if isinstance(child, type) else ""
    raise TypeError(f"{what} must be a layer or a list of layers, got {child!r}{hint}")


def _name_children(children: Sequence[Layer], defaults: Sequence[str], owner: str) -> None:
    """Give unnamed children their default names; names must be unique (they key params)."""
    taken: set = set()
    for child, default in zip(children, defaults):
        if child.name is None:
            child.name = default
        if child.name in taken:
            raise ValueError(f"{owner}: two children are named {child.name!r}; child names must be "
                             f"unique because they are the keys of params")
        taken.add(child.name)


class _Branches(Container):
    """Children that all get the same input: init each on it, run each on it."""

    def _init_children(self, key, input_shape):
        params, state, shapes = {}, {}, []
        for i, child in enumerate(self.children):
            p, s, out = self.init_child(i, key, input_shape)
            collect(params, state, child.name, p, s)
            shapes.append(out)
        return params, state, shapes

    def _apply_children(self, params, state, x, train, key):
        new_state: dict = {}
        outs = [self.apply_child(i, params, state, x, train, key, new_state)
                for i in range(len(self.children))]
        return outs, new_state


class Identity(Layer):
    """``y = x``: the plain skip branch of a ``Parallel`` (U-Net) or an explicit shortcut."""

    def __init__(self, input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)

    def init(self, key, input_shape):
        return {}, {}, tuple(input_shape)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        return jnp.asarray(x), state


class Residual(_Branches):
    """Skip connection ``y = activation(main(x) + shortcut(x))`` (shortcut: identity by default).

    Args:
        main: the residual branch F (a layer or a list of layers), e.g. conv-BN-ReLU-conv-BN.
        shortcut: None (identity) or a projection (e.g. 1x1 Conv2D with stride 2 + BatchNorm)
            when F changes the shape.
        activation: applied after the sum (ResNet: ``"relu"``).

    Shapes: ``x -> main(x).shape``; ``main(x)`` and ``shortcut(x)`` must have equal shapes.
    Because dy/dx = dF/dx + I, the gradient reaches early layers even when dF/dx is small.
    """

    def __init__(self, main: Any, shortcut: Any = None, activation: Any = None,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.main = _as_layer(main, "Residual: main")
        self.shortcut = None if shortcut is None else _as_layer(shortcut, "Residual: shortcut")
        self.children = [self.main] + ([self.shortcut] if self.shortcut is not None else [])
        _name_children(self.children, ["main", "shortcut"], "Residual")
        self.activation = activation
        self._act = activations.get(activation)

    def init(self, key, input_shape):
        params, state, shapes = self._init_children(key, input_shape)
        skip = shapes[1] if self.shortcut is not None else tuple(input_shape)
        if shapes[0] != skip:
            raise self.shape_error(
                "its main branch and shortcut to give equal shapes: main", shapes[0], f"shortcut {skip}",
                "When the main branch changes the channels or the size (strides), give the block a "
                "projection shortcut, e.g. shortcut=[Conv2D(filters, 1, strides=2), BatchNorm()].")
        return params, state, shapes[0]

    def apply(self, params, state, x, *, train: bool = False, key=None):
        (fx, *rest), new_state = self._apply_children(params, state, x, train, key)
        skip = rest[0] if rest else x
        return self._act(fx + skip), new_state

    def get_config(self) -> dict:
        children = self.child_configs()
        return {"name": self.name, "input_shape": self.input_shape, "main": children[0],
                "shortcut": children[1] if len(children) > 1 else None,
                "activation": self.activation}

    @classmethod
    def from_config(cls, config: dict) -> "Residual":
        cfg = dict(config)
        cfg["main"] = layer_from_config(cfg["main"])
        if cfg.get("shortcut") is not None:
            cfg["shortcut"] = layer_from_config(cfg["shortcut"])
        return cls(**cfg)


class Parallel(_Branches):
    """Run branches on the same input and merge them: ``concat`` (default) or ``add``.

    Args:
        branches: layers (or lists of layers); unnamed ones become ``branch_0``, ``branch_1``, ...
        merge: ``"concat"`` along ``axis`` (Inception, U-Net skips) or ``"add"`` (equal shapes).
        axis: the concatenation axis counting the batch axis (-1: channels of NHWC images).

    Shapes: concat: the branches agree on every axis but ``axis``, whose sizes add up.
    """

    def __init__(self, branches: Sequence[Any], merge: str = "concat", axis: int = -1,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if isinstance(branches, Layer) or not branches:
            raise ValueError("Parallel: branches must be a non-empty list of layers (or lists of layers)")
        if merge not in ("concat", "add"):
            raise ValueError(f"Parallel: merge must be 'concat' or 'add', got {merge!r}")
        self.children = [_as_layer(b, f"Parallel: branch {i}") for i, b in enumerate(branches)]
        _name_children(self.children, [f"branch_{i}" for i in range(len(self.children))], "Parallel")
        self.merge, self.axis = merge, int(axis)

    def init(self, key, input_shape):
        params, state, shapes = self._init_children(key, input_shape)
        return params, state, self._merged_shape(shapes)

    def _merged_shape(self, shapes) -> Shape:
        first = shapes[0]
        if self.merge == "add":
            if any(s != first for s in shapes):
                raise self.shape_error("branches of equal shape to add", first, shapes)
            return first
        rank = len(first)
        ax = self.axis + rank + 1 if self.axis < 0 else self.axis
        if not 1 <= ax <= rank or any(len(s) != rank for s in shapes):
            raise self.shape_error(f"branch outputs of equal rank with a concat axis {self.axis}",
                                   f"rank {rank}", shapes)
        i = ax - 1
        if any(s[:i] + s[i + 1:] != first[:i] + first[i + 1:] for s in shapes):
            raise self.shape_error(f"branch outputs that agree on every axis except axis {self.axis}",
                                   "equal sizes", shapes,
                                   "Use padding='same' in the branches so they keep the spatial size.")
        return first[:i] + (sum(s[i] for s in shapes),) + first[i + 1:]

    def apply(self, params, state, x, *, train: bool = False, key=None):
        outs, new_state = self._apply_children(params, state, x, train, key)
        if self.merge == "add":
            y = outs[0]
            for o in outs[1:]:
                y = y + o
            return y, new_state
        return jnp.concatenate(outs, axis=self.axis), new_state

    def get_config(self) -> dict:
        return {"name": self.name, "input_shape": self.input_shape, "merge": self.merge,
                "axis": self.axis, "branches": self.child_configs()}

    @classmethod
    def from_config(cls, config: dict) -> "Parallel":
        cfg = dict(config)
        cfg["branches"] = [layer_from_config(c) for c in cfg["branches"]]
        return cls(**cfg)

