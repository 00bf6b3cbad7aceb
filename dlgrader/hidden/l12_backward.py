"""Hidden cases for l12_backward: batch norm backward and receptive fields."""
from __future__ import annotations

from dltoolkit.grading.checks.l12_backward import check_bn_backward, check_rf
from dltoolkit.grading.registry import hidden


@hidden("12.batchnorm_backward")
def _bnb_more(bn_backward):
    """a batch of 32 with 6 features"""
    check_bn_backward(bn_backward, 32, 6, 2)


@hidden("12.receptive_field")
def _rf_vgg(receptive_field):
    """VGG-style blocks and a single layer"""
    check_rf(receptive_field, [(3, 1), (3, 1), (2, 2), (3, 1), (3, 1), (2, 2), (3, 1)])
    check_rf(receptive_field, [(5, 3)])
