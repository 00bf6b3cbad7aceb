"""VGG (Simonyan & Zisserman, 2015): stacks of 3x3 convs (pad 1) and 2x2 max pools.

Configurations (numbers are conv channels, M a max pool), as in the paper's Table 1:

    vgg11 (A): 64 M 128 M 256 256 M 512 512 M 512 512 M
    vgg13 (B): 64 64 M 128 128 M 256 256 M 512 512 M 512 512 M
    vgg16 (D): 64 64 M 128 128 M 256 256 256 M 512 512 512 M 512 512 512 M
    vgg19 (E): 64 64 M 128 128 M 256 256 256 256 M 512 512 512 512 M 512 512 512 512 M

then flatten (7x7x512 = 25088 at 224 px) -> dense 4096 -> dropout -> dense 4096 -> dropout -> dense.
``batch_norm=True`` puts BatchNorm between every conv and its ReLU (torchvision's ``vgg*_bn``; the
convs keep their bias). torchvision's ``AdaptiveAvgPool2d((7, 7))`` is the identity at 224 px and is
left out. Parameter counts at 224x224x3 / 1000 classes equal torchvision's (vgg16: 138,357,544).
"""
from __future__ import annotations

from typing import Optional, Sequence

from ...layers import Activation, Conv2D, Dense, Dropout, Flatten, MaxPool2D
from ..pretrained import apply_weights
from ..sequential import Sequential
from ._common import bn, classifier, is_small
from ..vgg_configs import CONFIGS



def vgg(config: str = "vgg16", input_shape: Sequence[int] = (224, 224, 3), num_classes: int = 1000,
        batch_norm: bool = False, fc_units: Optional[int] = None, dropout: float = 0.5,
        output_activation: Optional[str] = "softmax", name: Optional[str] = None) -> Sequential:
    """A VGG network; ``config`` is one of ``CONFIGS``. ``fc_units``: 4096 (512 for small images).
    Shapes: ``(batch, H, W, C) -> (batch, num_classes)``; H and W must survive five 2x2 pools."""
    if config not in CONFIGS:
        raise ValueError(f"unknown VGG config {config!r}; choose one of {sorted(CONFIGS)}")
    fc = fc_units or (512 if is_small(input_shape) else 4096)
    layers: list = []
    stage, idx = 1, 1
    for v in CONFIGS[config]:
        if v == "M":
            layers.append(MaxPool2D(2, name=f"pool{stage}"))
            stage, idx = stage + 1, 1
            continue
        tag = f"{stage}_{idx}"
        kw = {"input_shape": tuple(input_shape)} if not layers else {}
        if batch_norm:
            layers += [Conv2D(v, 3, padding=1, name=f"conv{tag}", **kw), bn(f"bn{tag}"),
                       Activation("relu", name=f"relu{tag}")]
        else:
            layers.append(Conv2D(v, 3, padding=1, activation="relu", name=f"conv{tag}", **kw))
        idx += 1
    layers += [Flatten(name="flatten"),
               Dense(fc, activation="relu", name="fc1"), Dropout(dropout, name="dropout1"),
               Dense(fc, activation="relu", name="fc2"), Dropout(dropout, name="dropout2"),
               classifier(num_classes, output_activation, name="fc3")]
    return Sequential(layers, name=name or (config + ("_bn" if batch_norm else "")))


def vgg11(input_shape=(224, 224, 3), num_classes=1000, batch_norm=False, **kw) -> Sequential:
    """VGG-11 (configuration A)."""
    return vgg("vgg11", input_shape, num_classes, batch_norm, **kw)


def vgg13(input_shape=(224, 224, 3), num_classes=1000, batch_norm=False, **kw) -> Sequential:
    """VGG-13 (configuration B)."""
    return vgg("vgg13", input_shape, num_classes, batch_norm, **kw)


def vgg16(input_shape=(224, 224, 3), num_classes=1000, batch_norm=False, weights=None,
          include_top=True, **kw) -> Sequential:
    """VGG-16 (configuration D). ``weights``: None, "imagenet" or a .safetensors path (without
    batch_norm); ``include_top=False`` ends at the last max pool (see ``dl.models.pretrained``)."""
    if batch_norm and weights is not None:
        raise ValueError("vgg16: pretrained weights are supported for batch_norm=False only")
    return apply_weights(vgg("vgg16", input_shape, num_classes, batch_norm, **kw), "vgg16", weights,
                         include_top)


def vgg19(input_shape=(224, 224, 3), num_classes=1000, batch_norm=False, **kw) -> Sequential:
    """VGG-19 (configuration E)."""
    return vgg("vgg19", input_shape, num_classes, batch_norm, **kw)
