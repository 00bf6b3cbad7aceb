"""Seeded 2-D toy data sets for classification, and a 1-D regression set.

Every generator takes ``n`` (number of points), ``noise`` (standard deviation of Gaussian
jitter added to the coordinates) and ``seed`` (an int or a JAX key): the same seed always
gives the same points. Classification sets return ``(X, y)`` with ``X`` float32 ``(n, 2)`` and
``y`` int32 ``(n,)``.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ._rng import rng_from


def _split(n: int, k: int) -> list[int]:
    """``n`` points split over ``k`` classes as evenly as possible."""
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def _finish(X: np.ndarray, y: np.ndarray, rng: np.random.Generator, noise: float, shuffle: bool):
    if noise:
        X = X + rng.normal(scale=noise, size=X.shape)
    if shuffle:
        p = rng.permutation(len(X))
        X, y = X[p], y[p]
    return X.astype(np.float32), y.astype(np.int32)


def make_linearly_separable(n: int = 200, noise: float = 0.0, margin: float = 0.1,
                            seed: Any = 0, shuffle: bool = True):
    """Points in the square [-1, 1]^2 labelled by which side of a random line they fall on.

    Picture: a straight boundary through the middle at a random angle; class 1 on one side,
    class 0 on the other, with an empty band of half-width ``margin`` around the line. With
    ``noise == 0`` a perceptron converges; noise lets points cross the line.
    """
    rng = rng_from(seed)
    angle = rng.uniform(0, 2 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])
    X = np.empty((0, 2))
    while len(X) < n:
        cand = rng.uniform(-1, 1, size=(2 * n, 2))
        X = np.concatenate([X, cand[np.abs(cand @ w) > margin]])
    X = X[:n]
    return _finish(X, (X @ w > 0).astype(int), rng, noise, shuffle)


def make_xor(n: int = 200, noise: float = 0.0, seed: Any = 0, shuffle: bool = True):
    """The XOR problem: four clusters in the quadrants; label = (x0 > 0) xor (x1 > 0).

    Picture: a 2x2 checkerboard; the top-right and bottom-left quadrants are class 0, the
    other two class 1. No single straight line separates the classes (Minsky & Papert).
    """
    rng = rng_from(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    X += 0.1 * np.sign(X)  # keep a small gap around the axes
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(int)
    return _finish(X, y, rng, noise, shuffle)


def make_blobs(n: int = 300, centers: Any = 3, noise: float = 1.0, n_features: int = 2,
               center_box: tuple[float, float] = (-10.0, 10.0), seed: Any = 0, shuffle: bool = True):
    """Isotropic Gaussian blobs; ``noise`` is the standard deviation of every blob.

    Picture: ``centers`` round clouds, one per class. ``centers`` is a count (random centres
    drawn uniformly in ``center_box``) or an explicit ``(k, n_features)`` array.
    """
    rng = rng_from(seed)
    if np.ndim(centers) == 0:
        centers = rng.uniform(*center_box, size=(int(centers), n_features))
    centers = np.asarray(centers, dtype=float)
    sizes = _split(n, len(centers))
    X = np.concatenate([c + rng.normal(scale=noise, size=(m, centers.shape[1]))
                        for c, m in zip(centers, sizes)])
    y = np.repeat(np.arange(len(centers)), sizes)
    return _finish(X, y, rng, 0.0, shuffle)


def make_moons(n: int = 200, noise: float = 0.1, seed: Any = 0, shuffle: bool = True):
    """Two interleaving half circles (as scikit-learn's ``make_moons``).

    Picture: class 0 is the upper arc ``(cos t, sin t)``, class 1 the lower arc
    ``(1 - cos t, 0.5 - sin t)`` for t in [0, pi], hooked into each other.
    """
    rng = rng_from(seed)
    n0, n1 = _split(n, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    X = np.concatenate([np.stack([np.cos(t0), np.sin(t0)], 1),
                        np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], 1)])
    return _finish(X, np.repeat([0, 1], [n0, n1]), rng, noise, shuffle)


def make_circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: Any = 0,
                 shuffle: bool = True):
    """A small circle (class 1, radius ``factor``) inside a large one (class 0, radius 1).

    Picture: a ring around a disc's edge. Not linearly separable in (x0, x1) but separable by
    the radius: see :func:`to_polar`.
    """
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor}")
    rng = rng_from(seed)
    n0, n1 = _split(n, 2)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    X = np.concatenate([np.stack([np.cos(t0), np.sin(t0)], 1),
                        factor * np.stack([np.cos(t1), np.sin(t1)], 1)])
    return _finish(X, np.repeat([0, 1], [n0, n1]), rng, noise, shuffle)


def make_spirals(n: int = 300, n_classes: int = 2, noise: float = 0.2, turns: float = 1.0,
                 seed: Any = 0, shuffle: bool = True):
    """Interleaved spiral arms, one per class (the CS231n spiral).

    Picture: arm k has radius r in [0, 1] and angle ``theta = 2*pi*(turns*r + k/n_classes)``
    plus Gaussian angle jitter of std ``noise`` (radians), so the arms wind around the origin.
    """
    rng = rng_from(seed)
    parts, labels = [], []
    for k, m in enumerate(_split(n, n_classes)):
        r = np.linspace(0.0, 1.0, m)
        t = 2 * np.pi * (turns * r + k / n_classes) + rng.normal(scale=noise, size=m)
        parts.append(np.stack([r * np.cos(t), r * np.sin(t)], 1))
        labels.append(np.full(m, k))
    return _finish(np.concatenate(parts), np.concatenate(labels), rng, 0.0, shuffle)


def to_polar(X: Any) -> np.ndarray:
    """Feature transform (x0, x1) -> (r, theta) with r = sqrt(x0^2 + x1^2), theta = atan2(x1, x0).

    With it the circles of :func:`make_circles` are separated by a single threshold on r.
    """
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"to_polar expects points of shape (n, 2), got {X.shape}")
    return np.stack([np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])], 1)


def make_regression_1d(n: int = 100, kind: str = "sine", noise: float = 0.1, degree: int = 3,
                       x_range: tuple[float, float] = (-1.0, 1.0), seed: Any = 0):
    """1-D regression: ``y = f(x) + noise * eps`` with x uniform in ``x_range``.

    ``kind="sine"``: ``f(x) = sin(pi * x)``; ``kind="polynomial"``: a polynomial of ``degree``
    with coefficients drawn from N(0, 1) by the seed. Returns ``(x, y)`` float32, shapes
    ``(n, 1)``, sorted by x (handy for plotting the curve).
    """
    rng = rng_from(seed)
    x = np.sort(rng.uniform(*x_range, size=n))
    if kind == "sine":
        f = np.sin(np.pi * x)
    elif kind in ("polynomial", "poly"):
        f = np.polyval(rng.normal(size=degree + 1), x)
    else:
        raise ValueError(f"kind must be 'sine' or 'polynomial', got {kind!r}")
    y = f + rng.normal(scale=noise, size=n) if noise else f
    return x[:, None].astype(np.float32), y[:, None].astype(np.float32)
