"""Lesson 03: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l03_backprop`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_chain_forward(x, W, b):
    a, acts = float(x), []
    for w_i, b_i in zip(W, b):
        a = 1.0 / (1.0 + np.exp(-(w_i * a + b_i)))
        acts.append(a)
    return np.array(acts)


def ref_chain_backward(x, y, W, b):
    a = np.concatenate([[x], ref_chain_forward(x, W, b)])
    dW, db = np.zeros(3), np.zeros(3)
    delta = (a[3] - y) * a[3] * (1 - a[3])
    for i in (2, 1, 0):
        dW[i], db[i] = delta * a[i], delta
        delta = delta * W[i] * a[i] * (1 - a[i])
    return dW, db
