"""Training curves: one panel per quantity, train (solid) and validation (dashed) per epoch.

    dl.viz.plot_curves(axes, history.history, ["loss", "accuracy"])

Used by ``History.plot`` and by the live widgets (which redraw the same axes while training).
"""
from __future__ import annotations

from typing import Optional, Sequence


def plot_curves(axes, curves: dict, names: Sequence[str], epochs: Optional[Sequence[int]] = None,
                clear: bool = True) -> None:
    """Draw ``curves[name]`` and ``curves["val_" + name]`` on ``axes[i]`` for each ``names[i]``
    (cleared first when ``clear``); x is ``epochs`` (default 1, 2, ...)."""
    for ax, name in zip(axes, names):
        if clear:
            ax.clear()
        for key, style in ((name, "o-"), (f"val_{name}", "s--")):
            ys = curves.get(key, [])
            if ys:
                xs = list(epochs) if epochs is not None else range(1, len(ys) + 1)
                ax.plot(xs, ys, style, ms=3, label=("validation " if key.startswith("val_") else "train ") + name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=8, loc="best")
