"""Dense (fully connected) layer: every input unit connects to every output unit.

    y = activation(x @ W + b)        x: (..., in)   W: (in, units)   b: (units,)   y: (..., units)

The matrix product acts on the last axis, so a (batch, time, features) input works too.
``params = {"kernel": W, "bias": b}``; Keras' names and defaults (Glorot-uniform kernel, zero bias).
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from .base import Shape
from .kernel import KernelLayer, positive_int


class Dense(KernelLayer):
    """Fully connected layer ``y = activation(x @ kernel + bias)`` on the last axis.

    Args:
        units: number of output units.
        activation: name (``"relu"``, ``"sigmoid"``, ...), callable, or None (linear).
        use_bias: add the bias vector ``b``.
        kernel_initializer, bias_initializer: names or ``init(key, shape, dtype)`` callables.
        kernel_regularizer, bias_regularizer: e.g. ``dl.regularizers.l2(1e-4)`` or ``"l2"``;
            their penalty is returned by ``penalty(params)`` and added to the loss by ``fit``.
        input_dim / input_shape: Keras-style input size for the first layer of a model.

    Shapes: ``(batch, ..., in) -> (batch, ..., units)``.
    """

    def __init__(self, units: int, activation: Any = None, use_bias: bool = True,
                 kernel_initializer: Any = "glorot_uniform", bias_initializer: Any = "zeros",
                 kernel_regularizer: Any = None, bias_regularizer: Any = None,
                 input_dim: Optional[int] = None, input_shape: Optional[Shape] = None,
                 name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape, input_dim=input_dim)
        self.units = positive_int(units, "units", "Dense")
        self.set_kernel_options(activation, use_bias, kernel_initializer, bias_initializer,
                                kernel_regularizer, bias_regularizer)

    def init(self, key: jax.Array, input_shape: Shape):
        input_shape = tuple(int(d) for d in input_shape)
        if len(input_shape) < 1:
            raise self.shape_error("an input_shape with at least one axis (features,)", "(in,)",
                                   input_shape, "input_shape excludes the batch dimension.")
        params = self.init_kernel(key, (input_shape[-1], self.units), self.units)
        return params, {}, input_shape[:-1] + (self.units,)

    def linear(self, params, x):
        """``x @ W`` on the last axis."""
        w = params["kernel"]
        if x.ndim < 2:
            raise self.shape_error("an input of shape", f"(batch, {w.shape[0]})", tuple(x.shape),
                                   "Add the batch dimension: x[None] for one example, "
                                   "x[:, None] for a batch of scalars.")
        if x.shape[-1] != w.shape[0]:
            raise self.shape_error("inputs with", f"{w.shape[0]} features (last axis): (batch, {w.shape[0]})",
                                   f"{x.shape[-1]} features in shape {tuple(x.shape)}",
                                   "This layer was initialised for a different input size; check the "
                                   "previous layer or the model's input_shape.")
        return jnp.matmul(x, w)
