"""Read and change an optimizer's hyperparameters between steps, without recompiling.

    state = opt.init(params)
    dl.optim.get_hyperparams(state)        # {"learning_rate": 0.1, "momentum": 0.9, "lr_scale": 1.0}
    state = dl.optim.set_hyperparams(state, learning_rate=0.05, momentum=0.5)

The values are float32 scalar arrays inside the state, so a jitted train step taking
the state as an argument sees new *values*, not new *code*: no retrace. The functions
search the whole state tree, so they also work when the optimizer sits inside
``optax.chain`` / ``dl.optim.chain`` / ``per_layer`` (all dltoolkit optimizers found are
set), and on states of ``optax.inject_hyperparams`` optimizers.

Learning rate for training callbacks (Keras' LearningRateScheduler, ReduceLROnPlateau):

    get_learning_rate(state)          effective rate of the next step: lr_scale * learning_rate
    set_learning_rate(state, value)   constant-lr optimizers: sets learning_rate (lr_scale -> 1);
                                      scheduled ones: sets lr_scale = value / schedule's next value
    scale_learning_rate(state, f)     lr_scale *= f   (works for constant and scheduled rates)
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from .base import OptimizerState, check_hyperparam

_STATE_TYPES = tuple(t for t in (OptimizerState, getattr(optax, "InjectHyperparamsState", None),
                                getattr(optax, "InjectStatefulHyperparamsState", None))
                     if t is not None)


def _is_state(x: Any) -> bool:
    return isinstance(x, _STATE_TYPES)


def find_optimizer_states(opt_state: Any) -> list[tuple[str, Any]]:
    """All dltoolkit (and optax inject_hyperparams) states in a state tree, as (path, state)."""
    flat, _ = jax.tree_util.tree_flatten_with_path(opt_state, is_leaf=_is_state)
    return [(jax.tree_util.keystr(p), s) for p, s in flat if _is_state(s)]


def _one_state(opt_state: Any) -> Any:
    found = find_optimizer_states(opt_state)
    if not found:
        raise ValueError(
            "no optimizer with hyperparameters-as-data found in this state; build the "
            "optimizer with dl.optim (sgd, adam, ...) or optax.inject_hyperparams(...)")
    return found[0][1]


def _read(s: Any) -> dict:
    if isinstance(s, OptimizerState):
        return {**s.hyperparams, **s.scheduled}
    return dict(s.hyperparams)


def get_hyperparams(opt_state: Any) -> dict[str, jax.Array]:
    """Hyperparameters of the (first, in tree order) optimizer in ``opt_state``.

    Scheduled hyperparameters appear with the value the *next* step will use, before
    ``lr_scale``. Use ``find_optimizer_states`` to see every optimizer of a per-layer setup.
    """
    return _read(_one_state(opt_state))


def _like(old: jax.Array, value: Any) -> jax.Array:
    """``value`` as an array with the dtype, shape and placement of ``old``: no retrace."""
    new = jnp.asarray(value, dtype=old.dtype).reshape(old.shape)
    sharding = getattr(old, "sharding", None)
    if sharding is not None and not isinstance(old, jax.core.Tracer):
        new = jax.device_put(new, sharding)
    return new


def set_hyperparams(opt_state: Any, **values: Any) -> Any:
    """Return a new state with the given hyperparameters replaced (checked for range).

    Every optimizer in the tree that has the hyperparameter gets the new value.
    A scheduled hyperparameter cannot be set (its value comes from the schedule):
    change ``lr_scale`` instead, or rebuild the optimizer.
    """
    found = find_optimizer_states(opt_state)
    if not found:
        _one_state(opt_state)  # raises the explanatory error
    for name, value in values.items():
        check_hyperparam("set_hyperparams", name, value)
        if any(isinstance(s, OptimizerState) and name in s.scheduled for _, s in found):
            raise ValueError(
                f"set_hyperparams: {name!r} follows a schedule in this optimizer and cannot be "
                f"set directly; use set_hyperparams(state, lr_scale=...) (or "
                f"dl.optim.scale_learning_rate) to scale it, or rebuild the optimizer")
        if not any(name in s.hyperparams for _, s in found):
            have = sorted(set().union(*(_read(s) for _, s in found)))
            extra = (" (sgd/rmsprop built with momentum=None have no momentum buffer: build "
                     "with momentum=0.0 to be able to set it later)" if name == "momentum" else "")
            raise ValueError(f"set_hyperparams: unknown hyperparameter {name!r}; this "
                             f"optimizer has: {', '.join(have)}{extra}")

    def replace(s):
        if not _is_state(s):
            return s
        hp = dict(s.hyperparams)
        for name, value in values.items():
            if name in hp:
                hp[name] = _like(hp[name], value)
        return s._replace(hyperparams=hp)

    return jax.tree.map(replace, opt_state, is_leaf=_is_state)


def get_learning_rate(opt_state: Any) -> float:
    """Effective learning rate of the next step, ``lr_scale * learning_rate``, as a float."""
    hp = get_hyperparams(opt_state)
    if "learning_rate" not in hp:
        raise ValueError(f"this optimizer has no learning_rate hyperparameter; it has {sorted(hp)}")
    return float(np.asarray(hp["learning_rate"]) * np.asarray(hp.get("lr_scale", 1.0)))


def scale_learning_rate(opt_state: Any, factor: float) -> Any:
    """Multiply the effective learning rate of every optimizer in the tree by ``factor``.

    Uses ``lr_scale`` for dltoolkit optimizers (so schedules keep running, scaled) and
    ``learning_rate`` for ``optax.inject_hyperparams`` states.
    """
    check_hyperparam("scale_learning_rate", "lr_scale", factor)

    def scale(s):
        if not _is_state(s):
            return s
        hp = dict(s.hyperparams)
        key = "lr_scale" if "lr_scale" in hp else "learning_rate"
        if key in hp:
            hp[key] = _like(hp[key], np.asarray(hp[key]) * factor)
        return s._replace(hyperparams=hp)

    _one_state(opt_state)
    return jax.tree.map(scale, opt_state, is_leaf=_is_state)


def set_learning_rate(opt_state: Any, value: float) -> Any:
    """Make ``value`` the effective learning rate of the next step (see module docstring)."""
    check_hyperparam("set_learning_rate", "learning_rate", value)
    s = _one_state(opt_state)
    if isinstance(s, OptimizerState) and "learning_rate" in s.scheduled:
        current = get_learning_rate(opt_state)
        if current == 0.0:
            raise ValueError("set_learning_rate: the schedule's next value is 0, so it cannot "
                             "be rescaled to reach a nonzero rate")
        return scale_learning_rate(opt_state, value / current)
    if isinstance(s, OptimizerState):
        return set_hyperparams(opt_state, learning_rate=value, lr_scale=1.0)
    return set_hyperparams(opt_state, learning_rate=value)
