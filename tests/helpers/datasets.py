"""Small synthetic datasets shared by tests."""
import numpy as np


def separable_5class(n=1000, dim=100, seed=0):
    """Five Gaussian clusters in ``dim`` dimensions, well separated: a linearly separable task."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(5, dim)) * 2.0
    labels = rng.integers(0, 5, n)
    x = (centers[labels] + rng.normal(size=(n, dim))).astype(np.float32)
    return x, labels.astype(np.int32)
