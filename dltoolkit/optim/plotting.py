"""Draw a learning-rate schedule (matplotlib is imported only when you plot)."""
from __future__ import annotations

from typing import Any, Callable, Optional

import jax
import numpy as np


def plot_schedule(schedule: Callable[[int], Any], steps: int, ax: Optional[Any] = None,
                  label: Optional[str] = None, **plot_kwargs: Any) -> Any:
    """Plot ``schedule(t)`` for ``t = 0 .. steps-1`` and return the matplotlib Axes.

    Example::

        ax = dl.optim.plot_schedule(dl.optim.schedules.cosine_decay(0.1, 1000), 1000)
    """
    if int(steps) < 1:
        raise ValueError(f"plot_schedule: steps must be >= 1, got {steps!r}")
    import matplotlib.pyplot as plt

    t = np.arange(int(steps))
    try:  # one vectorized call for jnp schedules
        values = np.asarray(jax.vmap(schedule)(jax.numpy.asarray(t)), dtype=float)
    except Exception:  # plain Python schedules: one call per step
        values = np.array([float(schedule(int(i))) for i in t])
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3))
    ax.plot(t, values, label=label, **plot_kwargs)
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    if label is not None:
        ax.legend()
    return ax
