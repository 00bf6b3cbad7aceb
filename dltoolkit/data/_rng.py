"""Turn a ``seed`` argument (an int or a JAX PRNG key) into a NumPy generator.

The generators in :mod:`dltoolkit.data` run in NumPy (data is made once, on the host),
but lessons hand around JAX keys; both are accepted so ``make_moons(seed=key)`` works.
"""
from __future__ import annotations

from typing import Any

import numpy as np


def rng_from(seed: Any, name: str = "seed") -> np.random.Generator:
    """Return ``np.random.default_rng`` seeded from an int, a sequence of ints or a JAX key."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    try:
        import jax

        if isinstance(seed, jax.Array):
            data = seed
            if jax.dtypes.issubdtype(seed.dtype, jax.dtypes.prng_key):
                data = jax.random.key_data(seed)
            return np.random.default_rng(np.asarray(data, dtype=np.uint32).ravel().tolist())
    except ImportError:  # pragma: no cover - jax is a hard dependency
        pass
    raise TypeError(f"{name} must be an int or a jax.random key, got {type(seed).__name__}: {seed!r}")
