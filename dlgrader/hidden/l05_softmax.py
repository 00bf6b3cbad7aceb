"""Hidden cases for l05_softmax: lesson 05, softmax and cross-entropy (numerically stable)."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden
from dlgrader.references.l05_softmax import ref_ce, ref_ce_grad, ref_softmax


@hidden("05.softmax")
def _softmax_neg(softmax):
    """very negative logits and a 1-D input"""
    z = np.array([-1000.0, -1001.0, -999.0], np.float32)
    expect_close(softmax(z), ref_softmax(z), "softmax of very negative logits")


@hidden("05.cross_entropy")
def _ce_many(ce):
    """a batch of 64 with 10 classes"""
    r = rng(3)
    z, y = r.normal(size=(64, 10)).astype(np.float32) * 4, r.integers(0, 10, 64)
    expect_close(ce(z, y), np.array(ref_ce(z, y)), "cross_entropy", rtol=1e-4)


@hidden("05.ce_grad")
def _ce_grad_large(ce_grad):
    """large logits"""
    z, y = np.array([[800.0, 0.0], [0.0, -800.0]], np.float32), np.array([1, 0])
    expect_close(ce_grad(z, y), ref_ce_grad(z, y), "ce_grad of large logits", rtol=1e-4)


@hidden("05.softmax_backward")
def _sb_more(softmax_backward):
    """a batch of 16 with 10 classes and large logits"""
    from dltoolkit.grading.checks.l05_softmax_backward import check_softmax_backward
    r = rng(52)
    check_softmax_backward(softmax_backward, r.normal(size=(16, 10)) * 5, r.normal(size=(16, 10)),
                           "softmax_backward (16, 10)")


@hidden("05.softmax")
def _softmax_random_rows(softmax):
    """random rows of mixed scales"""
    r = rng(53)
    z = (r.normal(size=(5, 6)) * 10 ** r.integers(0, 4, size=(5, 1))).astype(np.float32)
    expect_close(softmax(z), ref_softmax(z), "softmax of rows with mixed scales", rtol=1e-4, atol=1e-7)
