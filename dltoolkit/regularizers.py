"""Weight penalties added to the loss (Keras' ``kernel_regularizer=``).

    L1:   Omega(W) = l1 * sum |W|          (pushes weights to exactly zero: sparsity)
    L2:   Omega(W) = l2 * sum W^2          (shrinks all weights: "weight decay" for plain SGD)

Keras convention: the penalty is ``l2 * sum(W**2)`` with no factor 1/2, so its gradient is
``2 * l2 * W``. With SGD, L2 and weight decay coincide (decay = 2 * lr * l2); with Adam they
do not, which is why AdamW applies decay outside the adaptive scaling (see ``dl.optim.adamw``).
"""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp

from ._names import lookup


class Regularizer:
    """A callable ``w -> scalar penalty``; subclasses carry their config for checkpoints."""

    def __call__(self, w: jax.Array) -> jax.Array:
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}


class L1L2(Regularizer):
    """``l1 * sum|w| + l2 * sum w^2``."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        for label, v in (("l1", l1), ("l2", l2)):
            if not (float(v) >= 0.0):
                raise ValueError(f"regularization strength {label} must be >= 0, got {v!r}")
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, w):
        out = jnp.zeros((), jnp.result_type(w.dtype, jnp.float32))
        if self.l1:
            out = out + self.l1 * jnp.sum(jnp.abs(w))
        if self.l2:
            out = out + self.l2 * jnp.sum(jnp.square(w))
        return out

    def get_config(self):
        return {"class": "L1L2", "l1": self.l1, "l2": self.l2}

    def __repr__(self):
        return f"L1L2(l1={self.l1}, l2={self.l2})"


def l1(l1: float = 0.01) -> L1L2:
    """L1 penalty ``l1 * sum |w|`` (Keras default strength 0.01)."""
    return L1L2(l1=l1)


def l2(l2: float = 0.01) -> L1L2:
    """L2 penalty ``l2 * sum w^2`` (Keras default strength 0.01)."""
    return L1L2(l2=l2)


def l1_l2(l1: float = 0.01, l2: float = 0.01) -> L1L2:
    """Both penalties."""
    return L1L2(l1=l1, l2=l2)


_TABLE = {"l1": l1, "l2": l2, "l1_l2": l1_l2}


def get(spec: Any) -> Optional[Regularizer]:
    """``None`` -> None; ``"l2"`` -> ``l2()``; a config dict -> rebuilt; a callable -> itself."""
    if spec is None:
        return None
    if isinstance(spec, dict):
        return L1L2(l1=spec.get("l1", 0.0), l2=spec.get("l2", 0.0))
    if isinstance(spec, str):
        return lookup("regularizer", spec, _TABLE)()
    if callable(spec):
        return spec
    raise TypeError(f"kernel_regularizer must be None, a name, or a callable w -> penalty; got {spec!r}")


def serialize(reg: Optional[Regularizer]):
    """Config for checkpoints (None stays None)."""
    if reg is None:
        return None
    if isinstance(reg, Regularizer):
        return reg.get_config()
    raise TypeError(f"cannot save custom regularizer {reg!r}: use dl.regularizers.l1/l2/l1_l2")


def l2_penalty(params: Any, l2: float = 1.0, *, kernels_only: bool = True) -> jax.Array:
    """``l2 * sum w^2`` over a params tree, for hand-written training loops.

    With ``kernels_only`` (default) only leaves named ``kernel`` are penalized, the usual
    choice: biases and BatchNorm scales are left alone.
    """
    leaves = jax.tree_util.tree_leaves_with_path(params)
    total = jnp.zeros((), jnp.float32)
    for path, w in leaves:
        name = str(getattr(path[-1], "key", path[-1])) if path else ""
        if kernels_only and name != "kernel":
            continue
        total = total + jnp.sum(jnp.square(w))
    return l2 * total
