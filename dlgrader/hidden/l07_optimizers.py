"""Hidden cases for l07_optimizers: momentum and Adam against optax over many steps."""
from __future__ import annotations

from dltoolkit.grading.checks.l07_optimizers import _adam_steps, _momentum_steps
from dltoolkit.grading.registry import hidden


@hidden("07.momentum")
def _mom3(momentum):
    """matches optax.sgd(momentum) over 5 steps"""
    _momentum_steps(momentum, 5, 2)


@hidden("07.adam")
def _adam_optax(adam):
    """matches optax.adam over 10 steps"""
    _adam_steps(adam, 10, 4)
