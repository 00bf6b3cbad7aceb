"""LeNet-5 (LeCun et al., 1998): the classic 6-16-120-84-10 convolutional network.

    C1 conv 5x5, 6 maps  -> S2 pool 2x2 -> C3 conv 5x5, 16 maps -> S4 pool 2x2
    -> C5 conv 5x5, 120 maps (1x1 output) -> F6 dense 84 -> output dense num_classes

On 32x32 inputs every conv is "valid" (32 -> 28 -> 14 -> 10 -> 5 -> 1); on 28x28 (MNIST) C1 pads
by 2 ("same"), as in most modern re-implementations, so the rest is identical. With full C3
connectivity the 32x32 / 10-class model has 61,706 parameters.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ...layers import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D
from ..sequential import Sequential


def lenet5(input_shape: Sequence[int] = (32, 32, 1), num_classes: int = 10,
           activation: str = "tanh", pooling: str = "avg",
           output_activation: Optional[str] = "softmax", name: str = "lenet5") -> Sequential:
    """LeNet-5 for ``(H, W, C)`` images (28x28 or 32x32). ``pooling``: ``"avg"`` (the original
    subsampling) or ``"max"``. Shapes: ``(batch, H, W, C) -> (batch, num_classes)``."""
    if pooling not in ("avg", "max"):
        raise ValueError(f"lenet5: pooling must be 'avg' or 'max', got {pooling!r}")
    h, w = int(input_shape[0]), int(input_shape[1])
    if (h, w) not in ((28, 28), (32, 32)):
        raise ValueError(f"lenet5 expects 28x28 or 32x32 images, got input_shape {tuple(input_shape)}; "
                         f"resize the images (or pad 28x28 to 32x32)")
    pool = AvgPool2D if pooling == "avg" else MaxPool2D
    return Sequential([
        Conv2D(6, 5, padding="same" if h == 28 else "valid", activation=activation,
               input_shape=tuple(input_shape), name="c1"),
        pool(2, name="s2"),
        Conv2D(16, 5, activation=activation, name="c3"),
        pool(2, name="s4"),
        Conv2D(120, 5, activation=activation, name="c5"),
        Flatten(name="flatten"),
        Dense(84, activation=activation, name="f6"),
        Dense(num_classes, activation=output_activation, name="output"),
    ], name=name)
