"""Hidden cases for l11_lenet5: lesson 11, LeNet-5: parameter counts and a forward pass built to the published summary."""
from __future__ import annotations

from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l11_lenet5 import _check_forward


@hidden("11.lenet5_forward")
def _forward_more(forward):
    """another batch and weights"""
    _check_forward(forward, 3, 1)
