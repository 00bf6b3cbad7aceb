"""ZeroPadding2D: add rows and columns of zeros around each feature map (NHWC), as Keras does.

    y[n, i + top, j + left, c] = x[n, i, j, c];   every other entry of y is 0
    (batch, H, W, C) -> (batch, top + H + bottom, left + W + right, C)

Keras' own ResNet50 uses it before its stem max pool (``ZeroPadding2D(1)`` then
``MaxPooling2D(3, strides=2)``): on a map of non-negative values (after a ReLU) this pools exactly
the windows of torchvision's ``MaxPool2d(3, stride=2, padding=1)``, which pads with -inf. A
``"same"``-padded pool would put the extra pixel only at the bottom/right and pool other windows.
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from .base import Layer, Shape
from ._spatial import check_image_batch, check_image_shape


def _pads(padding: Any) -> tuple:
    """``1 -> ((1, 1), (1, 1))``; ``(1, 2) -> ((1, 1), (2, 2))``; ``((t, b), (l, r))`` as is."""
    try:
        if isinstance(padding, int) and not isinstance(padding, bool):
            pads = ((padding, padding), (padding, padding))
        else:
            items = tuple(padding)
            if len(items) != 2:
                raise ValueError
            pads = tuple((int(p), int(p)) if isinstance(p, int) else tuple(int(q) for q in p)
                         for p in items)
        if any(len(p) != 2 or min(p) < 0 for p in pads):
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"ZeroPadding2D: padding must be an int P, a pair (Ph, Pw) or "
                         f"((top, bottom), (left, right)) of non-negative ints; got {padding!r}") from None
    return pads


class ZeroPadding2D(Layer):
    """Zero padding of NHWC images (Keras ``ZeroPadding2D``); no parameters.

    Args:
        padding: ``P`` (all sides), ``(Ph, Pw)`` (symmetric rows / columns) or
            ``((top, bottom), (left, right))``.

    Shapes: ``(batch, H, W, C) -> (batch, H + top + bottom, W + left + right, C)``.
    """

    def __init__(self, padding: Any = 1, input_shape: Optional[Shape] = None,
                 name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.pads = _pads(padding)
        self.padding = padding

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        (t, b), (l, r) = self.pads
        return {}, {}, (h + t + b, w + l + r, c)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        check_image_batch(self, x)
        return jnp.pad(x, ((0, 0), *self.pads, (0, 0))), state
