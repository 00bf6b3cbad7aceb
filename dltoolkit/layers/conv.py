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
from .kernel import KernelLayer, positive_int

_DIMS = ("NHWC", "HWIO", "NHWC")


class Conv2D(KernelLayer):
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

    is_convolutional = True

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: Any = "valid",
                 dilation_rate: Any = 1, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.filters = positive_int(filters, "filters", "Conv2D")
        self.kernel_size = normalize_tuple(kernel_size, 2, "kernel_size", "Conv2D")
        self.strides = normalize_tuple(strides, 2, "strides", "Conv2D")
        self.dilation_rate = normalize_tuple(dilation_rate, 2, "dilation_rate", "Conv2D")
        self.padding = check_padding(padding, "Conv2D")
        self.set_kernel_options(activation, use_bias, kernel_initializer, bias_initializer,
                                kernel_regularizer, bias_regularizer)

    def _geometry(self, hw):
        pads = resolve_pads(self.padding, hw, self.kernel_size, self.strides, self.dilation_rate)
        outs = check_out_sizes(self, hw, self.kernel_size, pads, self.strides, self.dilation_rate,
                               self.padding)
        return pads, outs

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        _, (ho, wo) = self._geometry((h, w))
        params = self.init_kernel(key, (*self.kernel_size, c, self.filters), self.filters)
        return params, {}, (ho, wo, self.filters)

    def linear(self, params, x):
        """The cross-correlation of ``x`` with the kernel (module docstring), before the bias."""
        kernel = params["kernel"]
        check_image_batch(self, x, channels=kernel.shape[2])
        pads, _ = self._geometry(x.shape[1:3])
        dtype = jnp.result_type(x.dtype, kernel.dtype)
        return jax.lax.conv_general_dilated(
            x.astype(dtype), kernel.astype(dtype), window_strides=self.strides, padding=pads,
            rhs_dilation=self.dilation_rate, dimension_numbers=_DIMS)


Convolution2D = Conv2D
