"""Lesson 14: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l14_random`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_cutmix(x1, x2, box):
    """(mixed images, lam): x2's patch (top, left, h, w) pasted into x1; lam = x1's share of the area."""
    top, left, h, w = box
    out = np.array(x1, copy=True)
    out[:, top:top + h, left:left + w] = np.asarray(x2)[:, top:top + h, left:left + w]
    return out, 1 - h * w / (np.shape(x1)[1] * np.shape(x1)[2])
