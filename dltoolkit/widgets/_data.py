"""Generated 2-D classification data for the widgets (float32 inputs, int32 labels)."""
from __future__ import annotations

import numpy as np


def make_dataset(name: str, noise: float = 0.2, n: int = 300, seed: int = 0):
    """``(X, y)`` from ``dl.data``: moons, circles, spirals (2 arms), spirals3, xor, blobs (3)."""
    from .. import data

    makers = {
        "moons": lambda: data.make_moons(n, noise=noise * 0.5, seed=seed),
        "circles": lambda: data.make_circles(n, noise=noise * 0.25, factor=0.5, seed=seed),
        "spirals": lambda: data.make_spirals(n, n_classes=2, noise=noise, seed=seed),
        "spirals3": lambda: data.make_spirals(n, n_classes=3, noise=noise, seed=seed),
        "xor": lambda: data.make_xor(n, noise=noise * 0.5, seed=seed),
        "blobs": lambda: data.make_blobs(n, centers=np.array([[-1.0, -1.0], [1.0, -1.0], [0.0, 1.0]]),
                                         noise=0.3 + noise, seed=seed),
    }
    if name not in makers:
        raise ValueError(f"unknown dataset {name!r}; choose one of {sorted(makers)}")
    X, y = makers[name]()
    return np.asarray(X, np.float32), np.asarray(y, np.int32)


def plot_curves(ax_loss, ax_acc, curves: dict, metric: str = "accuracy") -> None:
    """Loss and metric per epoch, train (solid) and validation (dashed)."""
    for ax, name in ((ax_loss, "loss"), (ax_acc, metric)):
        ax.clear()
        for key, style in ((name, "-"), (f"val_{name}", "--")):
            ys = curves.get(key, [])
            if ys:
                ax.plot(range(1, len(ys) + 1), ys, style, marker="o", ms=2.5,
                        label=("validation " if key.startswith("val_") else "train ") + name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=8, loc="best")
