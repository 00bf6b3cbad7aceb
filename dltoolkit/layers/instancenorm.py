"""Instance normalization (Ulyanov et al., 2016): normalize each image's each channel on its own.

    mu_{n,c} = mean_{h,w} x[n,h,w,c],   var_{n,c} = mean_{h,w} (x - mu)^2
    y = gamma_c * (x - mu_{n,c}) / sqrt(var_{n,c} + epsilon) + beta_c

Unlike BatchNorm there are no batch statistics and no running state: train and eval are the
same, which is why style-transfer and CycleGAN generators use it (batch size 1 works).
"""
from __future__ import annotations

from typing import Optional

import jax
import jax.numpy as jnp

from .base import Layer, Shape
from ._spatial import check_image_batch, check_image_shape


class InstanceNorm(Layer):
    """Per-image, per-channel normalization of NHWC maps with learned ``gamma``/``beta``.

    Shapes: unchanged ``(batch, H, W, C)``. Params: ``gamma`` (C,), ``beta`` (C,) when ``affine``.
    """

    def __init__(self, epsilon: float = 1e-5, affine: bool = True,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if not float(epsilon) > 0:
            raise ValueError(f"InstanceNorm: epsilon must be > 0, got {epsilon!r}")
        self.epsilon, self.affine = float(epsilon), bool(affine)

    def init(self, key: jax.Array, input_shape: Shape):
        h, w, c = check_image_shape(self, input_shape)
        params = {"gamma": jnp.ones((c,)), "beta": jnp.zeros((c,))} if self.affine else {}
        return params, {}, (h, w, c)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        check_image_batch(self, x)
        mu = jnp.mean(x, axis=(1, 2), keepdims=True)
        var = jnp.mean(jnp.square(x - mu), axis=(1, 2), keepdims=True)
        y = (x - mu) * jax.lax.rsqrt(var + self.epsilon)
        if self.affine:
            y = y * params["gamma"] + params["beta"]
        return y, state
