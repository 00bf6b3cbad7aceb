"""Hidden cases for l03_gradcheck: numerical gradients and the relative error."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.checks.l03_gradcheck import _A, _check_numgrad, _check_rel, softplus_dot
from dltoolkit.grading.registry import hidden


@hidden("03.numerical_grad")
def _numgrad_softplus(numerical_grad):
    """a nonlinear function of a (6, 1) input"""
    x = rng(3).normal(size=(6, 1))
    z = _A @ x
    want = _A.T @ (1 / (1 + np.exp(-z)))
    _check_numgrad(numerical_grad, softplus_dot, x, want, "numerical_grad(softplus_dot, x (6, 1))")


@hidden("03.rel_error")
def _rel_random(rel_error):
    """random gradients with zero entries"""
    r = rng(4)
    a = r.normal(size=(4, 3)) * 10.0 ** r.integers(-3, 3, size=(4, 3))
    a[0, 0] = 0.0
    b = a + r.normal(size=(4, 3)) * 1e-5
    b[0, 0] = 0.0
    _check_rel(rel_error, a, b, "rel_error of random gradients")
