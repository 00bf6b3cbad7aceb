"""2-D convolution on NHWC images with HWIO kernels.

    y[n, i, j, o] = b[o] + sum_{u, v, c} x_pad[n, i*S + u*D, j*S + v*D, c] * W[u, v, c, o]

(a cross-correlation, as in every deep-learning framework). Shapes:
x: (batch, H, W, C_in), W: (F_h, F_w, C_in, filters), y: (batch, H_out, W_out, filters) with

    H_out = floor((H + P_top + P_bottom - D*(F_h - 1) - 1) / S) + 1

which for D = 1 and symmetric padding P is the course formula floor((N + 2P - F)/S) + 1.
Parameters: F_h * F_w * C_in * filters (+ filters biases).
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from .base import Shape
from ._spatial import (check_image_batch, check_image_shape, check_out_sizes, check_padding,
                       normalize_tuple, resolve_pads)
from ._weights import WeightsLayer, get_activation, get_initializer, sum_penalties
from .. import regularizers as _regularizers

_DIMS = ("NHWC", "HWIO", "NHWC")


class Conv2D(WeightsLayer):
    """2-D convolution ``y = activation(conv(x, kernel) + bias)`` (Keras ``Conv2D``).

    Args:
        filters: number of output channels (kernels).
        kernel_size: ``F`` or ``(F_h, F_w)``.
        strides: ``S`` or ``(S_h, S_w)``.
        padding: ``"valid"`` (none), ``"same"`` (output ``ceil(N/S)``, Keras' split), an int ``P``
            (P zeros on every side), ``(P_h, P_w)``, or ``((top, bottom), (left, right))``.
        dilation_rate: ``D`` or ``(D_h, D_w)``: gaps between kernel taps ("atrous" convolution).
        activation, use_bias, *_initializer, *_regularizer: as in ``Dense``.

    Shapes: ``(batch, H, W, C_in) -> (batch, H_out, W_out, filters)``.
    """

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: Any = "valid",
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if isinstance(filters, bool) or not isinstance(filters, int) or filters < 1:
            raise ValueError(f"Conv2D: filters must be a positive int, got {filters!r}")
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, 2, "kernel_size", "Conv2D")
        self.strides = normalize_tuple(strides, 2, "strides", "Conv2D")
        self.dilation_rate = normalize_tuple(dilation_rate, 2, "dilation_rate", "Conv2D")
        self.padding = check_padding(padding, "Conv2D")
        self.activation = activation
        self.use_bias = bool(use_bias)
        self._act = get_activation(activation)
        self._kinit = get_initializer(kernel_initializer)
        self._binit = get_initializer(bias_initializer)
        self.kernel_regularizer = _regularizers.get(kernel_regularizer)
        self.bias_regularizer = _regularizers.get(bias_regularizer)

    def _geometry(self, hw):
        pads = resolve_pads(self.padding, hw, self.kernel_size, self.strides, self.dilation_rate)
        outs = check_out_sizes(self, hw, self.kernel_size, pads, self.strides, self.dilation_rate,
                               self.padding)
        return pads, outs

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        _, (ho, wo) = self._geometry((h, w))
        k_key, b_key = jax.random.split(key)
        params = {"kernel": self._kinit(k_key, (*self.kernel_size, c, self.filters), jnp.float32)}
        if self.use_bias:
            params["bias"] = self._binit(b_key, (self.filters,), jnp.float32)
        return params, {}, (ho, wo, self.filters)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        kernel = params["kernel"]
        x = jnp.asarray(x)
        check_image_batch(self, x, channels=kernel.shape[2])
        pads, _ = self._geometry(x.shape[1:3])
        dtype = jnp.result_type(x.dtype, kernel.dtype)
        y = jax.lax.conv_general_dilated(
            x.astype(dtype), kernel.astype(dtype), window_strides=self.strides, padding=pads,
            rhs_dilation=self.dilation_rate, dimension_numbers=_DIMS)
        if self.use_bias:
            y = y + params["bias"]
        return self._act(y), state

    def penalty(self, params):
        return sum_penalties([(self.kernel_regularizer, params.get("kernel")),
                              (self.bias_regularizer, params.get("bias"))])


Convolution2D = Conv2D
