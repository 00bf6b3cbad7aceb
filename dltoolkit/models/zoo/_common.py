"""Small helpers shared by the zoo builders (torchvision-compatible BatchNorm, small-image test)."""
from __future__ import annotations

from typing import Optional, Sequence

from ...layers import BatchNorm, Dense

# torchvision's BatchNorm2d: eps=1e-5, running average weight 0.1 on the new batch (Keras momentum 0.9).
BN_KW = {"momentum": 0.9, "epsilon": 1e-5}


def bn(name: Optional[str] = None) -> BatchNorm:
    """BatchNorm with torchvision's epsilon and momentum (gamma/beta trainable; mean/var state)."""
    return BatchNorm(**BN_KW, name=name)


def is_small(input_shape: Sequence[int]) -> bool:
    """Inputs under 64 pixels a side get the CIFAR-style stem (no aggressive early downsampling)."""
    return min(int(input_shape[0]), int(input_shape[1])) < 64


def classifier(num_classes: int, activation: Optional[str], name: str = "fc") -> Dense:
    """The last layer: ``num_classes`` units, softmax by default (fit then uses logits)."""
    if not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive int, got {num_classes!r}")
    return Dense(num_classes, activation=activation, name=name)
