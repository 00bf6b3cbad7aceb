"""Lesson 07: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l07_optimizers`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_momentum(w, v, g, lr, beta):
    v = beta * v + g
    return w - lr * v, v


def ref_adam(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
    return w - lr * mh / (np.sqrt(vh) + eps), m, v
