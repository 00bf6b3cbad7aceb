"""Lesson 02, gradient descent: the sigmoid, its derivative, the MSE gradient and one step.

    sigma(x) = 1 / (1 + e^-x),  sigma'(x) = sigma(x) (1 - sigma(x))
    L(w) = mean((X w - y)^2),   grad L = (2/N) X^T (X w - y),   w <- w - lr grad L
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import elementwise_properties, expect_close, is_close, jitted, rng


@public("02.sigmoid", "sigmoid", "The logistic sigmoid")
def _sigmoid_values(sigmoid):
    """sigmoid on [-4, 4]"""
    x = np.linspace(-4, 4, 9).astype(np.float32)
    expect_close(sigmoid(x), expected("02.sigmoid")(x), "sigmoid(x)", hint="sigma(x) = 1 / (1 + exp(-x))")


@public("02.sigmoid", "sigmoid")
def _sigmoid_extreme(sigmoid):
    """sigmoid(+-50) saturates to 1 and 0 without nan"""
    x = np.array([-50.0, 50.0], np.float32)
    expect_close(sigmoid(x), expected("02.sigmoid")(x), "sigmoid at +-50", atol=1e-6)


@public("02.sigmoid", "sigmoid")
def _sigmoid_properties(sigmoid):
    """any shape, float32 kept, integer and large inputs, under jit"""
    elementwise_properties(sigmoid, expected("02.sigmoid"), "sigmoid", 7)


@public("02.sigmoid_derivative", "sigmoid_derivative", "Derivative of the sigmoid")
def _dsig_values(dsig):
    """sigmoid_derivative matches jax.grad(sigmoid)"""
    x = np.linspace(-5, 5, 11).astype(np.float32)
    s = expected("02.sigmoid")(x)
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


@public("02.sigmoid_derivative", "sigmoid_derivative")
def _dsig_properties(dsig):
    """any shape, float32 kept, integer and large inputs, under jit"""
    elementwise_properties(dsig, lambda x: expected("02.sigmoid")(x) * (1 - expected("02.sigmoid")(x)), "sigmoid_derivative", 8)


@public("02.mse_grad", "mse_grad", "Gradient of the mean squared error of a linear model")
def _mse_grad(mse_grad):
    """mse_grad(w, X, y) on 8 points, 3 features"""
    r = rng(3)
    X, y, w = r.normal(size=(8, 3)), r.normal(size=8), r.normal(size=3)
    out = mse_grad(w, X, y)
    if is_close(out, expected("02.mse_grad")(w, X, y) / 2):
        raise Fail("your gradient is half the expected one", "d/dw (Xw - y)^2 brings down a factor 2")
    if is_close(out, expected("02.mse_grad")(w, X, y) * len(y)):
        raise Fail("your gradient is N times too large", "L is the mean over examples: divide by N")
    expect_close(out, expected("02.mse_grad")(w, X, y), "mse_grad(w, X, y)", rtol=1e-4,
                 hint="grad = (2/N) X^T (X w - y)")


@public("02.mse_grad", "mse_grad")
def _mse_grad_one(mse_grad):
    """a single example (N = 1) and a jitted call"""
    X, y, w = np.array([[1.0, -2.0]]), np.array([0.5]), np.array([0.3, 0.1])
    want = expected("02.mse_grad")(w, X, y)
    expect_close(mse_grad(w, X, y), want, "mse_grad with one example", rtol=1e-4)
    expect_close(jitted(mse_grad)(w, X, y), want, "jax.jit(mse_grad)", rtol=1e-4,
                 hint="use jnp operations so that the function traces under jit")


@public("02.gd_step", "gd_step", "One gradient-descent step")
def _gd_step(gd_step):
    """gd_step(w, X, y, lr) moves against the gradient"""
    r = rng(5)
    X, y, w = r.normal(size=(8, 3)), r.normal(size=8), r.normal(size=3)
    g = expected("02.mse_grad")(w, X, y)
    out = gd_step(w, X, y, 0.1)
    if is_close(out, w + 0.1 * g, 1e-4):
        raise Fail("your step goes uphill (w + lr * grad)", "descend: w_new = w - lr * grad")
    expect_close(out, w - 0.1 * g, "gd_step(w, X, y, lr=0.1)", rtol=1e-4)


def _spd(seed, d):
    r = rng(seed)
    q, _ = np.linalg.qr(r.normal(size=(d, d)))
    return (q * np.linspace(0.5, 4.0 + seed, d)) @ q.T


def check_threshold(divergence_threshold, H, what):
    H = np.asarray(H, np.float64)
    got = np.asarray(divergence_threshold(H), np.float64)
    if got.shape != ():
        raise Fail(f"{what}: returned shape {got.shape}, expected one number", "return a scalar learning rate")
    ref = expected("02.divergence_threshold")
    want = ref(H)
    for wrong, msg, hint in ((ref(H, variant="one_step"), "1 / lambda_max is the rate that jumps to the minimum in one step "
                              "along the steepest direction", "GD still converges up to twice that rate"),
                             (ref(H, variant="smallest"), "you used the smallest eigenvalue",
                              "the steepest direction (largest eigenvalue) is the first to diverge"),
                             (ref(H, variant="trace"), "you used the trace (sum of the eigenvalues)",
                              "only the largest eigenvalue matters")):
        if not np.isclose(wrong, want, rtol=1e-3) and np.isclose(float(got), wrong, rtol=1e-4):
            raise Fail(f"{what} = {float(got):.5g}: {msg}", hint)
    expect_close(got, np.array(want), what, rtol=1e-4, float_dtype=False,
                 hint="each eigen-direction scales by (1 - lr * lambda) per step: |1 - lr lambda| < 1 for all")


@public("02.divergence_threshold", "divergence_threshold", "The learning rate where gradient descent diverges")
def _thr_scalar(divergence_threshold):
    """L(w) = a/2 w^2 with a = 4: the threshold is 2/a"""
    check_threshold(divergence_threshold, np.array([[4.0]]), "divergence_threshold([[4.0]])")


@public("02.divergence_threshold", "divergence_threshold")
def _thr_matrix(divergence_threshold):
    """a 3x3 quadratic: GD converges just below the threshold and diverges just above it"""
    H = _spd(0, 3)
    check_threshold(divergence_threshold, H, "divergence_threshold(H 3x3)")
    thr = float(np.asarray(divergence_threshold(H)))
    for factor, should in ((0.98, True), (1.02, False)):
        w = np.ones(3)
        for _ in range(400):
            w = w - factor * thr * H @ w
        if (np.linalg.norm(w) < 1e-3) != should:
            raise Fail(f"gradient descent with lr = {factor} x your threshold "
                       f"{'did not converge' if should else 'did not diverge'}")


@public("02.gd_step", "gd_step")
def _gd_few_steps(gd_step):
    """20 steps lower the loss every time"""
    r = rng(9)
    X, y, w = r.normal(size=(30, 2)), r.normal(size=30), np.zeros(2)
    losses = []
    for _ in range(20):
        w = np.asarray(gd_step(w, X, y, 0.05), np.float64)
        losses.append(float(np.mean((X @ w - y) ** 2)))
    if not all(b < a for a, b in zip(losses, losses[1:])):
        raise Fail("the loss did not decrease at every step with lr = 0.05", "w_new = w - lr * grad")
