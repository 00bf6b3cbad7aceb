"""Lesson 01: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l01_perceptron`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_step(z):
    return (np.asarray(z, np.float64) >= 0).astype(np.float64)


def ref_update(w, b, x, y, lr):
    err = y - ref_step(np.dot(w, x) + b)
    return w + lr * err * x, b + lr * err
