"""Lesson 15, beyond classification: IoU, non-max suppression (detection) and dice (segmentation).

    IoU(A, B) = |A n B| / |A u B|, boxes (x1, y1, x2, y2) with x2 > x1, y2 > y1
    NMS: repeatedly keep the highest-scoring box, drop the others with IoU > threshold
    dice(p, t) = (2 sum(p t) + eps) / (sum(p) + sum(t) + eps)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, rng


_BOXES = np.array([[0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6], [0, 0, 2, 2], [3, 0, 4, 1]], np.float32)


@public("15.iou", "iou", "Intersection over union")
def _iou(iou):
    """one box against five: overlap, disjoint, identical, touching"""
    box = np.array([0, 0, 2, 2], np.float32)
    out = iou(box, _BOXES)
    bad = np.where(np.asarray(out, float) < 0)[0] if np.shape(out) == (5,) else []
    if len(bad):
        raise Fail(f"IoU with a disjoint box is negative ({np.asarray(out)[bad[0]]:.3g})",
                   "clip the intersection width and height at 0: max(0, min(x2) - max(x1))")
    expect_close(out, expected("15.iou")(box, _BOXES), "iou(box, boxes)", rtol=1e-5,
                 hint="intersection / (area_a + area_b - intersection); output shape (M,)")


def _check_nms(nms, boxes, scores, thr):
    out = nms(boxes, scores, thr)
    try:
        got = [int(i) for i in np.asarray(out).reshape(-1)]
    except Exception:  # noqa: BLE001
        raise Fail(f"nms returned {type(out).__name__}; expected a list of box indices")
    want = expected("15.nms")(boxes, scores, thr)
    if sorted(got) == sorted(want) and got != want:
        raise Fail(f"nms kept the right boxes {sorted(got)} but in the order {got}",
                   f"return the indices in decreasing order of score: {want}")
    if got != want:
        raise Fail(f"nms(threshold={thr}) kept boxes {got}, expected {want}",
                   "sort by score; keep the best; drop every remaining box whose IoU with it is > threshold; repeat")


@public("15.nms", "nms", "Non-max suppression")
def _nms(nms):
    """five boxes, threshold 0.5"""
    _check_nms(nms, _BOXES, np.array([0.9, 0.8, 0.7, 0.95, 0.3], np.float32), 0.5)


@public("15.nms", "nms")
def _nms_low(nms):
    """a threshold of 0.1 also suppresses the partial overlap"""
    _check_nms(nms, _BOXES, np.array([0.6, 0.9, 0.7, 0.5, 0.8], np.float32), 0.1)


@public("15.dice", "dice", "Dice score")
def _dice(dice):
    """soft prediction against a binary mask"""
    r = rng(3)
    p, t = r.random((8, 8)), (r.random((8, 8)) > 0.5).astype(np.float64)
    out = arr(dice(p, t), "dice(pred, target)")
    inter = (p * t).sum()
    if out.shape == () and np.isclose(float(out), inter / (p.sum() + t.sum() - inter), rtol=1e-4):
        raise Fail("you computed the IoU (Jaccard), not dice", "dice = 2 |A n B| / (|A| + |B|)")
    expect_close(out, np.array(expected("15.dice")(p, t)), "dice(pred, target)", rtol=1e-5, float_dtype=False)


@public("15.dice", "dice")
def _dice_empty(dice):
    """two empty masks score 1 (no nan)"""
    z = np.zeros((4, 4))
    expect_close(dice(z, z), np.array(1.0), "dice of two empty masks", atol=1e-6, float_dtype=False,
                 hint="add eps to numerator and denominator: (2 sum(p t) + eps) / (sum p + sum t + eps)")
