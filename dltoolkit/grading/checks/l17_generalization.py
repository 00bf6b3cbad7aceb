"""Lesson 17, generalization: polynomial features, ridge regression and the minimum-norm
least-squares solution behind double descent.

    ridge:     w = (X^T X + lam I)^-1 X^T y
    min-norm:  w = X^+ y (pseudo-inverse): the exact fit with the smallest ||w|| when d > n
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, expect_shape, rng


@public("17.poly_features", "poly_features", "Polynomial features")
def _poly(poly_features):
    """degree 3 on five points: columns 1, x, x^2, x^3"""
    x = np.array([-1.0, 0.0, 0.5, 2.0, 3.0])
    expect_close(poly_features(x, 3), np.vander(x, 4, increasing=True), "poly_features(x, 3)", float_dtype=False,
                 hint="shape (N, degree + 1), column k is x**k, starting with the constant column")


def _check_ridge(ridge, n, d, lam, seed):
    r = rng(seed)
    X, y = r.normal(size=(n, d)), r.normal(size=n)
    want = expected("17.ridge")(X, y, lam)
    expect_close(ridge(X, y, lam), want, f"ridge(X {X.shape}, y, lam={lam})", rtol=1e-4, atol=1e-6,
                 hint="w = solve(X^T X + lam I, X^T y)")


@public("17.ridge", "ridge", "Ridge regression in closed form")
def _ridge(ridge):
    """20 points, 4 features, lam = 0.5"""
    _check_ridge(ridge, 20, 4, 0.5, 0)


def _check_min_norm(min_norm_solution, n, d, seed):
    r = rng(seed)
    X, y = r.normal(size=(n, d)), r.normal(size=n)
    want = expected("17.min_norm_solution")(X, y)
    w = expect_shape(min_norm_solution(X, y), (d,), f"min_norm_solution(X {X.shape}, y)")
    w = w.astype(np.float64)
    if not np.all(np.isfinite(w)):
        raise Fail("the solution has nan/inf: X^T X is singular when there are more features than points",
                   "use the pseudo-inverse: np.linalg.pinv(X) @ y (or lstsq)")
    if d > n and np.max(np.abs(X @ w - y)) > 1e-4:
        raise Fail("with more features than points the solution should fit the data exactly")
    if d > n and np.linalg.norm(w) > np.linalg.norm(want) * (1 + 1e-4):
        raise Fail(f"your exact fit has norm {np.linalg.norm(w):.4f}, the minimum is {np.linalg.norm(want):.4f}",
                   "among all exact fits, the pseudo-inverse gives the one with the smallest norm")
    expect_close(w, want, "min_norm_solution", rtol=1e-4, atol=1e-6)


@public("17.min_norm_solution", "min_norm_solution", "Minimum-norm least squares (pseudo-inverse)")
def _min_norm_wide(min_norm_solution):
    """10 points, 30 features: the minimum-norm interpolant"""
    _check_min_norm(min_norm_solution, 10, 30, 0)


@public("17.min_norm_solution", "min_norm_solution")
def _min_norm_tall(min_norm_solution):
    """30 points, 5 features: ordinary least squares"""
    _check_min_norm(min_norm_solution, 30, 5, 1)


def double_descent_data(seed, n_train=20, n_test=200, d_max=60):
    """Random features: y depends on all d_max features (so more features keep helping, after the
    peak) with noise (so the exact fit at d = n_train is wild)."""
    r = rng(seed)
    w = r.normal(size=d_max) / np.sqrt(d_max)
    X, Xt = r.normal(size=(n_train, d_max)), r.normal(size=(n_test, d_max))
    return X, X @ w + 0.3 * r.normal(size=n_train), Xt, Xt @ w


def check_double_descent(double_descent, seed, ds):
    X, y, Xt, yt = double_descent_data(seed)
    what = f"double_descent(..., ds={list(ds)})"
    out = expect_shape(double_descent(X, y, Xt, yt, list(ds)), (len(ds),), what, "one test error per d")
    want = expected("17.double_descent")(X, y, Xt, yt, ds)
    out = out.astype(np.float64)
    train = np.array([np.mean((X[:, :d] @ (np.linalg.pinv(X[:, :d]) @ y) - y) ** 2) for d in ds])
    if np.allclose(out, train, rtol=1e-3, atol=1e-8):
        raise Fail(f"{what}: these are training errors (0 once d >= n)", "evaluate each fit on X_test, y_test")
    if not np.all(np.isfinite(out)):
        raise Fail(f"{what}: nan/inf where d > n: X^T X is singular there",
                   "fit with the minimum-norm solution np.linalg.pinv(X[:, :d]) @ y")
    expect_close(out, want, what, rtol=1e-3, atol=1e-8, float_dtype=False,
                 hint="for each d: w = pinv(X_train[:, :d]) @ y_train; error = mean((X_test[:, :d] @ w - y_test)^2)")
    return out


@public("17.double_descent", "double_descent", "The double-descent curve of minimum-norm least squares")
def _dd(double_descent):
    """test error for d = 5..60 features with 20 training points: it peaks at d = 20"""
    ds = list(range(5, 61, 5))
    out = check_double_descent(double_descent, 0, ds)
    peak = ds[int(np.argmax(out))]
    if peak != 20 or not out[-1] < out[ds.index(20)]:
        raise Fail(f"the curve peaks at d = {peak}, not at the interpolation threshold d = n = 20")


@public("17.poly_features", "poly_features")
def _poly_zero(poly_features):
    """degree 0 is the constant column alone"""
    expect_close(poly_features(np.array([2.0, -1.0]), 0), np.ones((2, 1)), "poly_features(x, 0)", float_dtype=False,
                 hint="shape (N, degree + 1): degree 0 gives one column of ones")


@public("17.ridge", "ridge")
def _ridge_wide(ridge):
    """more features than points: lam makes the system solvable"""
    _check_ridge(ridge, 4, 6, 0.3, 2)
