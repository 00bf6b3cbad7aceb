"""History: what ``fit`` returns (Keras' ``History``), with a ``.plot()`` for notebooks."""
from __future__ import annotations

from typing import Optional

from ..viz.curves import plot_curves
from .callbacks import Callback


class History(Callback):
    """``history.history`` maps each logged quantity ("loss", "val_accuracy", ...) to a list of
    per-epoch values; ``history.epoch`` lists the epoch numbers; ``stop_reason`` says why
    training ended early ("diverged", "interrupted", "early stopping", or None)."""

    def __init__(self):
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []
        self.stop_reason: Optional[str] = None
        self.message: Optional[str] = None

    def on_train_begin(self, logs=None):
        self.stop_reason = None
        self.message = None

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)

    def plot(self, metrics=None, ax=None):
        """One panel per quantity (loss, then each metric), train and validation curves."""
        import matplotlib.pyplot as plt

        names = metrics or [k for k in self.history if not k.startswith("val_") and k != "learning_rate"]
        if ax is None:
            fig, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 3.2), squeeze=False)
            axes = axes[0]
        else:
            axes = [ax] * len(names)
            fig = ax.figure
        plot_curves(axes, self.history, names, epochs=[e + 1 for e in self.epoch], clear=ax is None)
        fig.tight_layout()
        return fig

    def __repr__(self):
        last = {k: round(v[-1], 4) for k, v in self.history.items() if v}
        return f"History(epochs={len(self.epoch)}, last={last})"
