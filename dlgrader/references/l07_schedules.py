"""Lesson 07: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l07_schedules`` (kept out of the student's wheel). ``variant`` gives
the typical wrong answers the checks recognise."""
from __future__ import annotations

import numpy as np


def ref_step_decay(step, lr0, drop, every, variant=None):
    t = np.asarray(step, np.float64)
    k = {"smooth": t / every, "every_step": t}.get(variant, np.floor(t / every))
    return lr0 * drop ** k


def ref_cosine_decay(step, lr0, total_steps, final_lr=0.0, variant=None):
    t = np.asarray(step, np.float64)
    frac = (t if variant == "no_clip" else np.minimum(t, total_steps)) / total_steps
    shape = (1 + np.cos(np.pi * frac)) * (1.0 if variant == "no_half" else 0.5)
    final = 0.0 if variant == "to_zero" else final_lr
    return final + (lr0 - final) * shape
