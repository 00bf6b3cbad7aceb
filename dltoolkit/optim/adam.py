"""Adam and its variants AdamW (decoupled weight decay) and NAdam (Nesterov)."""
from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp
import optax

from .base import Hyper, add_weight_decay, make_optimizer, need_params, zeros_like


def _adam(name: str, learning_rate: Hyper, b1, b2, eps, eps_root, mu_dtype, nesterov: bool,
          weight_decay: Optional[Hyper] = None, mask: Any = None) -> optax.GradientTransformation:
    hyper = {"learning_rate": learning_rate, "b1": b1, "b2": b2, "eps": eps, "eps_root": eps_root}
    if weight_decay is not None:
        hyper["weight_decay"] = weight_decay

    def init_slots(params):
        return {"mu": zeros_like(params, mu_dtype), "nu": zeros_like(params)}

    def step(grads, slots, params, hp, count):
        lr, beta1, beta2 = hp["learning_rate"], hp["b1"], hp["b2"]
        t = count + 1
        mu = jax.tree.map(lambda g, m: (1 - beta1) * g + beta1 * m, grads, slots["mu"])
        nu = jax.tree.map(lambda g, v: (1 - beta2) * (g**2) + beta2 * v, grads, slots["nu"])
        if nesterov:  # look ahead: b1 * m_hat(t+1) + (1 - b1) * g_hat(t)
            mu_hat = jax.tree.map(
                lambda m, g: beta1 * (m / (1 - beta1 ** (t + 1))) + (1 - beta1) * (g / (1 - beta1**t)),
                mu, grads)
        else:
            mu_hat = jax.tree.map(lambda m: m / (1 - beta1**t), mu)
        nu_hat = jax.tree.map(lambda v: v / (1 - beta2**t), nu)
        updates = jax.tree.map(lambda m, v: m / (jnp.sqrt(v + hp["eps_root"]) + hp["eps"]),
                               mu_hat, nu_hat)
        if weight_decay is not None:  # decoupled: outside the adaptive scaling
            need_params(name, params)
            updates = add_weight_decay(updates, params, hp["weight_decay"], mask)
        updates = jax.tree.map(lambda u: -lr * u, updates)
        if mu_dtype is not None:
            mu = jax.tree.map(lambda m: m.astype(mu_dtype), mu)
        return updates, {"mu": mu, "nu": nu}

    return make_optimizer(name, hyper, init_slots, step)


def adam(learning_rate: Hyper, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8,
         eps_root: float = 0.0, mu_dtype: Optional[Any] = None, *,
         nesterov: bool = False) -> optax.GradientTransformation:
    r"""Adam (optax's ``adam``; Algorithm 1 of Kingma & Ba)::

        m_t     = b1 * m_{t-1} + (1 - b1) * g_t                 (first moment)
        v_t     = b2 * v_{t-1} + (1 - b2) * g_t^2               (second moment)
        m_hat   = m_t / (1 - b1^t),   v_hat = v_t / (1 - b2^t)  (bias correction, t = 1, 2, ...)
        w_{t+1} = w_t - lr * m_hat / (sqrt(v_hat + eps_root) + eps)

    At t = 1, ``m_hat = g`` and ``v_hat = g^2``: every coordinate moves by ``lr`` (up to
    eps) whatever the gradient's scale. ``nesterov=True`` is NAdam (see ``nadam``).

    Reference:
      Kingma and Ba, Adam: A Method for Stochastic Optimization, ICLR 2015.
    """
    return _adam("adam", learning_rate, b1, b2, eps, eps_root, mu_dtype, nesterov)


def nadam(learning_rate: Hyper, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8,
          eps_root: float = 0.0, mu_dtype: Optional[Any] = None, *,
          nesterov: bool = True) -> optax.GradientTransformation:
    r"""NAdam: Adam with Nesterov momentum (optax's ``nadam``)::

        m_hat = b1 * m_t / (1 - b1^(t+1)) + (1 - b1) * g_t / (1 - b1^t)
        (the rest as in ``adam``)

    Reference:
      Dozat, Incorporating Nesterov Momentum into Adam, ICLR workshop 2016.
    """
    return _adam("nadam", learning_rate, b1, b2, eps, eps_root, mu_dtype, nesterov)


def adamw(learning_rate: Hyper, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8,
          eps_root: float = 0.0, mu_dtype: Optional[Any] = None, weight_decay: Hyper = 1e-4,
          mask: Any = None, *, nesterov: bool = False) -> optax.GradientTransformation:
    r"""AdamW: Adam with *decoupled* weight decay (optax's ``adamw``)::

        w_{t+1} = w_t - lr * (m_hat / (sqrt(v_hat + eps_root) + eps) + weight_decay * w_t)

    L2 regularization instead adds ``2 * l2 * w`` to ``g`` *before* Adam's per-coordinate
    scaling, so large-gradient coordinates barely feel it; AdamW shrinks every weight by
    the same factor ``lr * weight_decay`` per step. With plain SGD the two coincide.

    Args:
      weight_decay: decay rate (>= 0) or a schedule.
      mask: which leaves are decayed: a bool tree (or prefix) like params, or a
        callable params -> such a tree; e.g. ``lambda p: {k: "kernel" in v ...}``.

    Reference:
      Loshchilov and Hutter, Decoupled Weight Decay Regularization, ICLR 2019.
    """
    return _adam("adamw", learning_rate, b1, b2, eps, eps_root, mu_dtype, nesterov,
                 weight_decay=weight_decay, mask=mask)


def nadamw(learning_rate: Hyper, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8,
           eps_root: float = 0.0, mu_dtype: Optional[Any] = None, weight_decay: Hyper = 1e-4,
           mask: Any = None, *, nesterov: bool = True) -> optax.GradientTransformation:
    """NAdamW: ``adamw`` with Nesterov momentum (optax's ``nadamw``)."""
    return _adam("nadamw", learning_rate, b1, b2, eps, eps_root, mu_dtype, nesterov,
                 weight_decay=weight_decay, mask=mask)
