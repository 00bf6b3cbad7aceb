"""Hidden cases for l02_gradient_descent: lesson 02, gradient descent: the sigmoid, its derivative, the MSE gradient and one step."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from dltoolkit.grading.checks._util import elementwise_properties, expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden
from dlgrader.references.l02_gradient_descent import ref_sigmoid


@hidden("02.sigmoid")
def _sigmoid_matrix(sigmoid):
    """a (3, 5) matrix, differentiable"""
    x = rng(2).normal(size=(3, 5)).astype(np.float32) * 3
    expect_close(sigmoid(jnp.asarray(x)), ref_sigmoid(x), "sigmoid(matrix)")


@hidden("02.mse_grad")
def _mse_grad_autodiff(mse_grad):
    """agrees with jax.grad of the loss on 50 points"""
    r = rng(4)
    X, y, w = r.normal(size=(50, 4)), r.normal(size=50), r.normal(size=4)
    auto = jax.grad(lambda w: jnp.mean((X @ w - y) ** 2))(w)
    expect_close(mse_grad(w, X, y), np.asarray(auto), "mse_grad", rtol=1e-4)


@hidden("02.gd_step")
def _gd_converges(gd_step):
    """300 steps reach the least-squares solution"""
    r = rng(6)
    X = r.normal(size=(40, 3))
    w_true = np.array([1.0, -2.0, 0.5])
    y = X @ w_true
    w = np.zeros(3)
    for _ in range(300):
        w = np.asarray(gd_step(w, X, y, 0.1), np.float64)
    expect_close(w, w_true, "w after 300 steps", atol=1e-3)


@hidden("02.sigmoid")
def _sigmoid_random(sigmoid):
    """a random shape with large values"""
    elementwise_properties(sigmoid, ref_sigmoid, "sigmoid", 27, scale=40.0, shape=(2, 3, 2))


@hidden("02.sigmoid_derivative")
def _dsig_random(dsig):
    """a random shape with large values"""
    from dlgrader.references.l02_gradient_descent import ref_sigmoid as s
    elementwise_properties(dsig, lambda x: s(x) * (1 - s(x)), "sigmoid_derivative", 28, scale=20.0, shape=(4, 1))


@hidden("02.divergence_threshold")
def _thr_random(divergence_threshold):
    """a random 6x6 quadratic"""
    from dltoolkit.grading.checks.l02_gradient_descent import _spd, check_threshold
    check_threshold(divergence_threshold, _spd(3, 6), "divergence_threshold(H 6x6)")
