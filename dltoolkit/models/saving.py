"""``dl.models.load`` and ``dl.models.save``: whole models to and from checkpoint files.

The file format and the atomic write are in ``dl.train.checkpoint``; here a saved config is
rebuilt into a ``dl.models.Sequential`` (the class registered as ``"Sequential"``), compiled
again when the compile settings were names, and given its weights and optimizer state.
"""
from __future__ import annotations

from ..layers.config import layer_from_config
from ..train.checkpoint import read, restore
from .sequential import Sequential


def load(path) -> Sequential:
    """Load a model saved with ``model.save(path)``: architecture, weights, compile settings."""
    meta, flat = read(path)
    try:
        model = layer_from_config(meta["model"])
    except (KeyError, TypeError, ValueError) as e:
        what = f"missing entry {e}" if isinstance(e, KeyError) else f"{type(e).__name__}: {e}"
        raise ValueError(f"{path}: the saved architecture cannot be rebuilt ({what})") from None
    if meta.get("compile", {}).get("loss") is not None:
        model.compile(**meta["compile"])
    restore(model, meta, flat)
    return model


def save(model: Sequential, path) -> None:
    """Same as ``model.save(path)``."""
    model.save(path)
