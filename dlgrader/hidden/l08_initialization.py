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
