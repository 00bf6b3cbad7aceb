"""Lesson 03, gradient checking (CS231n style): centered differences and the relative error.

    numerical:  df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h)        (error O(h^2))
    rel_error(a, b) = max_i |a_i - b_i| / max(1e-8, |a_i| + |b_i|)
A correct analytic gradient gives a relative error around 1e-7 or less in float64; 1e-2 means
a bug. The functions handed to ``numerical_grad`` live in this module (the grader passes them
to the student's kernel by name, see the registry).
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, expect_shape, rng


def cubic_sum(x):
    """f(x) = sum(x^3) + sum(x), gradient 3 x^2 + 1."""
    x = np.asarray(x, np.float64)
    return float(np.sum(x ** 3) + np.sum(x))


def softplus_dot(x):
    """f(x) = sum(log(1 + exp(A x))) for a fixed A; gradient A^T sigmoid(A x)."""
    x = np.asarray(x, np.float64)
    return float(np.sum(np.logaddexp(0.0, _A[: x.shape[0]] @ x.reshape(x.shape[0], -1))))


_A = rng(0).normal(size=(6, 6))


def _check_numgrad(numerical_grad, f, x, want, what):
    x0 = x.copy()
    g = expect_shape(numerical_grad(f, x, 1e-5), x.shape, what, "the gradient has the shape of x")
    if not np.array_equal(x, x0):
        raise Fail(f"{what}: your function changed the caller's x",
                   "restore x[i] after each evaluation (or work on a copy)")
    g = g.astype(np.float64)
    fwd = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp = x.copy()
        xp[i] += 1e-5
        fwd[i] = (f(xp) - f(x)) / 1e-5
    if np.allclose(g, want * 2, rtol=1e-4) or np.allclose(g, want / 2, rtol=1e-4):
        raise Fail(f"{what}: off by a factor 2", "centered differences divide by 2h: (f(x+h) - f(x-h)) / (2h)")
    if np.allclose(g, fwd, rtol=1e-9, atol=1e-12) and not np.allclose(fwd, want, rtol=1e-7):
        raise Fail(f"{what}: you used the forward difference (f(x+h) - f(x)) / h, error O(h)",
                   "use the centered difference (f(x+h) - f(x-h)) / (2h): its error is O(h^2)")
    expect_close(g, want, what, rtol=1e-6, atol=1e-8, float_dtype=False,
                 hint="perturb one entry at a time: x[i] += h, f, x[i] -= 2h, f, restore x[i]")


@public("03.numerical_grad", "numerical_grad", "Numerical gradient by centered differences")
def _numgrad_vector(numerical_grad):
    """f(x) = sum(x^3) + sum(x) at a vector: 3 x^2 + 1"""
    x = rng(1).normal(size=5)
    _check_numgrad(numerical_grad, cubic_sum, x, 3 * x ** 2 + 1, "numerical_grad(cubic_sum, x (5,))")


@public("03.numerical_grad", "numerical_grad")
def _numgrad_matrix(numerical_grad):
    """a (3, 2) matrix input: every entry perturbed in turn"""
    x = rng(2).normal(size=(3, 2))
    _check_numgrad(numerical_grad, cubic_sum, x, 3 * x ** 2 + 1, "numerical_grad(cubic_sum, x (3, 2))")


def _check_rel(rel_error, a, b, what):
    out = arr(rel_error(a, b), what)
    want = expected("03.rel_error")(a, b)
    if out.shape != ():
        raise Fail(f"{what}: returned shape {out.shape}, expected one number (the max over entries)",
                   "take the maximum over all entries")
    got = float(out)
    if not np.isfinite(got):
        raise Fail(f"{what} = {got}: 0/0 where both gradients are 0",
                   "divide by max(1e-8, |a| + |b|) so that two zeros give 0")
    if np.isclose(got, float(np.max(np.abs(a - b))), rtol=1e-6) and not np.isclose(got, want, rtol=1e-6):
        raise Fail(f"{what} = {got:.4g} is the absolute error; it depends on the gradient's scale",
                   "divide |a - b| by |a| + |b| entrywise (relative error)")
    expect_close(out, np.array(want), what, rtol=1e-6, atol=1e-14, float_dtype=False,
                 hint="max over entries of |a - b| / max(1e-8, |a| + |b|)")


@public("03.rel_error", "rel_error", "Relative error between two gradients")
def _rel(rel_error):
    """scale-free: a gradient of size 1000 and one of size 0.001 with the same relative slip"""
    a = np.array([1000.0, -2000.0, 0.001])
    _check_rel(rel_error, a, a * (1 + 1e-4), "rel_error(a, a (1 + 1e-4))")


@public("03.rel_error", "rel_error")
def _rel_zero(rel_error):
    """entries where both gradients are exactly 0 count as agreement"""
    a = np.array([[0.0, 1.0], [2.0, 0.0]])
    _check_rel(rel_error, a, a + np.array([[0.0, 1e-6], [0.0, 0.0]]), "rel_error with zero entries")
