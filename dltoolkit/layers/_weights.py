"""Helpers shared by layers that own weights: initializers, regularizers, activations, config."""
from __future__ import annotations

from typing import Any, Callable, Optional

import jax.numpy as jnp

from .. import regularizers as _regularizers
from .base import Layer


def get_initializer(spec: Any) -> Callable:
    """``dl.initializers.get`` (imported lazily so the layers package imports on its own)."""
    from .. import initializers

    return initializers.get(spec)


def get_activation(spec: Any) -> Callable:
    """``dl.activations.get``: ``None``/``"linear"`` -> identity, a name -> function, callable -> itself."""
    from .. import activations

    return activations.get(spec)


def penalty_of(reg: Optional[Callable], w) -> Any:
    """Regularizer penalty of one weight, 0.0 when there is no regularizer."""
    return 0.0 if reg is None else reg(w)


def sum_penalties(pairs) -> Any:
    """``sum(reg(w))`` over ``(regularizer, weight)`` pairs, as a float32 scalar."""
    total = jnp.zeros((), jnp.float32)
    for reg, w in pairs:
        if reg is not None and w is not None:
            total = total + reg(w)
    return total


class WeightsLayer(Layer):
    """A Layer whose config holds regularizers: ``get_config`` stores them as plain dicts."""

    _regularizer_args: tuple = ("kernel_regularizer", "bias_regularizer")

    def get_config(self) -> dict:
        cfg = super().get_config()
        for arg in self._regularizer_args:
            reg = cfg.get(arg)
            if isinstance(reg, _regularizers.Regularizer):
                cfg[arg] = _regularizers.serialize(reg)
        return cfg
