"""Keras-style names: ``dl.optim.get("adam")`` and ``dl.optim.SGD(learning_rate=0.1)``.

These return the same optax GradientTransformations as the lowercase functions, with
Keras' argument names and defaults, so Keras code ports line by line::

    model.compile(optimizer="sgd")                         # dl.optim.get("sgd")
    model.compile(optimizer=dl.optim.SGD(learning_rate=0.1, momentum=0.9))

Keras and optax formulate a few optimizers slightly differently; the mapping below
uses optax's update with Keras' numbers: RMSprop puts epsilon outside the square root
(as Keras does); Adam/Nadam use optax's eps placement (``m_hat / (sqrt(v_hat) + eps)``,
Keras differs by O(eps)); Nadam uses Dozat's update without Keras' momentum-cache schedule.
"""
from __future__ import annotations

from typing import Any

import optax

from .adadelta import adadelta
from .adagrad import adagrad
from .adam import adam, adamw, nadam
from .registry import build
from .rmsprop import rmsprop
from .sgd import sgd


def SGD(learning_rate: Any = 0.01, momentum: float = 0.0, nesterov: bool = False):
    """Keras ``SGD``: ``sgd(learning_rate, momentum, nesterov)`` (momentum kept settable)."""
    return sgd(learning_rate, momentum=momentum, nesterov=nesterov)


def Adam(learning_rate: Any = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
         epsilon: float = 1e-7):
    """Keras ``Adam``: ``adam(learning_rate, b1=beta_1, b2=beta_2, eps=epsilon)``."""
    return adam(learning_rate, b1=beta_1, b2=beta_2, eps=epsilon)


def AdamW(learning_rate: Any = 0.001, weight_decay: float = 0.004, beta_1: float = 0.9,
          beta_2: float = 0.999, epsilon: float = 1e-7):
    """Keras ``AdamW``: ``adamw(learning_rate, b1, b2, eps, weight_decay)``."""
    return adamw(learning_rate, b1=beta_1, b2=beta_2, eps=epsilon, weight_decay=weight_decay)


def Nadam(learning_rate: Any = 0.001, beta_1: float = 0.9, beta_2: float = 0.999,
          epsilon: float = 1e-7):
    """Keras ``Nadam``: ``nadam(learning_rate, b1=beta_1, b2=beta_2, eps=epsilon)``."""
    return nadam(learning_rate, b1=beta_1, b2=beta_2, eps=epsilon)


def RMSprop(learning_rate: Any = 0.001, rho: float = 0.9, momentum: float = 0.0,
            epsilon: float = 1e-7, centered: bool = False):
    """Keras ``RMSprop``: ``rmsprop(learning_rate, decay=rho, eps=epsilon,
    eps_in_sqrt=False, centered, momentum)``."""
    return rmsprop(learning_rate, decay=rho, eps=epsilon, eps_in_sqrt=False,
                   centered=centered, momentum=momentum)


def Adagrad(learning_rate: Any = 0.001, initial_accumulator_value: float = 0.1,
            epsilon: float = 1e-7):
    """Keras ``Adagrad``: ``adagrad(learning_rate, initial_accumulator_value, eps=epsilon)``."""
    return adagrad(learning_rate, initial_accumulator_value=initial_accumulator_value,
                   eps=epsilon)


def Adadelta(learning_rate: Any = 0.001, rho: float = 0.95, epsilon: float = 1e-7):
    """Keras ``Adadelta``: ``adadelta(learning_rate, rho, eps=epsilon)``."""
    return adadelta(learning_rate, rho=rho, eps=epsilon)


def get(name_or_transform: Any, **kwargs: Any) -> optax.GradientTransformation:
    """An optimizer from a Keras-style name, or a GradientTransformation passed through.

    ``get("adam")`` is ``adam(learning_rate=0.001)``: the lowercase (optax-style)
    constructor with Keras' default learning rate (sgd 0.01, all others 0.001).
    ``kwargs`` are optax-style arguments (``get("sgd", learning_rate=0.1, momentum=0.9)``).
    ``get("sgd")`` has ``momentum=0.0`` (plain SGD whose momentum can be set later).
    """
    if isinstance(name_or_transform, optax.GradientTransformation):
        if kwargs:
            raise TypeError("optim.get: keyword arguments only apply to an optimizer name")
        return name_or_transform
    if not isinstance(name_or_transform, str):
        raise TypeError(f"optimizer must be a name such as 'adam' or an optax "
                        f"GradientTransformation (e.g. dl.optim.adam(1e-3)); got "
                        f"{name_or_transform!r}")
    return build(name_or_transform, **kwargs)
