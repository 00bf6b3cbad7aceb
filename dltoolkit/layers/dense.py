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
from ._weights import WeightsLayer, get_activation, get_initializer, sum_penalties
from .. import regularizers as _regularizers


class Dense(WeightsLayer):
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
        if isinstance(units, bool) or not isinstance(units, int) or units < 1:
            raise ValueError(f"Dense: units must be a positive int, got {units!r}")
        self.units = int(units)
        self.activation = activation
        self.use_bias = bool(use_bias)
        self._act = get_activation(activation)
        self._kinit = get_initializer(kernel_initializer)
        self._binit = get_initializer(bias_initializer)
        self.kernel_regularizer = _regularizers.get(kernel_regularizer)
        self.bias_regularizer = _regularizers.get(bias_regularizer)

    def init(self, key: jax.Array, input_shape: Shape):
        input_shape = tuple(int(d) for d in input_shape)
        if len(input_shape) < 1:
            raise self.shape_error("an input_shape with at least one axis (features,)", "(in,)",
                                   input_shape, "input_shape excludes the batch dimension.")
        fan_in = input_shape[-1]
        k_key, b_key = jax.random.split(key)
        params = {"kernel": self._kinit(k_key, (fan_in, self.units), jnp.float32)}
        if self.use_bias:
            params["bias"] = self._binit(b_key, (self.units,), jnp.float32)
        return params, {}, input_shape[:-1] + (self.units,)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        w = params["kernel"]
        x = jnp.asarray(x)
        if x.ndim < 2:
            raise self.shape_error("an input of shape", f"(batch, {w.shape[0]})", tuple(x.shape),
                                   "Add the batch dimension: x[None] for one example, "
                                   "x[:, None] for a batch of scalars.")
        if x.shape[-1] != w.shape[0]:
            raise self.shape_error("inputs with", f"{w.shape[0]} features (last axis): (batch, {w.shape[0]})",
                                   f"{x.shape[-1]} features in shape {tuple(x.shape)}",
                                   "This layer was initialised for a different input size; check the "
                                   "previous layer or the model's input_shape.")
        y = jnp.matmul(x, w)
        if self.use_bias:
            y = y + params["bias"]
        return self._act(y), state

    def penalty(self, params):
        return sum_penalties([(self.kernel_regularizer, params.get("kernel")),
                              (self.bias_regularizer, params.get("bias"))])
