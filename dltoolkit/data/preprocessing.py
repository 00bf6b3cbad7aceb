"""Preprocessing: one-hot labels, per-channel standardisation, mean-image subtraction, splits.

Statistics are always fitted on the *training* split only and then applied unchanged to
validation and test data; fitting them on all data leaks information about the test set.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ._rng import rng_from


def to_categorical(y: Any, num_classes: int | None = None, dtype: Any = np.float32) -> np.ndarray:
    """One-hot encode integer labels (Keras' ``to_categorical``).

    ``y`` of shape ``(N,)`` (or ``(N, 1)``) with values in ``0..C-1`` becomes ``(N, C)`` where
    ``out[i, y[i]] = 1`` and every other entry is 0. ``num_classes`` defaults to ``max(y) + 1``.
    """
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] == 1:
        y = y[..., 0]
    if y.size and (not np.issubdtype(y.dtype, np.integer) and not np.all(y == np.round(y))):
        raise ValueError("to_categorical expects integer class labels, got non-integer values")
    y = y.astype(np.int64)
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1} for num_classes={num_classes}, "
                         f"got min {y.min()} and max {y.max()}")
    out = np.zeros(y.shape + (num_classes,), dtype=dtype)
    np.put_along_axis(out, y[..., None], 1, axis=-1)
    return out


one_hot = to_categorical


class Standardizer:
    """Per-channel standardisation ``x' = (x - mean_c) / (std_c + eps)``.

    ``fit(x_train)`` computes mean and standard deviation of every channel (the last axis)
    over all other axes, e.g. over N, H, W for NHWC images or over N for (N, D) features.
    ``transform`` applies those *stored* statistics to any split.
    """

    def __init__(self, eps: float = 1e-7) -> None:
        self.eps = eps
        self.mean: np.ndarray | None = None
        self.std: np.ndarray | None = None

    def fit(self, x: Any) -> "Standardizer":
        x = np.asarray(x, dtype=np.float64)
        axes = tuple(range(x.ndim - 1))
        self.mean = x.mean(axis=axes).astype(np.float32)
        self.std = x.std(axis=axes).astype(np.float32)
        return self

    def _check(self) -> None:
        if self.mean is None:
            raise RuntimeError("Standardizer is not fitted: call fit(x_train) before transform(x)")

    def transform(self, x: Any) -> np.ndarray:
        self._check()
        x = np.asarray(x, dtype=np.float32)
        if x.shape[-1] != self.mean.shape[-1]:
            raise ValueError(f"Standardizer was fitted on {self.mean.shape[-1]} channels, "
                             f"got input with {x.shape[-1]} channels (shape {x.shape})")
        return (x - self.mean) / (self.std + self.eps)

    def fit_transform(self, x: Any) -> np.ndarray:
        return self.fit(x).transform(x)

    def inverse_transform(self, x: Any) -> np.ndarray:
        self._check()
        return np.asarray(x, dtype=np.float32) * (self.std + self.eps) + self.mean


class MeanImage:
    """Mean-image subtraction ``x' = x - mean_image`` with ``mean_image = mean over N`` of train.

    Unlike :class:`Standardizer` the mean keeps its spatial shape (H, W, C): every pixel
    position gets its own mean, as in the AlexNet/VGG preprocessing.
    """

    def __init__(self) -> None:
        self.mean: np.ndarray | None = None

    def fit(self, x: Any) -> "MeanImage":
        self.mean = np.asarray(x, dtype=np.float64).mean(axis=0).astype(np.float32)
        return self

    def transform(self, x: Any) -> np.ndarray:
        if self.mean is None:
            raise RuntimeError("MeanImage is not fitted: call fit(x_train) before transform(x)")
        x = np.asarray(x, dtype=np.float32)
        if x.shape[1:] != self.mean.shape:
            raise ValueError(f"MeanImage was fitted on images of shape {self.mean.shape}, got {x.shape[1:]}")
        return x - self.mean

    def fit_transform(self, x: Any) -> np.ndarray:
        return self.fit(x).transform(x)


def _allocate(counts: np.ndarray, fraction: float) -> np.ndarray:
    """Split ``ceil(fraction * sum(counts))`` among classes proportionally (largest remainder).

    ``ceil`` matches scikit-learn's ``train_test_split`` (1,797 digits, 0.2 -> 360 test).
    """
    total = int(np.ceil(fraction * counts.sum() - 1e-9))
    exact = counts * fraction
    take = np.floor(exact).astype(int)
    order = np.argsort(-(exact - take), kind="stable")
    for i in order[: total - take.sum()]:
        take[i] += 1
    return np.minimum(take, counts)


def stratified_split_indices(y: Any, fractions: Sequence[float], seed: Any = 0) -> list[np.ndarray]:
    """Indices for len(fractions)+1 parts; part k>0 gets ``fractions[k-1]`` of every class.

    Class proportions are kept in every part (up to rounding); indices inside each part are
    sorted, and everything is deterministic for a given seed.
    """
    y = np.asarray(y).reshape(len(y), -1)
    y = y.argmax(1) if y.shape[1] > 1 else y[:, 0]
    if sum(fractions) >= 1 or min(fractions, default=0) < 0:
        raise ValueError(f"split fractions must be >= 0 and sum to less than 1, got {list(fractions)}")
    rng = rng_from(seed)
    classes, counts = np.unique(y, return_counts=True)
    takes = [_allocate(counts, f) for f in fractions]
    parts: list[list[np.ndarray]] = [[] for _ in range(len(fractions) + 1)]
    for c_i, c in enumerate(classes):
        idx = rng.permutation(np.flatnonzero(y == c))
        start = 0
        for k, take in enumerate(takes):
            parts[k + 1].append(idx[start:start + take[c_i]])
            start += take[c_i]
        parts[0].append(idx[start:])
    return [np.sort(np.concatenate(p)) for p in parts]


def train_val_test_split(x: Any, y: Any, val_size: float = 0.1, test_size: float = 0.1,
                         seed: Any = 0) -> tuple[tuple, tuple, tuple]:
    """Stratified split into ``((x_train, y_train), (x_val, y_val), (x_test, y_test))``.

    Each class contributes ``val_size`` of its examples to validation and ``test_size`` to test.
    """
    x, y = np.asarray(x), np.asarray(y)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    tr, va, te = stratified_split_indices(y, [val_size, test_size], seed)
    return (x[tr], y[tr]), (x[va], y[va]), (x[te], y[te])
