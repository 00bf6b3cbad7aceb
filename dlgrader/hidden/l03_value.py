"""Hidden cases for l03_value: the student's Value engine."""
from __future__ import annotations

from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.checks.l03_value import check_neuron, check_reuse
from dltoolkit.grading.registry import hidden


@hidden("03.value_neuron")
def _neuron_random(value_neuron):
    """five random inputs"""
    r = rng(31)
    check_neuron(value_neuron, list(r.normal(size=5)), list(r.normal(size=5) * 0.5), float(r.normal()),
                 "value_neuron with five inputs")


@hidden("03.value_accumulate")
def _reuse_random(value_reuse):
    """other values"""
    check_reuse(value_reuse, -1.25, 0.5, "value_reuse(-1.25, 0.5)")
