"""Lesson 03: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l03_value`` (kept out of the student's wheel)."""
from __future__ import annotations


def ref_value_reuse(a, b):
    """f = a*b + a*a and its gradients (df/da, df/db)."""
    return (a * b + a * a, b + 2 * a, a)
