"""Adagrad: per-coordinate step sizes from the running sum of squared gradients."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import optax

from .base import Hyper, full_like, make_optimizer


def adagrad(
    learning_rate: Hyper,
    initial_accumulator_value: float = 0.1,
    eps: float = 1e-7,
) -> optax.GradientTransformation:
    r"""Adagrad (optax's ``adagrad``)::

        G_t     = G_{t-1} + g_t^2                     (G_0 = initial_accumulator_value)
        w_{t+1} = w_t - lr * g_t / sqrt(G_t + eps)

    Coordinates that have seen large gradients get small steps, rare ones keep large
    steps; the sum only grows, so the effective step size decays like 1/sqrt(t).

    Args:
      learning_rate: ``lr`` >= 0 or a schedule.
      initial_accumulator_value: starting value of ``G`` (>= 0); not a hyperparameter
        you can change later (it only sets the initial state).
      eps: added inside the square root.

    Reference:
      Duchi, Hazan and Singer, Adaptive Subgradient Methods for Online Learning and
      Stochastic Optimization, JMLR 2011.
    """
    if float(initial_accumulator_value) < 0:
        raise ValueError(f"adagrad: initial_accumulator_value must be >= 0, "
                         f"got {initial_accumulator_value!r}")

    def init_slots(params):
        return {"sum_of_squares": full_like(params, initial_accumulator_value)}

    def step(grads, slots, params, hp, count):
        lr, eps_ = hp["learning_rate"], hp["eps"]
        G = jax.tree.map(lambda g, s: g * g + s, grads, slots["sum_of_squares"])
        # where G == 0 (never any gradient) the step is 0 instead of 0/sqrt(eps)
        scale = jax.tree.map(lambda s: jnp.where(s > 0, jax.lax.rsqrt(s + eps_), 0.0), G)
        updates = jax.tree.map(lambda c, g: -lr * (c * g), scale, grads)
        return updates, {"sum_of_squares": G}

    return make_optimizer("adagrad", {"learning_rate": learning_rate, "eps": eps},
                          init_slots, step)
