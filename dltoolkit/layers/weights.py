"""Layers that own trainable weights with optional regularizers.

    penalty(params) = sum over regularized weights w of  regularizer(w)     (added to the loss by fit)

A subclass lists its regularized weights in ``regularized`` (param name -> constructor
argument holding the regularizer); ``penalty`` and ``get_config`` (which saves regularizer
objects as plain dicts) follow from that one table.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from .. import regularizers as _regularizers
from .base import Layer


class WeightsLayer(Layer):
    """A Layer with regularizable weights (see the module docstring)."""

    #: param name -> the attribute / constructor argument with its regularizer
    regularized: dict = {"kernel": "kernel_regularizer", "bias": "bias_regularizer"}

    def set_regularizers(self, **specs: Any) -> None:
        """``self.<arg> = dl.regularizers.get(spec)`` for each constructor argument given."""
        for arg, spec in specs.items():
            setattr(self, arg, _regularizers.get(spec))

    def penalty(self, params) -> Any:
        """``sum reg(w)`` over the regularized weights present, as a float32 scalar."""
        total = jnp.zeros((), jnp.float32)
        for weight, arg in self.regularized.items():
            reg, w = getattr(self, arg, None), params.get(weight)
            if reg is not None and w is not None:
                total = total + reg(w)
        return total

    def get_config(self) -> dict:
        cfg = super().get_config()
        for arg in self.regularized.values():
            reg = cfg.get(arg)
            if isinstance(reg, _regularizers.Regularizer):
                cfg[arg] = _regularizers.serialize(reg)
        return cfg
