"""Box utilities for detection: IoU and greedy non-maximum suppression.

Boxes are ``(x_min, y_min, x_max, y_max)``. For boxes A and B:

    IoU(A, B) = area(A & B) / (area(A) + area(B) - area(A & B))
    NMS: repeatedly keep the highest-scoring box and drop every other box whose IoU with it
         exceeds ``iou_threshold`` (one detection per object).
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np


def box_area(b):
    return jnp.clip(b[..., 2] - b[..., 0], 0) * jnp.clip(b[..., 3] - b[..., 1], 0)


def iou(a, b):
    """Elementwise IoU of broadcastable box arrays ``(..., 4)`` -> ``(...)``."""
    a, b = jnp.asarray(a, jnp.float32), jnp.asarray(b, jnp.float32)
    lo = jnp.maximum(a[..., :2], b[..., :2])
    hi = jnp.minimum(a[..., 2:], b[..., 2:])
    inter = jnp.prod(jnp.clip(hi - lo, 0), axis=-1)
    union = box_area(a) + box_area(b) - inter
    return inter / jnp.maximum(union, 1e-12)


def pairwise_iou(a, b):
    """IoU matrix of ``a`` (n, 4) and ``b`` (m, 4) -> (n, m)."""
    return iou(jnp.asarray(a)[:, None, :], jnp.asarray(b)[None, :, :])


def nms(boxes, scores, iou_threshold: float = 0.5, score_threshold: float = -np.inf,
        max_outputs: int | None = None) -> np.ndarray:
    """Indices of the boxes greedy NMS keeps, highest score first (numpy; runs outside jit)."""
    boxes, scores = np.asarray(boxes, np.float32), np.asarray(scores, np.float32)
    order = [i for i in np.argsort(-scores, kind="stable") if scores[i] > score_threshold]
    ious = np.asarray(pairwise_iou(boxes, boxes)) if len(boxes) else np.zeros((0, 0))
    keep: list = []
    for i in order:
        if all(ious[i, j] <= iou_threshold for j in keep):
            keep.append(i)
            if max_outputs is not None and len(keep) >= max_outputs:
                break
    return np.asarray(keep, np.int64)
