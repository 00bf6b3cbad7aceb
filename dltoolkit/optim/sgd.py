"""Stochastic gradient descent, with optional (Nesterov) momentum."""
from __future__ import annotations

from typing import Any, Optional

import jax
import optax

from .base import Hyper, make_optimizer, zeros_like


def sgd(
    learning_rate: Hyper,
    momentum: Optional[float] = None,
    nesterov: bool = False,
    accumulator_dtype: Optional[Any] = None,
) -> optax.GradientTransformation:
    r"""Gradient descent, optionally with heavy-ball or Nesterov momentum (optax's ``sgd``).

    Plain (``momentum=None``)::

        w_{t+1} = w_t - lr * g_t

    Momentum (optax/PyTorch convention: the trace holds raw gradients, lr applied after)::

        v_t     = g_t + mu * v_{t-1}              (v_{-1} = 0)
        w_{t+1} = w_t - lr * v_t

    which is the heavy-ball two-term recurrence (for a constant lr)::

        w_{t+1} = w_t - lr * g_t + mu * (w_t - w_{t-1})     (w_{-1} = w_0)

    Nesterov (``nesterov=True``) steps with the look-ahead ``g_t + mu * v_t``::

        w_{t+1} = w_t - lr * (g_t + mu * v_t)
                = w_t + mu * (w_t - w_{t-1}) - lr * ((1 + mu) * g_t - mu * g_{t-1})

    ``momentum=0.0`` behaves like plain SGD but keeps ``momentum`` as a hyperparameter
    you can raise later with ``set_hyperparams`` (this is what ``dl.optim.SGD`` does).

    Args:
      learning_rate: step size ``lr`` >= 0, or a schedule ``step -> lr``.
      momentum: ``mu`` in [0, 1), or None for no momentum buffer.
      nesterov: use Nesterov's look-ahead (needs ``momentum``).
      accumulator_dtype: dtype of the momentum buffer (None: like the params).

    References:
      Polyak, Some methods of speeding up the convergence of iteration methods, 1964.
      Sutskever et al., On the importance of initialization and momentum in deep
      learning, ICML 2013.
    """
    if nesterov and momentum is None:
        raise ValueError("sgd: nesterov=True needs a momentum value, e.g. momentum=0.9")
    hyper: dict[str, Hyper] = {"learning_rate": learning_rate}
    if momentum is not None:
        hyper["momentum"] = momentum

    def init_slots(params):
        if momentum is None:
            return {}
        return {"trace": zeros_like(params, accumulator_dtype)}

    def step(grads, slots, params, hp, count):
        lr = hp["learning_rate"]
        if momentum is None:
            return jax.tree.map(lambda g: -lr * g, grads), slots
        mu = hp["momentum"]
        trace = jax.tree.map(lambda g, v: g + mu * v, grads, slots["trace"])
        direction = jax.tree.map(lambda g, v: g + mu * v, grads, trace) if nesterov else trace
        updates = jax.tree.map(lambda d: -lr * d, direction)
        if accumulator_dtype is not None:
            trace = jax.tree.map(lambda v: v.astype(accumulator_dtype), trace)
        return updates, {"trace": trace}

    return make_optimizer("sgd", hyper, init_slots, step)
