"""Hidden cases for l09_regularization: lesson 09, regularization: inverted dropout and the L2 penalty."""
from __future__ import annotations

import jax
import numpy as np

from dltoolkit.grading.checks._util import arr
from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.registry import Fail
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l09_regularization import _dropout_case, _leaves, _params


@hidden("09.dropout")
def _drop_other(dropout):
    """rate 0.8, and different keys give different masks"""
    _dropout_case(dropout, 0.8, 2)
    x = np.ones((30, 30), np.float32)
    a = arr(dropout(x, 0.5, jax.random.key(3), True), "dropout")
    b = arr(dropout(x, 0.5, jax.random.key(4), True), "dropout")
    if np.array_equal(a, b):
        raise Fail("dropout ignores the key", "draw the mask with jax.random.bernoulli(key, 1 - rate, x.shape)")


@hidden("09.l2_penalty")
def _l2_other(l2_penalty):
    """another tree and lam"""
    p = _params(5)
    want = 0.5 * sum(float((w ** 2).sum()) for w in _leaves(p))
    expect_close(l2_penalty(p, 0.5), np.array(want), "l2_penalty", rtol=1e-5, float_dtype=False)
