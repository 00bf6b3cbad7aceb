"""Host-side checks of ``x`` against the model, once, before anything is compiled.

``fit``/``evaluate``/``predict`` call :func:`check_x` on the user's own array (before any
validation split or batch padding), so every message names the shape the user passed. The
shape the model wants is, in order: the shape it was built for, else the shape declared on
its first layer (``input_dim=``/``input_shape=``). A declared shape is never silently
replaced: data that does not match it raises.

Recognised mistakes, each with its one-line fix (images are NHWC in dltoolkit):

    (N, C, H, W) images, channels first   ->  x.transpose(0, 2, 3, 1)
    (N, H*W*C) flat images into a conv net ->  x.reshape(-1, H, W, C)
    (N, H, W) grey images, no channel axis ->  x[..., None]
    (N, H, W, C) images into a Dense net   ->  Flatten() as the first layer
    one example where a batch is expected  ->  x[None]
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

from ..layers import (AvgPool2D, Dense, Flatten, GlobalAvgPool2D, GlobalMaxPool2D, MaxPool2D,
                      Reshape, ShapeError)
from ..layers.upsampling import UpSampling2D

_POOLS = (MaxPool2D, AvgPool2D, GlobalAvgPool2D, GlobalMaxPool2D, UpSampling2D)
_FMT = lambda shape: "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def _layers(model) -> Optional[list]:
    return getattr(model, "layers", None)


def first_layer(model):
    """The innermost first layer (nested Sequentials are opened), or None."""
    layer = model
    while isinstance(_layers(layer), list) and _layers(layer):
        layer = _layers(layer)[0]
    return None if layer is model else layer


def net_kind(model) -> tuple[Optional[str], object]:
    """``("image", layer)`` when the first shape-sensitive layer wants images (conv, pooling),
    ``("dense", layer)`` when it is a Dense layer, else ``(None, None)``."""
    todo = list(_layers(model) or [])
    while todo:
        layer = todo.pop(0)
        if layer.is_convolutional or isinstance(layer, _POOLS):
            return "image", layer
        if isinstance(layer, Dense):
            return "dense", layer
        if isinstance(layer, (Flatten, Reshape)):
            return None, None
        if isinstance(_layers(layer), list):
            todo = list(_layers(layer)) + todo
    return None, None


def expected_shape(model) -> tuple[Optional[tuple], str]:
    """The per-example input shape the model wants, and where it comes from (for messages)."""
    if getattr(model, "params", None) is not None and getattr(model, "built_input_shape", None):
        shape = tuple(model.built_input_shape)
        return shape, f"the model was built for input shape {_FMT(shape)}"
    first = first_layer(model)
    if first is not None and first.input_shape is not None:
        shape = tuple(first.input_shape)
        dim = first.get_config().get("input_dim")
        said = f"input_dim={dim}" if dim is not None else f"input_shape={_FMT(shape)}"
        return shape, f"the first layer '{first.name}' ({type(first).__name__}) was declared with {said}"
    if getattr(model, "input_shape", None) is not None:
        shape = tuple(model.input_shape)
        return shape, f"the model was declared with input_shape={_FMT(shape)}"
    return None, ""


def check_not_empty(model) -> None:
    layers = _layers(model)
    if isinstance(layers, list) and not layers:
        raise ValueError(f"model '{model.name or 'sequential'}' has no layers: add some first, e.g. "
                         f"model.add(dl.layers.Dense(10, activation='softmax'))")


def check_x(model, x, what: str = "fit") -> None:
    """Raise a ShapeError naming the user's shape and the fix if ``x`` cannot feed ``model``."""
    check_not_empty(model)
    shape = tuple(np.shape(x))
    if len(shape) == 0:
        raise ShapeError(f"{what}: x is a single number; pass an array of examples, shape (batch, ...)")
    if np.asarray(x).dtype.kind in "USO":
        raise TypeError(f"{what}: x holds {np.asarray(x).dtype.name} values, not numbers; convert "
                        f"the inputs to a numeric array first (e.g. np.asarray(x, dtype=np.float32))")
    want, source = expected_shape(model)
    kind, layer = net_kind(model)
    per = shape[1:]
    if want is not None:
        # image layers slide over any height and width: only the channels must agree
        same_images = kind == "image" and len(want) == len(per) == 3 and per[2] == want[2]
        if per != want and not same_images:
            raise ShapeError(_mismatch(what, shape, want, source))
        return
    if kind == "image" and len(per) != 3:
        raise ShapeError(_image_hint(what, shape, layer))
    if kind == "image" and _channels_first(per):
        raise ShapeError(_nchw(what, shape, (per[1], per[2], per[0]), f"layer '{layer.name}' "
                         f"({type(layer).__name__}) takes channels-last (NHWC) images"))
    if kind == "dense" and len(per) == 3:
        raise ShapeError(
            f"{what}: x has shape {_FMT(shape)}: images, but the model starts with Dense layer "
            f"'{layer.name}', which acts on the last axis only (it would see {per[-1]} feature(s) "
            f"at each of the {per[0]}x{per[1]} pixels). Add Flatten() as the first layer, e.g. "
            f"Sequential([Flatten(input_shape={_FMT(per)}), Dense(...), ...]), or flatten the "
            f"data: x.reshape(len(x), -1).")


def _channels_first(per: tuple) -> bool:
    return len(per) == 3 and per[0] in (1, 3, 4) and per[1] > 4 and per[2] > 4


def _nchw(what, shape, want, why) -> str:
    return (f"{what}: x has shape {_FMT(shape)}, which looks like channels-first (NCHW) images, but "
            f"{why}: x should have shape {_FMT((shape[0],) + tuple(want))} (batch, height, width, "
            f"channels). Fix: x = x.transpose(0, 2, 3, 1)")


def _image_hint(what, shape, layer) -> str:
    per = shape[1:]
    head = (f"{what}: x has shape {_FMT(shape)}, but layer '{layer.name}' ({type(layer).__name__}) "
            f"takes images of shape (batch, height, width, channels).")
    if len(per) == 2:
        return head + " Grey images need a channels axis: x = x[..., None]"
    if len(per) == 1:
        for c in (1, 3):
            side = math.isqrt(per[0] // c)
            if side * side * c == per[0]:
                return (head + f" x looks like flattened {side}x{side}x{c} images: "
                        f"x = x.reshape(-1, {side}, {side}, {c})")
        return head + " Reshape each flat row into (height, width, channels): x.reshape(-1, H, W, C)"
    return head


def _mismatch(what, shape, want, source) -> str:
    per = shape[1:]
    head = (f"{what}: x has shape {_FMT(shape)}, but {source}, so x must have shape "
            f"(batch, {', '.join(map(str, want))}).")
    if shape == want:
        return (f"{what}: x has shape {_FMT(shape)}, which is ONE example: {source}. Add the batch "
                f"dimension: x[None] has shape {_FMT((1,) + want)}.")
    if len(want) == 3 and per == (want[2], want[0], want[1]) and want[2] != want[0]:
        return _nchw(what, shape, want, source)
    if len(want) == 3 and len(per) == 1 and per[0] == math.prod(want):
        return head + f" x looks like flattened images: x = x.reshape(-1, {', '.join(map(str, want))})"
    if len(want) == 3 and per == want[:2] and want[2] == 1:
        return head + " Grey images need a channels axis: x = x[..., None]"
    if len(want) == 1 and len(per) >= 2 and math.prod(per) == want[0]:
        return head + (f" Flatten each example: x.reshape(len(x), -1), or start the model with "
                       f"Flatten(input_shape={_FMT(per)}).")
    if len(want) == 1 and len(per) == 1:
        return (head + f" x has {per[0]} features per example, the model takes {want[0]}: pass data "
                f"with {want[0]} features, or declare input_dim={per[0]} on the first layer.")
    return head


def check_lengths(what: str, **arrays) -> None:
    """All given arrays (None skipped) hold the same number of examples; names them if not."""
    have = {k: len(v) for k, v in arrays.items() if v is not None and np.ndim(v) > 0}
    if len(set(have.values())) > 1:
        listed = ", ".join(f"{k} has {n}" for k, n in have.items())
        raise ValueError(f"{what}: the arrays must hold the same number of examples, but {listed} "
                         f"(one row per example in each)")

