"""Lesson 06: the grader-only reference behind ``dltoolkit.grading.checks.l06_grad_variance``
(kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_grad_variance(w, X, y, batch_size):
    X, y, w = (np.asarray(a, np.float64) for a in (X, y, w))
    g = 2 * (X @ w - y)[:, None] * X          # per-example gradients of (x.w - y)^2, (N, D)
    return float(g.var(axis=0).sum() / batch_size)
