"""Lesson 04, activations: ReLU, leaky ReLU and derivatives.

    relu(x) = max(0, x),  relu'(x) = 1 if x > 0 else 0 (0 at x = 0 by convention)
    leaky_relu(x) = x if x > 0 else alpha x,   tanh'(x) = 1 - tanh(x)^2
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._util import expect_close, is_close, rng

_X = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], np.float32)


@public("04.relu", "relu", "ReLU")
def _relu(relu):
    """relu on five points"""
    expect_close(relu(_X), np.maximum(_X, 0), "relu(x)", hint="relu(x) = max(0, x), elementwise")


@public("04.relu_derivative", "relu_derivative", "Derivative of ReLU")
def _drelu(drelu):
    """1 for x > 0, 0 for x <= 0"""
    out = drelu(_X)
    if is_close(out, np.maximum(_X, 0)):
        raise Fail("you returned relu(x), not its derivative", "the slope is 1 where x > 0, else 0")
    expect_close(out, (_X > 0).astype(float), "relu_derivative(x)", float_dtype=False,
                 hint="use the convention relu'(0) = 0")


@public("04.leaky_relu", "leaky_relu", "Leaky ReLU")
def _leaky(leaky):
    """leaky_relu(x, alpha=0.1)"""
    expect_close(leaky(_X, 0.1), np.where(_X > 0, _X, 0.1 * _X), "leaky_relu(x, alpha=0.1)",
                 hint="negative inputs are multiplied by alpha, positive ones pass unchanged")


@public("04.tanh_derivative", "tanh_derivative", "Derivative of tanh")
def _dtanh(dtanh):
    """1 - tanh(x)^2"""
    out = dtanh(_X)
    if is_close(out, 1 - _X.astype(float) ** 2, 1e-4):
        raise Fail("you computed 1 - x^2", "the derivative is 1 - tanh(x)^2")
    expect_close(out, 1 - np.tanh(_X.astype(float)) ** 2, "tanh_derivative(x)", rtol=1e-4)
