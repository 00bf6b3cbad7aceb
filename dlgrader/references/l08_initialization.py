"""Lesson 08: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l08_initialization`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_he_std(fan_in):
    return float(np.sqrt(2.0 / fan_in))


def ref_glorot_limit(fan_in, fan_out):
    return float(np.sqrt(6.0 / (fan_in + fan_out)))
