"""Lesson 02, gradient descent: the sigmoid, its derivative, the MSE gradient and one step.

    sigma(x) = 1 / (1 + e^-x),  sigma'(x) = sigma(x) (1 - sigma(x))
    L(w) = mean((X w - y)^2),   grad L = (2/N) X^T (X w - y),   w <- w - lr grad L
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..registry import Fail, public
from ._util import expect_close, is_close, rng


def ref_sigmoid(x):
    x = np.asarray(x, np.float64)
    return np.exp(-np.logaddexp(0.0, -x))


def ref_mse_grad(w, X, y):
    return 2.0 / len(y) * X.T @ (X @ w - y)


@public("02.sigmoid", "sigmoid", "The logistic sigmoid")
def _sigmoid_values(sigmoid):
    """sigmoid on [-4, 4]"""
    x = np.linspace(-4, 4, 9).astype(np.float32)
    expect_close(sigmoid(x), ref_sigmoid(x), "sigmoid(x)", hint="sigma(x) = 1 / (1 + exp(-x))")


@public("02.sigmoid", "sigmoid")
def _sigmoid_extreme(sigmoid):
    """sigmoid(+-50) saturates to 1 and 0 without nan"""
    x = np.array([-50.0, 50.0], np.float32)
    expect_close(sigmoid(x), ref_sigmoid(x), "sigmoid at +-50", atol=1e-6)


@public("02.sigmoid_derivative", "sigmoid_derivative", "Derivative of the sigmoid")
def _dsig_values(dsig):
    """sigmoid_derivative matches jax.grad(sigmoid)"""
    x = np.linspace(-5, 5, 11).astype(np.float32)
    s = ref_sigmoid(x)
    out = dsig(x)
    if is_close(out, s * (1 - x), 1e-4, 1e-6):
        raise Fail("you computed sigma(x) (1 - x)", "the derivative is sigma(x) (1 - sigma(x))")
    auto = jax.vmap(jax.grad(jax.nn.sigmoid))(jnp.asarray(x))  # cross-check of the closed form
    expect_close(out, np.asarray(auto, np.float64), "sigmoid_derivative(x)", rtol=1e-4,
                 hint="sigma'(x) = sigma(x) (1 - sigma(x))")


@public("02.sigmoid_derivative", "sigmoid_derivative")
def _dsig_peak(dsig):
    """the derivative peaks at 0.25 for x = 0"""
    expect_close(dsig(np.zeros(1, np.float32)), np.array([0.25]), "sigmoid_derivative(0)")


@public("02.mse_grad", "mse_grad", "Gradient of the mean squared error of a linear model")
def _mse_grad(mse_grad):
    """mse_grad(w, X, y) on 8 points, 3 features"""
    r = rng(3)
    X, y, w = r.normal(size=(8, 3)), r.normal(size=8), r.normal(size=3)
    out = mse_grad(w, X, y)
    if is_close(out, ref_mse_grad(w, X, y) / 2):
        raise Fail("your gradient is half the expected one", "d/dw (Xw - y)^2 brings down a factor 2")
    if is_close(out, ref_mse_grad(w, X, y) * len(y)):
        raise Fail("your gradient is N times too large", "L is the mean over examples: divide by N")
    expect_close(out, ref_mse_grad(w, X, y), "mse_grad(w, X, y)", rtol=1e-4,
                 hint="grad = (2/N) X^T (X w - y)")


@public("02.gd_step", "gd_step", "One gradient-descent step")
def _gd_step(gd_step):
    """gd_step(w, X, y, lr) moves against the gradient"""
    r = rng(5)
    X, y, w = r.normal(size=(8, 3)), r.normal(size=8), r.normal(size=3)
    g = ref_mse_grad(w, X, y)
    out = gd_step(w, X, y, 0.1)
    if is_close(out, w + 0.1 * g, 1e-4):
        raise Fail("your step goes uphill (w + lr * grad)", "descend: w_new = w - lr * grad")
    expect_close(out, w - 0.1 * g, "gd_step(w, X, y, lr=0.1)", rtol=1e-4)
