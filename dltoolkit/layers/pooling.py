"""Pooling: summarise each window of a feature map by its maximum or its average (NHWC).

    max pool:  y[n, i, j, c] = max_{u, v}  x_pad[n, i*S + u, j*S + v, c]
    avg pool:  y[n, i, j, c] = mean_{u, v} x[n, i*S + u, j*S + v, c]   (over *valid* pixels only)

Pooling has no parameters and acts on each channel separately; output sizes follow the
same window formula as convolution, floor((N + 2P - F)/S) + 1, with ``strides`` defaulting to
``pool_size`` (non-overlapping windows). Overlapping windows (AlexNet's pool 3, stride 2) work too.
With ``padding="same"`` max pooling ignores the padding (it pads with -inf) and average pooling
divides by the number of real pixels in each window, as Keras does.
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp
import numpy as np

from .base import Layer, Shape
from ._spatial import check_image_batch, check_image_shape, check_out_sizes, check_padding, \
    normalize_tuple, resolve_pads


class _Pool2D(Layer):
    """Shared window bookkeeping for MaxPool2D and AvgPool2D."""

    def __init__(self, pool_size: Any = 2, strides: Any = None, padding: str = "valid",
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        cls = type(self).__name__
        self.pool_size = normalize_tuple(pool_size, 2, "pool_size", cls)
        self.strides = self.pool_size if strides is None else normalize_tuple(strides, 2, "strides", cls)
        self.padding = check_padding(padding, cls, allow_explicit=False)

    def _geometry(self, hw):
        pads = resolve_pads(self.padding, hw, self.pool_size, self.strides)
        outs = check_out_sizes(self, hw, self.pool_size, pads, self.strides, (1, 1), self.padding)
        return pads, outs

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        _, (ho, wo) = self._geometry((h, w))
        return {}, {}, (ho, wo, c)

    def _window(self, x, init: float, op, pads):
        # ``init`` must be a Python constant (0.0 for add, -inf for max): then JAX recognises
        # the monoid and uses reduce_window_sum/max, which have gradients (also under jit).
        return jax.lax.reduce_window(x, init, op, window_dimensions=(1, *self.pool_size, 1),
                                     window_strides=(1, *self.strides, 1),
                                     padding=((0, 0), *pads, (0, 0)))

    def _prepare(self, x):
        x = jnp.asarray(x)
        check_image_batch(self, x)
        if not jnp.issubdtype(x.dtype, jnp.floating):
            x = x.astype(jnp.float32)
        pads, _ = self._geometry(x.shape[1:3])
        return x, pads


class MaxPool2D(_Pool2D):
    """Max pooling (Keras ``MaxPooling2D``): ``(batch, H, W, C) -> (batch, H_out, W_out, C)``.

    The gradient flows only to the maximum of each window (the "switch" the lesson draws).
    """

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x, pads = self._prepare(x)
        return self._window(x, -np.inf, jax.lax.max, pads), state


class AvgPool2D(_Pool2D):
    """Average pooling (Keras ``AveragePooling2D``): ``(batch, H, W, C) -> (batch, H_out, W_out, C)``.

    With ``padding="same"`` each output is the mean over the real (non-padding) pixels in its window.
    """

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x, pads = self._prepare(x)
        total = self._window(x, 0.0, jax.lax.add, pads)
        if self.padding == "valid":
            count = float(self.pool_size[0] * self.pool_size[1])
        else:
            ones = jnp.ones((1, *x.shape[1:3], 1), x.dtype)
            count = self._window(ones, 0.0, jax.lax.add, pads)
        return total / count, state


class _GlobalPool2D(Layer):
    def __init__(self, keepdims: bool = False, input_shape: Optional[Shape] = None,
                 name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.keepdims = bool(keepdims)

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        return {}, {}, ((1, 1, c) if self.keepdims else (c,))

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        check_image_batch(self, x)
        return self._reduce(x, axis=(1, 2), keepdims=self.keepdims), state


class GlobalAvgPool2D(_GlobalPool2D):
    """Mean over all pixels of each channel: ``(batch, H, W, C) -> (batch, C)``
    (``(batch, 1, 1, C)`` with ``keepdims=True``). Replaces Flatten+Dense heads in GoogLeNet/ResNet."""

    @staticmethod
    def _reduce(x, axis, keepdims):
        return jnp.mean(x, axis=axis, keepdims=keepdims)


class GlobalMaxPool2D(_GlobalPool2D):
    """Maximum over all pixels of each channel: ``(batch, H, W, C) -> (batch, C)``."""

    @staticmethod
    def _reduce(x, axis, keepdims):
        return jnp.max(x, axis=axis, keepdims=keepdims)


# Keras' longer names.
MaxPooling2D = MaxPool2D
AveragePooling2D = AvgPool2D
GlobalAveragePooling2D = GlobalAvgPool2D
GlobalMaxPooling2D = GlobalMaxPool2D
