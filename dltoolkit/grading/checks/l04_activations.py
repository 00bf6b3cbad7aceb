"""Lesson 04, activations: ReLU, leaky ReLU and derivatives.

    relu(x) = max(0, x),  relu'(x) = 1 if x > 0 else 0 (0 at x = 0 by convention)
    leaky_relu(x) = x if x > 0 else alpha x,   tanh'(x) = 1 - tanh(x)^2
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, hidden, public
from ._util import expect_close, is_close, rng

_X = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], np.float32)


@public("04.relu", "relu", "ReLU")
def _relu(relu):
    """relu on five points"""
    expect_close(relu(_X), np.maximum(_X, 0), "relu(x)", hint="relu(x) = max(0, x), elementwise")


@hidden("04.relu")
def _relu_matrix(relu):
    """a (4, 6) matrix"""
    x = rng(1).normal(size=(4, 6)).astype(np.float32)
    expect_close(relu(x), np.maximum(x, 0), "relu(matrix)")


@public("04.relu_derivative", "relu_derivative", "Derivative of ReLU")
def _drelu(drelu):
    """1 for x > 0, 0 for x <= 0"""
    out = drelu(_X)
    if is_close(out, np.maximum(_X, 0)):
        raise Fail("you returned relu(x), not its derivative", "the slope is 1 where x > 0, else 0")
    expect_close(out, (_X > 0).astype(float), "relu_derivative(x)", float_dtype=False,
                 hint="use the convention relu'(0) = 0")


@hidden("04.relu_derivative")
def _drelu_matrix(drelu):
    """a (3, 3) matrix"""
    x = rng(2).normal(size=(3, 3)).astype(np.float32)
    expect_close(drelu(x), (x > 0).astype(float), "relu_derivative(matrix)", float_dtype=False)


@public("04.leaky_relu", "leaky_relu", "Leaky ReLU")
def _leaky(leaky):
    """leaky_relu(x, alpha=0.1)"""
    expect_close(leaky(_X, 0.1), np.where(_X > 0, _X, 0.1 * _X), "leaky_relu(x, alpha=0.1)",
                 hint="negative inputs are multiplied by alpha, positive ones pass unchanged")


@hidden("04.leaky_relu")
def _leaky_other(leaky):
    """alpha = 0.01 on a matrix"""
    x = rng(3).normal(size=(5, 2)).astype(np.float32)
    expect_close(leaky(x, 0.01), np.where(x > 0, x, 0.01 * x), "leaky_relu(x, alpha=0.01)")


@public("04.tanh_derivative", "tanh_derivative", "Derivative of tanh")
def _dtanh(dtanh):
    """1 - tanh(x)^2"""
    out = dtanh(_X)
    if is_close(out, 1 - _X.astype(float) ** 2, 1e-4):
        raise Fail("you computed 1 - x^2", "the derivative is 1 - tanh(x)^2")
    expect_close(out, 1 - np.tanh(_X.astype(float)) ** 2, "tanh_derivative(x)", rtol=1e-4)


@hidden("04.tanh_derivative")
def _dtanh_range(dtanh):
    """wide range"""
    x = np.linspace(-10, 10, 41).astype(np.float32)
    expect_close(dtanh(x), 1 - np.tanh(x.astype(float)) ** 2, "tanh_derivative", rtol=1e-4, atol=1e-6)
