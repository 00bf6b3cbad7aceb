"""Generated 2-D classification data for the widgets (float32 inputs, int32 labels)."""
from __future__ import annotations

import numpy as np

from .. import data


def make_dataset(name: str, noise: float = 0.2, n: int = 300, seed: int = 0):
    """``(X, y)`` from ``dl.data``: moons, circles, spirals (2 arms), spirals3, xor, blobs (3)."""
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
