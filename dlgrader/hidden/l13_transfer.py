"""Hidden cases for l13_transfer: lesson 13, transfer learning: freezing a pretrained backbone."""
from __future__ import annotations

import jax
import numpy as np

from dltoolkit.grading.registry import Fail
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l13_transfer import _check_freeze, _tree


@hidden("13.freeze_updates")
def _freeze_mixed(freeze_updates):
    """only conv1 frozen"""
    u = _tree(2)
    m = jax.tree.map(lambda _: True, u)
    m["backbone"]["conv1"] = {"kernel": False, "bias": False}
    _check_freeze(freeze_updates, u, m)


@hidden("13.count_trainable")
def _count_all(count_trainable):
    """everything trainable"""
    p = _tree(4)
    want = sum(x.size for x in jax.tree.leaves(p))
    got = int(np.asarray(count_trainable(p, jax.tree.map(lambda _: True, p))))
    if got != want:
        raise Fail(f"count_trainable = {got}, expected {want}")
