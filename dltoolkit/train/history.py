"""History: what ``fit`` returns (Keras' ``History``), with a ``.plot()`` for notebooks."""
from __future__ import annotations

from typing import Optional

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
        epochs = [e + 1 for e in self.epoch]
        for a, name in zip(axes, names):
            a.plot(epochs, self.history[name], "o-", label=f"train {name}")
            if f"val_{name}" in self.history:
                a.plot(epochs, self.history[f"val_{name}"], "s--", label=f"validation {name}")
            a.set_xlabel("epoch")
            a.set_ylabel(name)
            a.grid(alpha=0.3)
            a.legend()
        fig.tight_layout()
        return fig

    def __repr__(self):
        last = {k: round(v[-1], 4) for k, v in self.history.items() if v}
        return f"History(epochs={len(self.epoch)}, last={last})"
