"""A small single-stage (YOLO-style) detector for the generated shapes.

The image is divided into an ``S x S`` grid; the backbone maps it to ``(S, S, 5 + K)``: for each
cell an objectness logit ``t_o``, box numbers ``t_x, t_y, t_w, t_h`` and ``K`` class logits.
The cell that contains an object's centre is "responsible" for it. Decoding (boxes in [0, 1]):

    cx = (col + sigmoid(t_x)) / S,  cy = (row + sigmoid(t_y)) / S,  w = sigmoid(t_w),  h = sigmoid(t_h)
    score = sigmoid(t_o) * max_k softmax(class logits)_k

Loss: binary cross-entropy of objectness on every cell + ``box_weight`` * squared error of
(sigmoid(t_x), sigmoid(t_y), sigmoid(t_w), sigmoid(t_h)) and cross-entropy of the class, both on
the responsible cells only. Detections = NMS over the decoded boxes (``boxes.nms``).
"""
from __future__ import annotations

import math
from typing import Sequence

import jax
import jax.numpy as jnp
import numpy as np
import optax

from ...layers import Conv2D, MaxPool2D
from ..sequential import Sequential
from ...boxes import nms


def detector(input_shape: Sequence[int] = (32, 32, 3), num_classes: int = 3, grid: int = 4,
             filters: int = 16, name: str = "detector") -> Sequential:
    """Conv backbone (3x3 conv + ReLU, then 2x2 pool, per halving) down to ``grid x grid`` and a
    1x1 conv head. Shapes: ``(batch, H, W, C) -> (batch, grid, grid, 5 + num_classes)`` (raw)."""
    h = int(input_shape[0])
    n_pool = int(round(math.log2(h / grid)))
    if h != grid * 2 ** n_pool or int(input_shape[1]) != h:
        raise ValueError(f"detector: square input whose size is grid * 2^k, got {tuple(input_shape)} "
                         f"with grid={grid}")
    layers: list = []
    for i in range(n_pool):
        kw = {"input_shape": tuple(int(d) for d in input_shape)} if i == 0 else {}
        layers += [Conv2D(filters * 2 ** i, 3, padding="same", activation="relu",
                          kernel_initializer="he_normal", name=f"conv{i + 1}", **kw),
                   MaxPool2D(2, name=f"pool{i + 1}")]
    layers += [Conv2D(filters * 2 ** n_pool, 3, padding="same", activation="relu",
                      kernel_initializer="he_normal", name=f"conv{n_pool + 1}"),
               Conv2D(5 + num_classes, 1, name="head")]
    return Sequential(layers, name=name)


def encode_targets(boxes, labels, grid: int):
    """Boxes (n, 4) normalized xyxy + labels (n,) -> (objectness (n, S, S), box targets
    (n, S, S, 4) = (x offset in cell, y offset in cell, w, h), labels (n, S, S))."""
    boxes, labels = np.asarray(boxes, np.float32), np.asarray(labels)
    n = len(boxes)
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2 * grid, (boxes[:, 1] + boxes[:, 3]) / 2 * grid
    col, row = np.clip(cx.astype(int), 0, grid - 1), np.clip(cy.astype(int), 0, grid - 1)
    obj = np.zeros((n, grid, grid), np.float32)
    tgt = np.zeros((n, grid, grid, 4), np.float32)
    cls = np.zeros((n, grid, grid), np.int32)
    i = np.arange(n)
    obj[i, row, col] = 1
    tgt[i, row, col] = np.stack([cx - col, cy - row, boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]], 1)
    cls[i, row, col] = labels
    return obj, tgt, cls


def detection_loss(out, obj, tgt, cls, box_weight: float = 5.0):
    """The loss in the module docstring; ``out`` (n, S, S, 5 + K) raw model output."""
    bce = optax.sigmoid_binary_cross_entropy(out[..., 0], obj).mean()
    n_obj = jnp.maximum(obj.sum(), 1.0)
    box = jnp.sum(obj[..., None] * (jax.nn.sigmoid(out[..., 1:5]) - tgt) ** 2) / n_obj
    ce = jnp.sum(obj * optax.softmax_cross_entropy_with_integer_labels(out[..., 5:], cls)) / n_obj
    return bce + box_weight * box + ce


def decode(out):
    """Raw output (n, S, S, 5 + K) -> boxes (n, S*S, 4) xyxy in [0, 1], scores (n, S*S), classes."""
    n, s = out.shape[0], out.shape[1]
    rows, cols = jnp.meshgrid(jnp.arange(s), jnp.arange(s), indexing="ij")
    cx = (cols + jax.nn.sigmoid(out[..., 1])) / s
    cy = (rows + jax.nn.sigmoid(out[..., 2])) / s
    w, h = jax.nn.sigmoid(out[..., 3]), jax.nn.sigmoid(out[..., 4])
    boxes = jnp.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], -1).reshape(n, s * s, 4)
    probs = jax.nn.softmax(out[..., 5:], -1)
    scores = (jax.nn.sigmoid(out[..., 0]) * probs.max(-1)).reshape(n, s * s)
    return boxes, scores, probs.argmax(-1).reshape(n, s * s)


def detect(out, iou_threshold: float = 0.5, score_threshold: float = 0.0, max_outputs: int = 10):
    """Per image: ``(boxes (k, 4), scores (k,), classes (k,))`` after NMS, best first."""
    boxes, scores, classes = (np.asarray(a) for a in decode(out))
    result = []
    for b, s, c in zip(boxes, scores, classes):
        keep = nms(b, s, iou_threshold, score_threshold, max_outputs)
        result.append((b[keep], s[keep], c[keep]))
    return result
