"""Batch normalization (Ioffe & Szegedy, 2015), with Keras' semantics.

For each channel c (the ``axis``), over all other axes of the batch:

    train:  mu = mean(x),  var = mean((x - mu)^2)           (batch statistics, biased variance)
            y  = gamma * (x - mu) / sqrt(var + epsilon) + beta
            running_mean <- momentum * running_mean + (1 - momentum) * mu
            running_var  <- momentum * running_var  + (1 - momentum) * var
    eval:   y  = gamma * (x - running_mean) / sqrt(running_var + epsilon) + beta   (state unchanged)

``params = {"gamma", "beta"}`` are learned; ``state = {"mean", "var"}`` is the running estimate
that ``apply(train=True)`` returns updated and ``apply(train=False)`` never writes.
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from .base import Shape
from .. import initializers
from .weights import WeightsLayer


class BatchNorm(WeightsLayer):
    """Batch normalization (Keras ``BatchNormalization``). Shapes: unchanged.

    Args:
        momentum: running-average momentum (Keras default 0.99; PyTorch's 0.1 is 1 - this).
        epsilon: added to the variance before the square root.
        center / scale: learn ``beta`` / ``gamma``.
        axis: the channel axis *counting the batch axis* (-1: NHWC images and Dense features).
    """

    regularized = {"gamma": "gamma_regularizer", "beta": "beta_regularizer"}

    def __init__(self, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, axis: int = -1, beta_initializer: Any = "zeros",
                 gamma_initializer: Any = "ones", moving_mean_initializer: Any = "zeros",
                 moving_variance_initializer: Any = "ones", beta_regularizer: Any = None,
                 gamma_regularizer: Any = None, input_shape: Optional[Shape] = None,
                 name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        if not 0.0 <= float(momentum) <= 1.0:
            raise ValueError(f"BatchNorm: momentum must be in [0, 1] (Keras convention: the weight "
                             f"of the old running value, e.g. 0.99), got {momentum!r}")
        if not float(epsilon) > 0.0:
            raise ValueError(f"BatchNorm: epsilon must be > 0, got {epsilon!r}")
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.center, self.scale, self.axis = bool(center), bool(scale), int(axis)
        self._inits = {k: initializers.get(v) for k, v in (
            ("beta", beta_initializer), ("gamma", gamma_initializer),
            ("mean", moving_mean_initializer), ("var", moving_variance_initializer))}
        self.set_regularizers(beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer)

    def _channel_axis(self, rank: int, shape: Shape) -> int:
        ax = self.axis + rank if self.axis < 0 else self.axis
        if not 0 < ax < rank:
            raise self.shape_error(f"an input whose axis {self.axis} is a channel axis (not the "
                                   "batch axis)", f"rank > {max(self.axis, -self.axis - 1)}",
                                   f"shape {tuple(shape)}")
        return ax

    def init(self, key: jax.Array, input_shape: Shape):
        input_shape = tuple(int(d) for d in input_shape)
        ax = self._channel_axis(len(input_shape) + 1, (None, *input_shape))
        c = (input_shape[ax - 1],)
        keys = jax.random.split(key, 4)
        params = {}
        if self.scale:
            params["gamma"] = self._inits["gamma"](keys[0], c, jnp.float32)
        if self.center:
            params["beta"] = self._inits["beta"](keys[1], c, jnp.float32)
        state = {"mean": self._inits["mean"](keys[2], c, jnp.float32),
                 "var": self._inits["var"](keys[3], c, jnp.float32)}
        return params, state, input_shape

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        ax = self._channel_axis(x.ndim, x.shape)
        c = state["mean"].shape[0]
        if x.shape[ax] != c:
            raise self.shape_error(f"an input with {c} channels on axis {self.axis}", c,
                                   f"{x.shape[ax]} in shape {tuple(x.shape)}")
        bshape = [1] * x.ndim
        bshape[ax] = c
        reduce_axes = tuple(i for i in range(x.ndim) if i != ax)
        if train:
            mean = jnp.mean(x, axis=reduce_axes)
            var = jnp.mean(jnp.square(x - mean.reshape(bshape)), axis=reduce_axes)
            m = self.momentum
            new_state = {
                "mean": jax.lax.stop_gradient(m * state["mean"] + (1.0 - m) * mean).astype(state["mean"].dtype),
                "var": jax.lax.stop_gradient(m * state["var"] + (1.0 - m) * var).astype(state["var"].dtype),
            }
        else:
            mean, var, new_state = state["mean"], state["var"], state
        inv = jax.lax.rsqrt(var + self.epsilon)
        if self.scale:
            inv = inv * params["gamma"]
        y = (x - mean.reshape(bshape)) * inv.reshape(bshape)
        if self.center:
            y = y + params["beta"].reshape(bshape)
        return y, new_state


BatchNormalization = BatchNorm
