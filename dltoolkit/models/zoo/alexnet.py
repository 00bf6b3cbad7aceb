"""AlexNet (Krizhevsky et al., 2012) in torchvision's single-GPU form.

    conv 11x11/4 (pad 2) 64 -> maxpool 3/2 -> conv 5x5 192 -> maxpool 3/2
    -> conv 3x3 384 -> conv 3x3 256 -> conv 3x3 256 -> maxpool 3/2           (224 -> 55 -> 27 -> 13 -> 6)
    -> [adaptive avg pool to 6x6] -> flatten 9216 -> dropout, dense 4096 -> dropout, dense 4096 -> dense

torchvision inserts ``AdaptiveAvgPool2d((6, 6))`` before the classifier; at 224x224 the map is
already 6x6, so it is the identity and is left out here. At 224x224x3 with 1000 classes there are
61,100,840 parameters (torchvision's count). Small images (< 64 px) get a CIFAR-style stem
(3x3 conv, stride 1) so the five stages still fit; ``fc_units`` sets the classifier width.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ...layers import Conv2D, Dense, Dropout, Flatten, MaxPool2D
from ..pretrained import apply_weights
from ..sequential import Sequential
from ._common import classifier, is_small


def alexnet(input_shape: Sequence[int] = (224, 224, 3), num_classes: int = 1000,
            fc_units: Optional[int] = None, dropout: float = 0.5,
            output_activation: Optional[str] = "softmax", name: str = "alexnet",
            weights: Optional[str] = None, include_top: bool = True) -> Sequential:
    """AlexNet. ``fc_units`` defaults to 4096 (512 for small images).
    Shapes: ``(batch, H, W, C) -> (batch, num_classes)``. ``weights``: None or a .safetensors path
    in torchvision's layout; ``include_top=False`` ends at the last max pool (``dl.models.pretrained``)."""
    small = is_small(input_shape)
    fc = fc_units or (512 if small else 4096)
    stem = (Conv2D(64, 3, padding=1, activation="relu", input_shape=tuple(input_shape), name="conv1")
            if small else
            Conv2D(64, 11, strides=4, padding=2, activation="relu", input_shape=tuple(input_shape),
                   name="conv1"))
    model = Sequential([
        stem, MaxPool2D(3, strides=2, name="pool1"),
        Conv2D(192, 5, padding=2, activation="relu", name="conv2"), MaxPool2D(3, strides=2, name="pool2"),
        Conv2D(384, 3, padding=1, activation="relu", name="conv3"),
        Conv2D(256, 3, padding=1, activation="relu", name="conv4"),
        Conv2D(256, 3, padding=1, activation="relu", name="conv5"), MaxPool2D(3, strides=2, name="pool5"),
        Flatten(name="flatten"),
        Dropout(dropout, name="dropout1"), Dense(fc, activation="relu", name="fc1"),
        Dropout(dropout, name="dropout2"), Dense(fc, activation="relu", name="fc2"),
        classifier(num_classes, output_activation, name="fc3"),
    ], name=name)
    return apply_weights(model, "alexnet", weights, include_top)
