"""Activation functions as layers (Keras names and defaults). Shapes are unchanged.

    Activation(f):  y = f(x)                   any ``dl.activations`` name or callable
    ReLU:           y = max_value               if x >= max_value
                    y = x                       if threshold <= x < max_value
                    y = negative_slope (x - threshold)   otherwise
    LeakyReLU(a):   y = x if x >= 0 else a x    (Keras default a = 0.3)
    PReLU:          y = x if x >= 0 else alpha x, alpha *learned* (He et al., 2015), init 0
    ELU(alpha):     y = x if x > 0 else alpha (e^x - 1)
    Softmax(axis):  y_i = e^{x_i} / sum_j e^{x_j}
"""
from __future__ import annotations

from typing import Any, Optional, Sequence

import jax
import jax.numpy as jnp

from .base import Layer, Shape
from .weights import WeightsLayer
from .. import activations as _act
from .. import initializers


class _Elementwise(Layer):
    """A parameter-free layer ``y = self.fn(x)``."""

    def init(self, key: jax.Array, input_shape: Shape):
        return {}, {}, tuple(input_shape)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        return self.fn(jnp.asarray(x)), state

    def apply_logits(self, params, state, x, *, train: bool = False, key=None):
        """The input itself: this layer *is* the output activation (``output_activation``)."""
        return jnp.asarray(x), state


class Activation(_Elementwise):
    """Apply an activation function: ``Activation("relu")``, ``Activation(jnp.tanh)``."""

    def __init__(self, activation: Any, input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.activation = activation
        self.fn = _act.get(activation)

    def output_activation(self) -> Optional[str]:
        act = self.activation
        return act if isinstance(act, str) and act in ("softmax", "sigmoid") else None


class ReLU(_Elementwise):
    """Keras ``ReLU(max_value=None, negative_slope=0, threshold=0)``; plain ``max(0, x)`` by default."""

    def __init__(self, max_value: Optional[float] = None, negative_slope: float = 0.0,
                 threshold: float = 0.0, input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if max_value is not None and max_value < 0:
            raise ValueError(f"ReLU: max_value must be >= 0 or None, got {max_value!r}")
        if negative_slope < 0:
            raise ValueError(f"ReLU: negative_slope must be >= 0, got {negative_slope!r}")
        self.max_value = None if max_value is None else float(max_value)
        self.negative_slope, self.threshold = float(negative_slope), float(threshold)

    def fn(self, x):
        y = jnp.where(x >= self.threshold, x, self.negative_slope * (x - self.threshold))
        if self.max_value is not None:
            y = jnp.where(x >= self.max_value, jnp.asarray(self.max_value, y.dtype), y)
        return y


class LeakyReLU(_Elementwise):
    """``y = x if x >= 0 else negative_slope * x`` (Keras 3 ``negative_slope``, Keras 2 ``alpha``; 0.3)."""

    def __init__(self, negative_slope: float = 0.3, alpha: Optional[float] = None,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if alpha is not None:
            negative_slope = alpha
        self.negative_slope = float(negative_slope)
        if hasattr(self, "_config"):  # store one spelling, so configs compare equal
            self._config.update(negative_slope=self.negative_slope, alpha=None)

    def fn(self, x):
        return _act.leaky_relu(x, self.negative_slope)


class ELU(_Elementwise):
    """``y = x if x > 0 else alpha * (exp(x) - 1)`` (Keras default alpha = 1)."""

    def __init__(self, alpha: float = 1.0, input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.alpha = float(alpha)

    def fn(self, x):
        return _act.elu(x, self.alpha)


class Softmax(_Elementwise):
    """``y = softmax(x)`` along ``axis`` (stable: the maximum is subtracted first)."""

    def __init__(self, axis: int = -1, input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self.axis = int(axis)

    def fn(self, x):
        return _act.softmax(x, axis=self.axis)

    def output_activation(self) -> Optional[str]:
        return "softmax" if self.axis == -1 else None


class PReLU(WeightsLayer):
    """Parametric ReLU ``y = max(0, x) + alpha * min(0, x)`` with a learned slope ``alpha``.

    ``params = {"alpha": (input_shape with shared axes set to 1)}``; ``shared_axes`` count from 1
    (the first non-batch axis), as in Keras: for NHWC maps ``shared_axes=(1, 2)`` learns one
    slope per channel. ``alpha`` starts at 0 (Keras' default), i.e. as a plain ReLU.
    """

    regularized = {"alpha": "alpha_regularizer"}

    def __init__(self, alpha_initializer: Any = "zeros", alpha_regularizer: Any = None,
                 shared_axes: Optional[Sequence[int]] = None, input_shape: Optional[Shape] = None,
                 name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        self._init = initializers.get(alpha_initializer)
        self.set_regularizers(alpha_regularizer=alpha_regularizer)
        if shared_axes is not None and isinstance(shared_axes, int):
            shared_axes = (shared_axes,)
        self.shared_axes = None if shared_axes is None else tuple(int(a) for a in shared_axes)

    def init(self, key: jax.Array, input_shape: Shape):
        shape = [int(d) for d in input_shape]
        for a in self.shared_axes or ():
            if not 1 <= a <= len(shape):
                raise self.shape_error(f"shared_axes within 1..{len(shape)} (axis 0 is the batch) "
                                       "for input_shape", tuple(shape), f"shared_axes={self.shared_axes}")
            shape[a - 1] = 1
        return {"alpha": self._init(key, tuple(shape), jnp.float32)}, {}, tuple(input_shape)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        alpha = params["alpha"]
        if x.ndim != alpha.ndim + 1 or any(a not in (1, d) for a, d in zip(alpha.shape, x.shape[1:])):
            raise self.shape_error("inputs of shape", f"(batch, {', '.join(map(str, alpha.shape))}) "
                                   "(1 = shared axis)", tuple(x.shape))
        return jnp.maximum(x, 0) + alpha * jnp.minimum(x, 0), state
