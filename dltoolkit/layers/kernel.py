"""The kernel-and-bias layers (Dense, Conv2D, ConvTranspose2D): one shared skeleton.

    z = linear(x; W) + b          (the layer's own ``linear``: a matrix product, a convolution, ...)
    y = activation(z)

``init_kernel`` draws ``W`` and ``b`` from the initializers; ``apply`` adds the bias and applies
the activation; ``apply_logits`` returns ``z``, which the engine uses for cross-entropy from
logits when the activation is softmax or sigmoid (``output_activation``).
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from .. import activations, initializers
from .weights import WeightsLayer


def positive_int(value: Any, what: str, layer: str) -> int:
    """``value`` as an int, or a ``ValueError`` naming the layer and the argument."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{layer}: {what} must be a positive int, got {value!r}")
    return int(value)


class KernelLayer(WeightsLayer):
    """Base of layers ``y = activation(linear(x, kernel) + bias)``; subclasses define ``linear``."""

    def set_kernel_options(self, activation: Any, use_bias: bool, kernel_initializer: Any,
                           bias_initializer: Any, kernel_regularizer: Any, bias_regularizer: Any):
        """Store (and check) the options every kernel layer has, with Keras' names."""
        self.activation = activation
        self.use_bias = bool(use_bias)
        self.activation_fn = activations.get(activation)
        self.kernel_init = initializers.get(kernel_initializer)
        self.bias_init = initializers.get(bias_initializer)
        self.set_regularizers(kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer)

    def init_kernel(self, key: jax.Array, kernel_shape: tuple, units: int) -> dict:
        """``{"kernel": W of kernel_shape, "bias": b of (units,)}`` (no bias without use_bias)."""
        k_key, b_key = jax.random.split(key)
        params = {"kernel": self.kernel_init(k_key, tuple(kernel_shape), jnp.float32)}
        if self.use_bias:
            params["bias"] = self.bias_init(b_key, (units,), jnp.float32)
        return params

    def linear(self, params: dict, x: jax.Array) -> jax.Array:
        """The weighted sum without bias and activation (checks the input shape)."""
        raise NotImplementedError

    def apply_logits(self, params, state, x, *, train: bool = False, key=None):
        z = self.linear(params, jnp.asarray(x))
        if self.use_bias:
            z = z + params["bias"]
        return z, state

    def apply(self, params, state, x, *, train: bool = False, key=None):
        z, state = self.apply_logits(params, state, x)
        return self.activation_fn(z), state

    def output_activation(self) -> Optional[str]:
        act = self.activation
        return act if isinstance(act, str) and act in ("softmax", "sigmoid") else None
