"""Hidden cases for l07_schedules: other rates and lengths."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.checks.l07_schedules import check_cosine, check_step_decay
from dltoolkit.grading.registry import hidden


@hidden("07.step_decay")
def _step_hidden(step_decay):
    """a drop of 0.3 every 7 steps, at random steps"""
    check_step_decay(step_decay, np.sort(rng(11).integers(0, 60, size=9)), 0.02, 0.3, 7)


@hidden("07.cosine_decay")
def _cos_hidden(cosine_decay):
    """a random length and final rate, steps past the end included"""
    r = rng(12)
    total = int(r.integers(20, 80))
    check_cosine(cosine_decay, np.arange(0, total + 15, 3), 0.2, total, float(r.uniform(0, 0.01)))
