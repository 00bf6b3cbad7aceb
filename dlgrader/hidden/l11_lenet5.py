"""Hidden cases for l11_lenet5: lesson 11, LeNet-5: parameter counts and a forward pass built to the published summary."""
from __future__ import annotations

from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l11_lenet5 import _check_forward


@hidden("11.lenet5_forward")
def _forward_more(forward):
    """another batch and weights"""
    _check_forward(forward, 3, 1)


@hidden("11.conv_params")
def _conv_params_more(conv_params):
    """other layers"""
    from dltoolkit.grading.checks.l11_lenet5 import check_conv_params
    check_conv_params(conv_params, ((7, 3, 64), (1, 256, 64), (11, 3, 96)))


@hidden("11.dense_params")
def _dense_params_more(dense_params):
    """other layers"""
    from dltoolkit.grading.checks.l11_lenet5 import check_dense_params
    check_dense_params(dense_params, ((784, 10), (3, 1000), (4096, 4096)))


@hidden("11.lenet5_param_counts")
def _counts_total(counts):
    """the total is 61706 and every count is an integer"""
    from dltoolkit.grading.checks.l11_lenet5 import _counts
    from dltoolkit.grading.registry import Fail
    _counts(counts)
    out = counts()
    if sum(int(v) for v in out.values()) != 61706:
        raise Fail(f"the counts sum to {sum(int(v) for v in out.values())}, expected 61706")
