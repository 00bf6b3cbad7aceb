"""Hidden cases for l15_beyond: lesson 15, beyond classification: IoU, non-max suppression (detection) and dice (segmentation)."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l15_beyond import _check_nms
from dlgrader.references.l15_beyond import ref_iou


@hidden("15.iou")
def _iou_random(iou):
    """random boxes"""
    r = rng(1)
    xy = r.random((20, 2)) * 10
    boxes = np.concatenate([xy, xy + 0.5 + r.random((20, 2)) * 4], 1)
    expect_close(iou(boxes[0], boxes), ref_iou(boxes[0], boxes), "iou", rtol=1e-5)


@hidden("15.nms")
def _nms_random(nms):
    """30 random boxes"""
    r = rng(2)
    xy = r.random((30, 2)) * 10
    boxes = np.concatenate([xy, xy + 1 + r.random((30, 2)) * 4], 1)
    _check_nms(nms, boxes, r.random(30), 0.4)


@hidden("15.dice")
def _dice_perfect(dice):
    """identical masks score 1, disjoint ones about 0"""
    a = np.zeros((6, 6))
    a[:3] = 1
    expect_close(dice(a, a), np.array(1.0), "dice of identical masks", atol=1e-6, float_dtype=False)
    expect_close(dice(a, 1 - a), np.array(0.0), "dice of disjoint masks", atol=1e-6, float_dtype=False)
