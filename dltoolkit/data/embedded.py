"""Embedded data sets that ship inside the package (no download, always offline)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from .preprocessing import stratified_split_indices

EMBEDDED_DIR = Path(__file__).with_name("embedded")
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


def load_digits(test_size: float = 0.2, seed: Any = 0) -> tuple[tuple[np.ndarray, np.ndarray],
                                                                  tuple[np.ndarray, np.ndarray]]:
    """The real 8x8 handwritten digits (1,797 images, 10 classes; UCI, via scikit-learn).

    Returns ``((x_train, y_train), (x_test, y_test))``:

    * ``x``: float32 NHWC images of shape ``(N, 8, 8, 1)``. The raw pixels are integer counts
      0..16 (on-pixels in a 4x4 block of the original 32x32 bitmap); they are divided by 16 so
      ``x`` lies in ``[0, 1]``.
    * ``y``: int32 labels 0..9 of shape ``(N,)``.

    The split is stratified (each digit contributes ``test_size`` of its images to the test
    set) and deterministic for a given ``seed``. With the default 0.2 that is 1,437 / 360.
    """
    path = EMBEDDED_DIR / "digits.csv.gz"
    if not path.exists():
        raise FileNotFoundError(f"embedded digits file missing: {path} (reinstall dltoolkit)")
    raw = np.loadtxt(path, delimiter=",", dtype=np.int64)
    x = (raw[:, :64].reshape(-1, 8, 8, 1) / 16.0).astype(np.float32)
    y = raw[:, 64].astype(np.int32)
    train, test = stratified_split_indices(y, [test_size], seed)
    return (x[train], y[train]), (x[test], y[test])


def digits_sha256() -> str:
    """SHA-256 of the embedded digits file (compare with ``DIGITS_SHA256``)."""
    return hashlib.sha256((EMBEDDED_DIR / "digits.csv.gz").read_bytes()).hexdigest()
