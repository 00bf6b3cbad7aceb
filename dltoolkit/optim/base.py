"""The one small wrapper every dltoolkit optimizer is built on: hyperparameters as data.

An optimizer is an optax ``GradientTransformation``::

    state = opt.init(params)
    updates, state = opt.update(grads, state, params)
    params = dl.optim.apply_updates(params, updates)          # params + updates

The state is an :class:`OptimizerState` (a NamedTuple, so it is a pytree)::

    OptimizerState(count=int32 step count,
                   hyperparams={"learning_rate": f32[], "momentum": f32[], "lr_scale": f32[], ...},
                   scheduled={"learning_rate": f32[] value the *next* step will use, ...},
                   slots={"trace": <tree like params>, ...})

Every number a student may want to move (learning rate, momentum, betas, eps, decay,
weight decay) is a float32 scalar array in ``hyperparams``. Under ``jax.jit`` they are
traced inputs, so changing one between steps (``dl.optim.set_hyperparams``) compiles
nothing new. A hyperparameter given as a *schedule* (a callable ``step -> value``) is
evaluated inside ``update`` at ``count``; its upcoming value is shown in ``scheduled``
(read-only). ``lr_scale`` (default 1) multiplies the learning rate, scheduled or not:

    effective learning rate at step t = lr_scale * learning_rate(t)

which is how Keras-style callbacks (ReduceLROnPlateau) change a scheduled optimizer's
learning rate without recompiling.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple, Optional

import jax
import jax.numpy as jnp
import optax

Hyper = Any  # float | jax.Array | Callable[[step], value]


class OptimizerState(NamedTuple):
    """State of a dltoolkit optimizer (see module docstring)."""

    count: jax.Array
    hyperparams: dict
    scheduled: dict
    slots: dict


# name -> (check(value) -> bool, text of the valid range)
_RANGES: dict[str, tuple[Callable[[float], bool], str]] = {
    "learning_rate": (lambda v: v >= 0.0, ">= 0"),
    "lr_scale": (lambda v: v >= 0.0, ">= 0"),
    "momentum": (lambda v: 0.0 <= v < 1.0, "in [0, 1)"),
    "b1": (lambda v: 0.0 <= v < 1.0, "in [0, 1)"),
    "b2": (lambda v: 0.0 <= v < 1.0, "in [0, 1)"),
    "decay": (lambda v: 0.0 <= v < 1.0, "in [0, 1)"),
    "rho": (lambda v: 0.0 <= v < 1.0, "in [0, 1)"),
    "eps": (lambda v: v >= 0.0, ">= 0"),
    "eps_root": (lambda v: v >= 0.0, ">= 0"),
    "weight_decay": (lambda v: v >= 0.0, ">= 0"),
    "initial_scale": (lambda v: v >= 0.0, ">= 0"),
}


def check_hyperparam(optimizer: str, name: str, value: Any) -> None:
    """Raise ``ValueError`` if a concrete ``value`` is outside the valid range of ``name``.

    Traced values (inside jit) and schedules cannot be checked here and pass through.
    """
    if callable(value) or isinstance(value, jax.core.Tracer):
        return
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{optimizer}: {name} must be a number or a schedule step -> value, "
                        f"got {value!r}") from None
    ok, text = _RANGES.get(name, (lambda _: True, ""))
    if v != v or not ok(v):
        hint = " (a learning rate is a step size: use a small positive number such as 0.01)" \
            if name in ("learning_rate", "lr_scale") else ""
        raise ValueError(f"{optimizer}: {name} must be {text}, got {value!r}{hint}")


def _f32(value: Any) -> jax.Array:
    return jnp.asarray(value, dtype=jnp.float32)


def make_optimizer(
    name: str,
    hyperparams: dict[str, Hyper],
    init_slots: Callable[[Any], dict],
    step: Callable[..., tuple[Any, dict]],
) -> optax.GradientTransformation:
    """Build a GradientTransformation whose hyperparameters live in its state.

    Args:
      name: optimizer name for error messages ("sgd", "adam", ...).
      hyperparams: name -> number or schedule. ``learning_rate`` (if present) gets a
        companion ``lr_scale`` = 1.0; ``hp["learning_rate"]`` seen by ``step`` is the
        effective rate ``lr_scale * learning_rate(count)``.
      init_slots: params -> dict of per-parameter trees (moments, traces).
      step: ``step(grads, slots, params, hp, count) -> (updates, new_slots)`` with
        ``hp`` a dict of float32 scalars and ``count`` the number of steps already taken.
    """
    for k, v in hyperparams.items():
        check_hyperparam(name, k, v)
    schedules = {k: v for k, v in hyperparams.items() if callable(v)}
    constants = {k: v for k, v in hyperparams.items() if not callable(v)}
    if "learning_rate" in hyperparams:
        constants["lr_scale"] = 1.0

    def init(params):
        count = jnp.zeros([], jnp.int32)
        return OptimizerState(
            count=count,
            hyperparams={k: _f32(v) for k, v in constants.items()},
            scheduled={k: _f32(fn(count)) for k, fn in schedules.items()},
            slots=init_slots(params),
        )

    def update(grads, state, params=None):
        hp = dict(state.hyperparams)
        hp.update({k: _f32(fn(state.count)) for k, fn in schedules.items()})
        if "learning_rate" in hp:
            hp["learning_rate"] = hp.pop("lr_scale") * hp["learning_rate"]
        updates, slots = step(grads, state.slots, params, hp, state.count)
        count = state.count + 1
        upcoming = {k: _f32(fn(count)) for k, fn in schedules.items()}
        return updates, OptimizerState(count, state.hyperparams, upcoming, slots)

    return optax.GradientTransformation(init, update)


def zeros_like(params: Any, dtype: Optional[Any] = None) -> Any:
    """A tree of zeros shaped like ``params`` (optionally in ``dtype``)."""
    return jax.tree.map(lambda p: jnp.zeros_like(p, dtype=dtype), params)


def full_like(params: Any, value: float) -> Any:
    """A tree shaped like ``params`` filled with ``value``."""
    return jax.tree.map(lambda p: jnp.full_like(p, value), params)


def need_params(name: str, params: Any) -> None:
    if params is None:
        raise ValueError(f"{name} needs the current params for weight decay: call "
                         f"opt.update(grads, state, params)")


def add_weight_decay(updates: Any, params: Any, weight_decay: jax.Array, mask: Any = None) -> Any:
    """``u + weight_decay * w`` on the leaves selected by ``mask``.

    ``mask`` is None (all leaves), a tree of bools with the structure of ``params`` or a
    prefix of it (``{"dense_1": True, "batchnorm_1": False}``), or a callable
    ``params -> such a tree`` (optax's convention).
    """
    if mask is None:
        return jax.tree.map(lambda u, w: u + weight_decay * w, updates, params)
    if callable(mask):
        mask = mask(params)

    def on_subtree(keep, u_sub, w_sub):
        if isinstance(keep, (bool, int)) and not keep:
            return u_sub
        factor = weight_decay * jnp.asarray(keep, jnp.float32)
        return jax.tree.map(lambda u, w: u + factor * w, u_sub, w_sub)

    return jax.tree.map(on_subtree, mask, updates, params)
