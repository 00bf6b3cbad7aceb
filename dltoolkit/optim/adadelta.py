"""Adadelta: Adagrad with a moving window, and units fixed by a running average of steps."""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp
import optax

from .base import Hyper, add_weight_decay, make_optimizer, need_params, zeros_like


def adadelta(
    learning_rate: Optional[Hyper] = None,
    rho: float = 0.9,
    eps: float = 1e-6,
    weight_decay: Hyper = 0.0,
    weight_decay_mask: Any = None,
) -> optax.GradientTransformation:
    r"""Adadelta (optax's ``adadelta``)::

        g_t      = g_t + weight_decay * w_t                  (optional L2-style decay)
        E[g^2]_t = rho * E[g^2]_{t-1} + (1 - rho) * g_t^2
        dx_t     = sqrt(E[dx^2]_{t-1} + eps) / sqrt(E[g^2]_t + eps) * g_t
        E[dx^2]_t = rho * E[dx^2]_{t-1} + (1 - rho) * dx_t^2
        w_{t+1}  = w_t - lr * dx_t

    The ratio of RMS values gives the step the units of ``w``, so the paper needs no
    learning rate: ``learning_rate=None`` means ``lr = 1`` (a descent step). Note that
    optax's ``adadelta(None)`` returns ``+dx`` (no sign flip); give a number to compare.

    Args:
      learning_rate: global scale ``lr`` (None: 1.0) or a schedule.
      rho: decay of both running averages, in [0, 1).
      eps: added inside both square roots.
      weight_decay: added to the gradient before scaling (>= 0).
      weight_decay_mask: which leaves get weight decay (see ``add_weight_decay``).

    Reference:
      Zeiler, ADADELTA: An Adaptive Learning Rate Method, arXiv:1212.5701, 2012.
    """
    lr0 = 1.0 if learning_rate is None else learning_rate
    hyper = {"learning_rate": lr0, "rho": rho, "eps": eps, "weight_decay": weight_decay}

    def init_slots(params):
        return {"e_g": zeros_like(params), "e_x": zeros_like(params)}

    def step(grads, slots, params, hp, count):
        lr, r, e = hp["learning_rate"], hp["rho"], hp["eps"]
        # with params given the decay is always applied (so it can be set later);
        # a constant 0 decay needs no params.
        if params is not None or callable(weight_decay) or weight_decay != 0.0:
            need_params("adadelta", params)
            grads = add_weight_decay(grads, params, hp["weight_decay"], weight_decay_mask)
        e_g = jax.tree.map(lambda g, m: (1 - r) * (g**2) + r * m, grads, slots["e_g"])
        dx = jax.tree.map(lambda g, eg, ex: (jnp.sqrt(ex + e) / jnp.sqrt(eg + e)) * g,
                          grads, e_g, slots["e_x"])
        e_x = jax.tree.map(lambda d, m: (1 - r) * (d**2) + r * m, dx, slots["e_x"])
        updates = jax.tree.map(lambda d: -lr * d, dx)
        return updates, {"e_g": e_g, "e_x": e_x}

    return make_optimizer("adadelta", hyper, init_slots, step)
