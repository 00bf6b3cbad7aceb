"""Layers that only rearrange numbers: Flatten and Reshape (the batch axis is never touched)."""
from __future__ import annotations

import math
from typing import Optional, Sequence

import jax
import jax.numpy as jnp

from .base import Layer, Shape


class Flatten(Layer):
    """Flatten everything but the batch axis: ``(batch, d1, d2, ...) -> (batch, d1*d2*...)``.

    The bridge between convolutional feature maps and Dense layers (row-major/"C" order,
    so a (batch, H, W, C) map becomes features ordered by row, then column, then channel).
    """

    def __init__(self, input_shape: Optional[Shape] = None, name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)

    def init(self, key: jax.Array, input_shape: Shape):
        return {}, {}, (math.prod(int(d) for d in input_shape),)

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        if x.ndim < 1:
            raise self.shape_error("an input with a batch axis", "(batch, ...)", tuple(x.shape))
        return x.reshape(x.shape[0], -1), state


class Reshape(Layer):
    """Reshape each example to ``target_shape`` (batch excluded): ``(batch, *in) -> (batch, *target)``.

    One entry of ``target_shape`` may be -1, meaning "whatever makes the sizes match".
    """

    def __init__(self, target_shape: Sequence[int], input_shape: Optional[Shape] = None,
                 name: Optional[str] = None):
        super().__init__(name=name, input_shape=input_shape)
        try:
            self.target_shape = tuple(int(d) for d in target_shape)
        except TypeError:
            raise ValueError(f"Reshape: target_shape must be a tuple of ints, got {target_shape!r}") from None
        if sum(d == -1 for d in self.target_shape) > 1 or any(d == 0 or d < -1 for d in self.target_shape):
            raise ValueError(f"Reshape: target_shape must hold positive sizes and at most one -1, "
                             f"got {target_shape!r}")

    def _resolve(self, in_shape: Shape) -> Shape:
        size = math.prod(int(d) for d in in_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        if -1 in self.target_shape:
            if size % known:
                raise self.shape_error("an input whose size is a multiple of", known,
                                       f"shape {tuple(in_shape)} ({size} values per example)",
                                       f"Cannot reshape to {self.target_shape}.")
            return tuple(size // known if d == -1 else d for d in self.target_shape)
        if size != known:
            raise self.shape_error(f"an input with {known} values per example to reshape to",
                                   self.target_shape, f"shape {tuple(in_shape)} ({size} values)",
                                   "Reshape keeps the number of values; the batch axis is excluded.")
        return self.target_shape

    def init(self, key: jax.Array, input_shape: Shape):
        return {}, {}, self._resolve(tuple(input_shape))

    def apply(self, params, state, x, *, train: bool = False, key=None):
        x = jnp.asarray(x)
        if x.ndim < 1:
            raise self.shape_error("an input with a batch axis", "(batch, ...)", tuple(x.shape))
        return x.reshape(x.shape[0], *self._resolve(x.shape[1:])), state
