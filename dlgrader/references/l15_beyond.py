"""Lesson 15: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l15_beyond`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_iou(box, boxes):
    box, boxes = np.asarray(box, np.float64), np.asarray(boxes, np.float64)
    w = np.clip(np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0]), 0, None)
    h = np.clip(np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1]), 0, None)
    inter = w * h
    area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])  # noqa: E731
    return inter / (area(box) + area(boxes) - inter)


def ref_nms(boxes, scores, thr):
    order, keep = list(np.argsort(-np.asarray(scores), kind="stable")), []
    while order:
        i = order.pop(0)
        keep.append(i)
        order = [j for j in order if ref_iou(boxes[i], boxes[[j]])[0] <= thr]
    return keep


def ref_dice(p, t, eps=1e-7):
    p, t = np.asarray(p, np.float64), np.asarray(t, np.float64)
    return (2 * (p * t).sum() + eps) / (p.sum() + t.sum() + eps)
