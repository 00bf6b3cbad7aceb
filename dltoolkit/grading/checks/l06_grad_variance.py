"""Lesson 06, gradient noise: the variance of a minibatch gradient falls as 1 / batch size.

For the MSE of a linear model, L(w) = mean_n (x_n . w - y_n)^2, the per-example gradient is
g_n = 2 (x_n . w - y_n) x_n. A minibatch of B examples drawn uniformly with replacement
estimates the full gradient by their mean, whose total variance (trace of its covariance) is

    tr Cov[g_B] = (1 / B) sum_d Var_n(g_nd)        (population variance over the N examples)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, rng


def _data(seed, n, d):
    r = rng(seed)
    X = r.normal(size=(n, d)).astype(np.float32)
    w_true, w = r.normal(size=d), r.normal(size=d).astype(np.float32)
    return w, X, (X @ w_true + 0.3 * r.normal(size=n)).astype(np.float32)


def _scalar(out, what):
    a = arr(out, what)
    if a.size != 1:
        raise Fail(f"{what}: expected one number (the total variance), got shape {a.shape}",
                   "sum the per-coordinate variances into one number")
    return float(a.reshape(()))


def check_grad_variance(grad_variance, seed, n, d, batch_sizes):
    w, X, y = _data(seed, n, d)
    got = {}
    for b in batch_sizes:
        what = f"grad_variance(w, X {X.shape}, y, batch_size={b})"
        out = _scalar(grad_variance(w, X, y, b), what)
        want = expected("06.grad_variance")(w, X, y, b)
        got[b] = out
        if np.isclose(out, want * b, rtol=1e-3) and b > 1:
            raise Fail(f"{what} = {out:.6g}, expected {want:.6g}: this is the variance of ONE example's "
                       "gradient", "a mean of B independent draws has 1/B of the variance: divide by B")
        if np.isclose(out, want * n / (n - 1), rtol=1e-4):
            raise Fail(f"{what} = {out:.6g}, expected {want:.6g}: the sample variance (ddof=1) was used",
                       "the minibatch draws from these N examples: use their population variance (ddof=0)")
        if np.isclose(out, want / 4, rtol=1e-3):
            raise Fail(f"{what} = {out:.6g}, expected {want:.6g}: the per-example gradient lacks its factor 2",
                       "d/dw (x.w - y)^2 = 2 (x.w - y) x")
        if np.isclose(out, want * b * b, rtol=1e-3) and b > 1:
            raise Fail(f"{what}: the variance grows with the batch size",
                       "the gradient is the MEAN over the batch, not the sum: divide the variance by B")
        if not np.isclose(out, want, rtol=1e-3, atol=1e-9):
            raise Fail(f"{what} = {out:.6g}, expected {want:.6g}",
                       "per-example gradients (N, D), their variance over examples per coordinate, summed, / B")
    return got


@public("06.grad_variance", "grad_variance", "Variance of a minibatch gradient vs batch size")
def _gv_sizes(grad_variance):
    """50 examples, 3 features, batch sizes 1, 4 and 16"""
    check_grad_variance(grad_variance, 0, 50, 3, (1, 4, 16))


@public("06.grad_variance", "grad_variance")
def _gv_law(grad_variance):
    """four times the batch, a quarter of the variance (one feature, 8 examples)"""
    got = check_grad_variance(grad_variance, 1, 8, 1, (2, 8))
    if not np.isclose(got[2] / got[8], 4.0, rtol=1e-3):
        raise Fail(f"variance at B=2 over B=8 is {got[2] / got[8]:.4g}, expected 4")
