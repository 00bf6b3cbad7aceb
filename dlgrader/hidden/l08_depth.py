"""Hidden cases for l08_depth: LeCun scaling under ReLU (the std halves every two layers)."""
from __future__ import annotations

from dltoolkit.grading.checks.l08_depth import check_stds
from dltoolkit.grading.registry import hidden


@hidden("08.activation_stds")
def _stds_lecun(activation_stds):
    """ReLU with weights N(0, 1/d): 6 layers of width 48"""
    out = check_stds(activation_stds, 13, 64, 48, 6, 1.0, "relu")
    assert out[-1] < out[0]
