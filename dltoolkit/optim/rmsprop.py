"""RMSprop: divide the gradient by a running RMS of recent gradients."""
from __future__ import annotations

from typing import Optional

import jax
import jax.numpy as jnp
import optax

from .base import Hyper, full_like, make_optimizer, zeros_like


def rmsprop(
    learning_rate: Hyper,
    decay: float = 0.9,
    eps: float = 1e-8,
    initial_scale: float = 0.0,
    eps_in_sqrt: bool = True,
    centered: bool = False,
    momentum: Optional[float] = None,
    nesterov: bool = False,
    bias_correction: bool = False,
) -> optax.GradientTransformation:
    r"""RMSprop (optax's ``rmsprop``)::

        nu_t    = decay * nu_{t-1} + (1 - decay) * g_t^2          (nu_0 = initial_scale)
        mu_t    = decay * mu_{t-1} + (1 - decay) * g_t            (centered only)
        s_t     = nu_t - mu_t^2   if centered else   nu_t          (a variance estimate)
        u_t     = -lr * g_t / sqrt(s_t + eps)                     (eps_in_sqrt=True)
                  -lr * g_t / (sqrt(s_t) + eps)                   (eps_in_sqrt=False, Keras/PyTorch)
        v_t     = u_t + momentum * v_{t-1};  step = v_t  (or u_t + momentum * v_t, nesterov)
        w_{t+1} = w_t + step

    With ``bias_correction`` the averages are divided by ``1 - decay^t`` as in Adam.
    Momentum accumulates the already lr-scaled steps (as in Keras and optax).

    Args:
      learning_rate: ``lr`` >= 0 or a schedule.
      decay: forgetting factor of the running averages, in [0, 1).
      eps: stabilizer (inside or outside the square root, see ``eps_in_sqrt``).
      initial_scale: starting value of ``nu`` (only used at init).
      eps_in_sqrt, centered, bias_correction: variants above (static choices).
      momentum: None (no buffer) or a value in [0, 1).
      nesterov: Nesterov look-ahead on the momentum buffer.

    Reference:
      Hinton, Neural Networks for Machine Learning, lecture 6e, 2012;
      Graves, Generating Sequences With Recurrent Neural Networks, 2013 (centered).
    """
    if nesterov and momentum is None:
        raise ValueError("rmsprop: nesterov=True needs a momentum value, e.g. momentum=0.9")
    hyper: dict[str, Hyper] = {"learning_rate": learning_rate, "decay": decay, "eps": eps}
    if momentum is not None:
        hyper["momentum"] = momentum
    if float(initial_scale) < 0:
        raise ValueError(f"rmsprop: initial_scale must be >= 0, got {initial_scale!r}")

    def init_slots(params):
        slots = {"nu": full_like(params, initial_scale)}
        if centered:
            slots["mu"] = zeros_like(params)
        if momentum is not None:
            slots["trace"] = zeros_like(params)
        return slots

    def step(grads, slots, params, hp, count):
        lr, d, e = hp["learning_rate"], hp["decay"], hp["eps"]
        new = dict(slots)
        new["nu"] = jax.tree.map(lambda g, n: (1 - d) * (g**2) + d * n, grads, slots["nu"])
        nu, t = new["nu"], count + 1
        if bias_correction:
            nu = jax.tree.map(lambda n: n / (1 - d**t), nu)
        if centered:
            new["mu"] = jax.tree.map(lambda g, m: (1 - d) * g + d * m, grads, slots["mu"])
            mu = new["mu"]
            if bias_correction:
                mu = jax.tree.map(lambda m: m / (1 - d**t), mu)
            nu = jax.tree.map(lambda n, m: n - m**2, nu, mu)
        if eps_in_sqrt:
            scale = jax.tree.map(lambda s: jax.lax.rsqrt(s + e), nu)
        else:
            scale = jax.tree.map(lambda s: 1 / (jnp.sqrt(s) + e), nu)
        updates = jax.tree.map(lambda c, g: -lr * (c * g), scale, grads)
        if momentum is not None:
            m = hp["momentum"]
            new["trace"] = jax.tree.map(lambda u, v: u + m * v, updates, slots["trace"])
            updates = (jax.tree.map(lambda u, v: u + m * v, updates, new["trace"])
                       if nesterov else new["trace"])
        return updates, new

    return make_optimizer("rmsprop", hyper, init_slots, step)
