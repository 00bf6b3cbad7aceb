"""Learning-rate schedules: callables ``step -> value``, jit-able, usable as ``learning_rate``.

    opt = dl.optim.sgd(learning_rate=dl.optim.schedules.step_decay(0.1, factor=0.5, every=1000))

``step`` counts optimizer updates (batches), starting at 0. For a per-epoch schedule
multiply by the number of steps per epoch (``every=5 * steps_per_epoch``).
"""
from __future__ import annotations

from typing import Callable, Sequence

import jax.numpy as jnp

from .plotting import plot_schedule

Schedule = Callable[[int], "jnp.ndarray"]

__all__ = ["constant", "step_decay", "piecewise_constant", "exponential_decay",
           "inverse_time_decay", "polynomial_decay", "cosine_decay", "warmup_cosine_decay",
           "plot_schedule"]


def _labelled(factory):
    """Give each schedule a ``label`` such as ``"step_decay(1.0, factor=0.5, every=10)"``
    (shown in a Trainer's event log)."""
    import functools

    @functools.wraps(factory)
    def make(*args, **kwargs):
        fn = factory(*args, **kwargs)
        shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        fn.label = f"{factory.__name__}({', '.join(shown)})"
        return fn
    return make


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")


@_labelled
def constant(value: float) -> Schedule:
    """``lr(t) = value``."""
    return lambda step: jnp.full([], value, jnp.float32)


@_labelled
def step_decay(init_value: float, factor: float = 0.5, every: int = 10) -> Schedule:
    """Drop by ``factor`` every ``every`` steps: ``lr(t) = init_value * factor^floor(t / every)``."""
    _positive("step_decay: every", every)
    return lambda step: init_value * jnp.float32(factor) ** jnp.floor(jnp.asarray(step) / every)


@_labelled
def piecewise_constant(boundaries: Sequence[int], values: Sequence[float]) -> Schedule:
    """Keras' ``PiecewiseConstantDecay``: ``values[0]`` for ``t <= boundaries[0]``,
    ``values[i]`` for ``boundaries[i-1] < t <= boundaries[i]``, ``values[-1]`` after."""
    if len(values) != len(boundaries) + 1:
        raise ValueError(f"piecewise_constant: need len(values) == len(boundaries) + 1, got "
                         f"{len(values)} values for {len(boundaries)} boundaries")
    if list(boundaries) != sorted(boundaries):
        raise ValueError(f"piecewise_constant: boundaries must increase, got {list(boundaries)}")
    b = jnp.asarray(boundaries, jnp.float32)
    v = jnp.asarray(values, jnp.float32)
    return lambda step: v[jnp.sum(jnp.asarray(step) > b)]


@_labelled
def exponential_decay(init_value: float, transition_steps: int, decay_rate: float,
                      transition_begin: int = 0, staircase: bool = False,
                      end_value: float | None = None) -> Schedule:
    """``lr(t) = init_value * decay_rate^((t - transition_begin) / transition_steps)``
    (exponent floored if ``staircase``), constant before ``transition_begin`` and clipped
    at ``end_value`` (optax's ``exponential_decay``; Keras' ``ExponentialDecay``)."""
    _positive("exponential_decay: transition_steps", transition_steps)

    def schedule(step):
        p = jnp.maximum(jnp.asarray(step) - transition_begin, 0) / transition_steps
        if staircase:
            p = jnp.floor(p)
        lr = init_value * jnp.float32(decay_rate) ** p
        if end_value is not None:
            lr = jnp.maximum(lr, end_value) if decay_rate < 1 else jnp.minimum(lr, end_value)
        return lr
    return schedule


@_labelled
def inverse_time_decay(init_value: float, decay: float, decay_steps: int = 1,
                       staircase: bool = False) -> Schedule:
    """Keras' legacy ``decay=`` argument: ``lr(t) = init_value / (1 + decay * t / decay_steps)``
    (``t / decay_steps`` floored if ``staircase``)."""
    _positive("inverse_time_decay: decay_steps", decay_steps)

    def schedule(step):
        p = jnp.asarray(step) / decay_steps
        if staircase:
            p = jnp.floor(p)
        return init_value / (1.0 + decay * p)
    return schedule


@_labelled
def polynomial_decay(init_value: float, end_value: float, power: float, transition_steps: int,
                     transition_begin: int = 0) -> Schedule:
    """``lr(t) = (init - end) * (1 - s / transition_steps)^power + end`` with
    ``s = clip(t - transition_begin, 0, transition_steps)`` (optax's ``polynomial_schedule``)."""
    _positive("polynomial_decay: transition_steps", transition_steps)

    def schedule(step):
        s = jnp.clip(jnp.asarray(step) - transition_begin, 0, transition_steps)
        return (init_value - end_value) * (1 - s / transition_steps) ** power + end_value
    return schedule


@_labelled
def cosine_decay(init_value: float, decay_steps: int, alpha: float = 0.0,
                 exponent: float = 1.0) -> Schedule:
    """``lr(t) = init_value * ((1 - alpha) * c(t)^exponent + alpha)`` with
    ``c(t) = (1 + cos(pi * min(t, decay_steps) / decay_steps)) / 2`` (SGDR without restarts;
    optax's ``cosine_decay_schedule``). Loshchilov & Hutter, SGDR, ICLR 2017."""
    _positive("cosine_decay: decay_steps", decay_steps)

    def schedule(step):
        t = jnp.minimum(jnp.asarray(step), decay_steps) / decay_steps
        c = 0.5 * (1 + jnp.cos(jnp.pi * t))
        return init_value * ((1 - alpha) * c**exponent + alpha)
    return schedule


@_labelled
def warmup_cosine_decay(init_value: float, peak_value: float, warmup_steps: int,
                        decay_steps: int, end_value: float = 0.0,
                        exponent: float = 1.0) -> Schedule:
    """Linear warmup from ``init_value`` to ``peak_value`` over ``warmup_steps``, then a
    cosine decay to ``end_value`` reached at step ``decay_steps`` (the *total* length,
    warmup included; optax's ``warmup_cosine_decay_schedule``)."""
    if not decay_steps > warmup_steps >= 0:
        raise ValueError(f"warmup_cosine_decay: need decay_steps > warmup_steps >= 0, got "
                         f"warmup_steps={warmup_steps}, decay_steps={decay_steps}")
    alpha = 0.0 if peak_value == 0 else end_value / peak_value
    cosine = cosine_decay(peak_value, decay_steps - warmup_steps, alpha=alpha, exponent=exponent)

    def schedule(step):
        step = jnp.asarray(step)
        frac = jnp.minimum(step, warmup_steps) / max(warmup_steps, 1)
        warm = init_value + (peak_value - init_value) * frac
        return jnp.where(step < warmup_steps, warm, cosine(step - warmup_steps))
    return schedule
