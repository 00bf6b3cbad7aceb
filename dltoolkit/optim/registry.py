"""The one table of optimizers by name: constructor, Keras' default learning rate, defaults,
and the hyperparameters a widget shows as sliders (with their ranges).

``dl.optim.get("adam")``, ``dl.widgets.OptimizerControl`` and ``dl.widgets.OptimizerPlayground``
all read it, so an optimizer added here appears everywhere. Every slider hyperparameter is held
in the optimizer state (``dl.optim.set_hyperparams``), so moving it compiles nothing.
"""
from __future__ import annotations

import inspect
from typing import Any, Callable, NamedTuple

import optax

from .._kwargs import check_kwargs
from .._names import lookup
from .adadelta import adadelta
from .adagrad import adagrad
from .adam import adam, adamw, nadam
from .rmsprop import rmsprop
from .sgd import sgd


class Knob(NamedTuple):
    """A slider for one hyperparameter: initial value and range ``[low, high]`` in ``step``s."""

    default: float
    low: float
    high: float
    step: float


class OptimizerSpec(NamedTuple):
    """``build(learning_rate=..., **hyperparams)``: the optax-style constructor;
    ``learning_rate``: Keras' default; ``defaults``: what ``get(name)`` passes besides;
    ``knobs``: the hyperparameters a widget shows."""

    build: Callable[..., optax.GradientTransformation]
    learning_rate: float
    defaults: dict
    knobs: dict


MOMENTUM = Knob(0.0, 0.0, 0.99, 0.01)
B1, B2 = Knob(0.9, 0.0, 0.999, 0.001), Knob(0.999, 0.9, 0.9999, 0.0001)
DECAY = Knob(0.9, 0.0, 0.999, 0.001)

OPTIMIZERS: dict[str, OptimizerSpec] = {
    "sgd": OptimizerSpec(sgd, 0.01, {"momentum": 0.0}, {"momentum": MOMENTUM}),
    "rmsprop": OptimizerSpec(rmsprop, 0.001, {}, {"decay": DECAY, "momentum": MOMENTUM}),
    "adam": OptimizerSpec(adam, 0.001, {}, {"b1": B1, "b2": B2}),
    "adamw": OptimizerSpec(adamw, 0.001, {}, {"b1": B1, "b2": B2,
                                              "weight_decay": Knob(1e-4, 0.0, 0.1, 1e-4)}),
    "nadam": OptimizerSpec(nadam, 0.001, {}, {"b1": B1, "b2": B2}),
    "adagrad": OptimizerSpec(adagrad, 0.001, {}, {}),
    "adadelta": OptimizerSpec(adadelta, 0.001, {}, {"rho": Knob(0.9, 0.0, 0.999, 0.001)}),
}


def spec(name: str) -> OptimizerSpec:
    """The registry entry for ``name`` (case-insensitive); unknown names list the valid ones."""
    return lookup("optimizer", name, OPTIMIZERS)


def build(name: str, learning_rate: Any = None, **hyperparams: Any) -> optax.GradientTransformation:
    """``name``'s constructor with Keras' default learning rate and ``defaults``, overridden by
    the arguments given (optax-style names: ``build("sgd", 0.1, momentum=0.9)``)."""
    s = spec(name)
    check_kwargs(s.build.__name__, hyperparams, inspect.signature(s.build).parameters)
    lr = s.learning_rate if learning_rate is None else learning_rate
    return s.build(**{"learning_rate": lr, **s.defaults, **hyperparams})
