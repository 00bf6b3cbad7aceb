"""Lesson 17, generalization: polynomial features, ridge regression and the minimum-norm
least-squares solution behind double descent.

    ridge:     w = (X^T X + lam I)^-1 X^T y
    min-norm:  w = X^+ y (pseudo-inverse): the exact fit with the smallest ||w|| when d > n
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._util import arr, expect_close, expect_shape, rng


@public("17.poly_features", "poly_features", "Polynomial features")
def _poly(poly_features):
    """degree 3 on five points: columns 1, x, x^2, x^3"""
    x = np.array([-1.0, 0.0, 0.5, 2.0, 3.0])
    expect_close(poly_features(x, 3), np.vander(x, 4, increasing=True), "poly_features(x, 3)", float_dtype=False,
                 hint="shape (N, degree + 1), column k is x**k, starting with the constant column")


def _check_ridge(ridge, n, d, lam, seed):
    r = rng(seed)
    X, y = r.normal(size=(n, d)), r.normal(size=n)
    want = np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)
    expect_close(ridge(X, y, lam), want, f"ridge(X {X.shape}, y, lam={lam})", rtol=1e-4, atol=1e-6,
                 hint="w = solve(X^T X + lam I, X^T y)")


@public("17.ridge", "ridge", "Ridge regression in closed form")
def _ridge(ridge):
    """20 points, 4 features, lam = 0.5"""
    _check_ridge(ridge, 20, 4, 0.5, 0)


def _check_min_norm(min_norm_solution, n, d, seed):
    r = rng(seed)
    X, y = r.normal(size=(n, d)), r.normal(size=n)
    want = np.linalg.pinv(X) @ y
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
