"""Plots of predictions: confusion matrix; images with true/predicted labels, masks or boxes.

Confusion matrix ``C[i, j]`` = number of examples of true class i predicted as class j; with
``normalize=True`` each row is divided by its sum (per-class recall on the diagonal).
Boxes are ``(x_min, y_min, x_max, y_max)`` in pixels (or in [0, 1] with ``normalized=True``).
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np


def confusion_counts(y_true, y_pred, num_classes: Optional[int] = None) -> np.ndarray:
    y_true, y_pred = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int)
    k = num_classes or int(max(y_true.max(), y_pred.max()) + 1)
    c = np.zeros((k, k), np.int64)
    np.add.at(c, (y_true, y_pred), 1)
    return c


def plot_confusion_matrix(y_true, y_pred, class_names: Optional[Sequence[str]] = None,
                          normalize: bool = False):
    """Heat map of the confusion matrix with the counts (or row fractions) written in each cell."""
    import matplotlib.pyplot as plt

    k = len(class_names) if class_names is not None else None
    c = confusion_counts(y_true, y_pred, k).astype(float)
    if normalize:
        c = c / np.maximum(c.sum(1, keepdims=True), 1)
    names = list(class_names) if class_names is not None else [str(i) for i in range(len(c))]
    fig, ax = plt.subplots(figsize=(1 + 0.6 * len(c), 1 + 0.6 * len(c)))
    ax.imshow(c, cmap="Blues")
    for i in range(len(c)):
        for j in range(len(c)):
            ax.text(j, i, f"{c[i, j]:.2f}" if normalize else f"{int(c[i, j])}", ha="center", va="center",
                    color="white" if c[i, j] > c.max() / 2 else "black", fontsize=8)
    ax.set_xticks(range(len(c)), names, rotation=45)
    ax.set_yticks(range(len(c)), names)
    ax.set_xlabel("predicted"), ax.set_ylabel("true")
    fig.tight_layout()
    return fig


def plot_predictions(images, labels=None, preds=None, class_names=None, masks=None, pred_masks=None,
                     boxes=None, pred_boxes=None, normalized: bool = False, cols: Optional[int] = None,
                     max_images: int = 16):
    """A grid of images, titled ``true / predicted`` (red when wrong), with masks overlaid
    (true mask left, predicted right when both are given) and boxes drawn (true green, predicted red)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    images = np.asarray(images)[:max_images]
    n = len(images)
    panels = 2 if (masks is not None and pred_masks is not None) else 1
    cols = cols or min(n, 8)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols * panels, figsize=(1.6 * cols * panels, 1.8 * rows), squeeze=False)
    name = (lambda i: class_names[int(i)]) if class_names is not None else (lambda i: str(int(i)))
    for ax in axes.ravel():
        ax.set_xticks([]), ax.set_yticks([])
    for ax in axes.ravel()[n * panels:]:
        ax.remove()
    h, w = images.shape[1:3]
    scale = np.array([w, h, w, h]) if normalized else np.ones(4)
    for i in range(n):
        img = images[i].squeeze()
        for p in range(panels):
            ax = axes.ravel()[i * panels + p]
            ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
            m = (pred_masks if p == 1 or masks is None else masks)
            if m is not None:
                ax.imshow(np.ma.masked_equal(np.asarray(m[i]), 0), alpha=0.5, cmap="tab10")
        ax = axes.ravel()[i * panels]
        for bxs, colour in ((boxes, "lime"), (pred_boxes, "red")):
            if bxs is not None:
                x0, y0, x1, y1 = np.asarray(bxs[i]) * scale
                ax.add_patch(Rectangle((x0 - 0.5, y0 - 0.5), x1 - x0, y1 - y0, fill=False, color=colour, lw=1.5))
        if labels is not None or preds is not None:
            t = name(labels[i]) if labels is not None else "?"
            pr = name(preds[i]) if preds is not None else None
            wrong = pr is not None and labels is not None and int(labels[i]) != int(preds[i])
            ax.set_title(t if pr is None else f"{t} / {pr}", fontsize=8, color="red" if wrong else "black")
    fig.tight_layout()
    return fig
