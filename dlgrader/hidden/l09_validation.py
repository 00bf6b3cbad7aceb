"""Hidden cases for l09_validation: other splits and loss curves."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.checks.l09_validation import check_split, check_stop
from dltoolkit.grading.registry import hidden


@hidden("09.standardize_split")
def _split_hidden(standardize_split):
    """60 rows, 4 columns"""
    check_split(standardize_split, 14, 60, 4)


@hidden("09.early_stopping")
def _stop_hidden(early_stopping):
    """a noisy U-shaped validation curve, patience 3"""
    r = rng(15)
    t = np.arange(30)
    losses = (0.5 + 0.002 * (t - 12) ** 2 + 0.02 * r.normal(size=30)).round(3)
    check_stop(early_stopping, [float(v) for v in losses], 3)
