"""Hidden cases for l06_sgd: lesson 06, SGD and minibatches."""
from __future__ import annotations

from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l06_sgd import _check_batches, _check_epoch


@hidden("06.minibatches")
def _mb_big(minibatches):
    """100 examples in batches of 32, and one batch larger than the data"""
    _check_batches(minibatches, 100, 32, 2)
    _check_batches(minibatches, 5, 8, 3)


@hidden("06.sgd_epoch")
def _epoch_more(sgd_epoch):
    """50 examples, batch size 16"""
    _check_epoch(sgd_epoch, 50, 16, 0.02, 6)
