"""Hidden cases for l08_initialization: lesson 08, initialization: He and Glorot scales and a He-normal initializer."""
from __future__ import annotations

import jax
import numpy as np

from dltoolkit.grading.checks._util import arr
from dltoolkit.grading.registry import Fail
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l08_initialization import _check_he_normal


@hidden("08.he_normal")
def _he_keys(he_normal):
    """different keys give different draws"""
    a = arr(he_normal(jax.random.key(5), (50, 50)), "he_normal")
    b = arr(he_normal(jax.random.key(6), (50, 50)), "he_normal")
    if np.array_equal(a, b):
        raise Fail("he_normal ignores the key", "use jax.random.normal(key, shape)")
    _check_he_normal(he_normal, (5, 5, 16, 120), 400, 2)


@hidden("08.he_std")
def _he_std_more(he_std):
    """other fan-ins"""
    from dltoolkit.grading.checks.l08_initialization import check_he_std
    check_he_std(he_std, (3, 1000, 4096))


@hidden("08.glorot_limit")
def _glorot_more(glorot_limit):
    """other fans"""
    from dltoolkit.grading.checks.l08_initialization import check_glorot
    check_glorot(glorot_limit, ((1, 1), (512, 10), (25, 6)))
