import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir():
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not present beside this checkout")
    return SHARED


def separable_5class(n=1000, dim=100, seed=0):
    """Five Gaussian clusters in ``dim`` dimensions, well separated: a linearly separable task."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(5, dim)) * 2.0
    labels = rng.integers(0, 5, n)
    x = (centers[labels] + rng.normal(size=(n, dim))).astype(np.float32)
    return x, labels.astype(np.int32)

# Notebooks under tests/ are fixtures (e.g. the browser demo), not lessons for nbval.
collect_ignore_glob = ["browser/*.ipynb", "**/*.ipynb"]
