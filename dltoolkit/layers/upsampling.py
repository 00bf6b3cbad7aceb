"""Making feature maps bigger: transposed convolution (learned) and UpSampling2D (fixed).

Transposed convolution ("deconvolution", the gradient of a strided convolution) scatters each
input pixel, weighted by the kernel, into a stride-spaced output grid and sums overlaps:

    full[n, i*S + u, j*S + v, o] += x[n, i, j, c] * W[u, v, o, c]      (kernel (F_h, F_w, out, in))

``padding="valid"`` returns ``full``: ``H_out = (H - 1) * S + F``. ``padding="same"`` crops it to
``H_out = H * S`` (the inverse of a "same" strided conv), removing ``max(F - S, 0)`` rows split
with the extra one at the end, as Keras' ``Conv2DTranspose`` does. U-Nets and DCGAN generators
use it to go from coarse to fine maps. UpSampling2D repeats pixels (nearest) or interpolates
(bilinear) and has no parameters.
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from .base import Layer, Shape
from ._spatial import check_image_batch, check_image_shape, normalize_tuple
from .kernel import KernelLayer, positive_int


def _out_and_crop(n: int, f: int, s: int, padding: str):
    full = (n - 1) * s + f
    if padding == "valid":
        return full, 0
    total = f - s
    return n * s, max(total, 0) // 2


class ConvTranspose2D(KernelLayer):
    """Transposed 2-D convolution (Keras ``Conv2DTranspose``); see the module docstring.

    Args: ``filters``, ``kernel_size``, ``strides``, ``padding`` ("valid" or "same"), ``activation``,
    ``use_bias`` and initializers/regularizers as in ``Conv2D``. The kernel has shape
    ``(F_h, F_w, filters, C_in)`` (Keras' layout for this layer).

    Shapes: ``(batch, H, W, C_in) -> (batch, H_out, W_out, filters)``.
    """

    is_convolutional = True

    def __init__(self, filters: int, kernel_size: Any, strides: Any = 1, padding: str = "valid",
                 activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if padding not in ("valid", "same"):
            raise ValueError(f"ConvTranspose2D: padding must be 'valid' or 'same', got {padding!r}")
        self.filters, self.padding = positive_int(filters, "filters", "ConvTranspose2D"), padding
        self.kernel_size = normalize_tuple(kernel_size, 2, "kernel_size", "ConvTranspose2D")
        self.strides = normalize_tuple(strides, 2, "strides", "ConvTranspose2D")
        self.set_kernel_options(activation, use_bias, kernel_initializer, bias_initializer,
                                kernel_regularizer, bias_regularizer)

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        ho, _ = _out_and_crop(h, self.kernel_size[0], self.strides[0], self.padding)
        wo, _ = _out_and_crop(w, self.kernel_size[1], self.strides[1], self.padding)
        params = self.init_kernel(key, (*self.kernel_size, self.filters, c), self.filters)
        return params, {}, (ho, wo, self.filters)

    def linear(self, params, x):
        """The transposed convolution (module docstring), cropped for "same", before the bias."""
        kernel = params["kernel"]
        check_image_batch(self, x, channels=kernel.shape[3])
        dtype = jnp.result_type(x.dtype, kernel.dtype)
        # transpose_kernel=True: exactly the gradient of Conv2D with this kernel (the scatter above).
        full = jax.lax.conv_transpose(x.astype(dtype), kernel.astype(dtype), self.strides, "VALID",
                                      dimension_numbers=("NHWC", "HWIO", "NHWC"), transpose_kernel=True)
        if self.padding == "same":
            (ho, ch), (wo, cw) = (_out_and_crop(n, f, s, "same") for n, f, s in
                                  zip(x.shape[1:3], self.kernel_size, self.strides))
            full = jnp.pad(full, ((0, 0), (0, max(ch + ho - full.shape[1], 0)),
                                  (0, max(cw + wo - full.shape[2], 0)), (0, 0)))
            full = full[:, ch:ch + ho, cw:cw + wo, :]
        return full


class UpSampling2D(Layer):
    """Enlarge each map by ``size`` (Keras ``UpSampling2D``): ``"nearest"`` repeats every pixel
    into a ``size``-block; ``"bilinear"`` interpolates. No parameters.

    Shapes: ``(batch, H, W, C) -> (batch, H * s_h, W * s_w, C)``.
    """

    def __init__(self, size: Any = 2, interpolation: str = "nearest",
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"UpSampling2D: interpolation must be 'nearest' or 'bilinear', "
                             f"got {interpolation!r}")
        self.size = normalize_tuple(size, 2, "size", "UpSampling2D")
        self.interpolation = interpolation

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        return {}, {}, (h * self.size[0], w * self.size[1], c)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        check_image_batch(self, x)
        if self.interpolation == "nearest":
            return jnp.repeat(jnp.repeat(x, self.size[0], axis=1), self.size[1], axis=2), state
        n, h, w, c = x.shape
        return jax.image.resize(x, (n, h * self.size[0], w * self.size[1], c), "bilinear"), state


Conv2DTranspose = ConvTranspose2D

