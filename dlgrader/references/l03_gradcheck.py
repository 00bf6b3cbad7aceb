"""Lesson 03: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l03_gradcheck`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_rel_error(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
