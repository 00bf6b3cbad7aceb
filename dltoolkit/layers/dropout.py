"""Dropout: during training, zero each unit with probability ``rate`` (inverted dropout).

    train:  y = x * m / (1 - rate),   m ~ Bernoulli(1 - rate) elementwise
    eval:   y = x

Scaling the kept units by 1/(1 - rate) keeps the expected activation unchanged,
E[y] = x, so nothing needs rescaling at test time. One view (Srivastava et al., 2014):
training samples a thinned sub-network each step; evaluation averages the ensemble.
"""
from __future__ import annotations

from typing import Optional, Sequence

import jax
import jax.numpy as jnp

from .base import Layer, Shape


class Dropout(Layer):
    """Inverted dropout (Keras ``Dropout``). ``rate`` is the probability of *dropping* a unit.

    Args:
        rate: drop probability in [0, 1). ``Dropout(0.2)`` keeps 80% of units.
        noise_shape: optional mask shape (batch included) broadcast against the input,
            e.g. ``(batch, 1, 1, C)`` drops whole channels.

    Shapes: unchanged. ``apply(..., train=True, key=k)`` needs a PRNG key; ``fit`` passes one.
    """

    def __init__(self, rate: float, noise_shape: Optional[Sequence[int]] = None,
                 input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        try:
            rate = float(rate)
        except (TypeError, ValueError):
            raise ValueError(f"Dropout: rate must be a number in [0, 1), got {rate!r}") from None
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"Dropout: rate is the probability of DROPPING a unit and must be in "
                             f"[0, 1); got {rate}. (Dropout(0.2) keeps 80% of the units.)")
        self.rate = rate
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)

    def init(self, key: jax.Array, input_shape: Shape):
        return {}, {}, tuple(input_shape)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        if not train or self.rate == 0.0:
            return x, state
        if key is None:
            raise ValueError(
                f"Dropout layer '{self.name or self.default_name}' was called with train=True but no "
                "random key: pass key=jax.random.key(...) to apply (use a fresh key each step). "
                "model.fit does this for you; for evaluation use train=False.")
        shape = x.shape if self.noise_shape is None else tuple(
            x.shape[i] if d is None else d for i, d in enumerate(self.noise_shape))
        keep = jax.random.bernoulli(key, 1.0 - self.rate, shape)
        return jnp.where(keep, x / (1.0 - self.rate), jnp.zeros((), x.dtype)), state
