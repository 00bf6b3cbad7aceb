"""Lesson 09: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l09_adamw`` (kept out of the student's wheel)."""
from __future__ import annotations


from .l07_optimizers import ref_adam as _adam


def ref_adamw(w, m, v, g, t, lr, wd):
    w_new, m, v = _adam(w, m, v, g, t, lr)
    return w_new - lr * wd * w, m, v


def ref_adam_l2(w, m, v, g, t, lr, wd):
    return _adam(w, m, v, g + wd * w, t, lr)
