"""Experiments from the lessons, written with the public API (``fit`` plus callbacks)."""
from .degradation import FirstLayerGradient, train_and_measure

__all__ = ["FirstLayerGradient", "train_and_measure"]
