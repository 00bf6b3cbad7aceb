"""Hidden cases for l17_generalization: lesson 17, generalization: polynomial features, ridge regression and the minimum-norm"""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import arr
from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l17_generalization import _check_min_norm, _check_ridge


@hidden("17.poly_features")
def _poly_more(poly_features):
    """degree 0 and degree 6"""
    x = rng(1).normal(size=7)
    expect_close(poly_features(x, 0), np.ones((7, 1)), "poly_features(x, 0)", float_dtype=False)
    expect_close(poly_features(x, 6), np.vander(x, 7, increasing=True), "poly_features(x, 6)", rtol=1e-5,
                 float_dtype=False)


@hidden("17.ridge")
def _ridge_more(ridge):
    """more features than points"""
    _check_ridge(ridge, 5, 8, 1.0, 1)


@hidden("17.min_norm_solution")
def _min_norm_square(min_norm_solution):
    """near the interpolation threshold"""
    _check_min_norm(min_norm_solution, 12, 13, 2)
    arr(min_norm_solution(np.eye(3), np.ones(3)), "min_norm_solution")


@hidden("17.double_descent")
def _dd_more(double_descent):
    """another draw, every d from 1 to 60"""
    from dltoolkit.grading.checks.l17_generalization import check_double_descent
    check_double_descent(double_descent, 1, list(range(1, 61)))
