"""ResNet (He et al., 2016) as in torchvision, and the plain net of the same depth.

A residual block learns F and outputs ``relu(F(x) + shortcut(x))``:

    basic (resnet18/34):      F = conv3x3 -> BN -> ReLU -> conv3x3 -> BN                   (expansion 1)
    bottleneck (resnet50):    F = conv1x1 -> BN -> ReLU -> conv3x3(stride) -> BN -> ReLU
                                  -> conv1x1 (4x channels) -> BN                           (expansion 4)
    shortcut: identity, or conv1x1(stride, no bias) -> BN when the shape changes.

ImageNet layout: conv7x7/2 (no bias) -> BN -> ReLU -> maxpool 3/2 -> stages of 64, 128, 256, 512
channels (blocks [2,2,2,2], [3,4,6,3], [3,4,6,3]) -> global average pool -> dense. Convs have no
bias (BN follows). Parameter counts at 224x224x3 / 1000 classes equal torchvision's
(resnet18 11,689,512; resnet34 21,797,672; resnet50 25,557,032). Images under 64 px get the
CIFAR stem (conv3x3/1, no max pool). ``plain_net`` builds the same stack without the skips.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ...layers import Activation, Conv2D, GlobalAvgPool2D, MaxPool2D, Residual, ZeroPadding2D
from ..pretrained import apply_weights
from ..sequential import Sequential
from ._common import bn, classifier, is_small


def _conv(filters, k, stride=1, name=None, use_bias=False, init="he_normal"):
    return Conv2D(filters, k, strides=stride, padding=k // 2, use_bias=use_bias,
                  kernel_initializer=init, name=name)


def basic_block(filters: int, stride: int = 1, in_channels: Optional[int] = None,
                residual: bool = True, batch_norm: bool = True, name: Optional[str] = None):
    """Two 3x3 convs; ``Residual`` with a projection shortcut when stride/channels change,
    or (``residual=False``) the same layers as a plain ``Sequential``."""
    norm = (lambda n: [bn(n)]) if batch_norm else (lambda n: [])
    main = [_conv(filters, 3, stride, "conv1", not batch_norm), *norm("bn1"), Activation("relu", name="relu1"),
            _conv(filters, 3, 1, "conv2", not batch_norm), *norm("bn2")]
    return _wrap(main, filters, stride, in_channels, residual, batch_norm, name)


def bottleneck_block(filters: int, stride: int = 1, in_channels: Optional[int] = None,
                     residual: bool = True, batch_norm: bool = True, name: Optional[str] = None):
    """1x1 reduce, 3x3 (carrying the stride, torchvision's "v1.5"), 1x1 expand to 4*filters."""
    norm = (lambda n: [bn(n)]) if batch_norm else (lambda n: [])
    main = [_conv(filters, 1, 1, "conv1", not batch_norm), *norm("bn1"), Activation("relu", name="relu1"),
            _conv(filters, 3, stride, "conv2", not batch_norm), *norm("bn2"), Activation("relu", name="relu2"),
            _conv(4 * filters, 1, 1, "conv3", not batch_norm), *norm("bn3")]
    return _wrap(main, 4 * filters, stride, in_channels, residual, batch_norm, name)


def _wrap(main, out_channels, stride, in_channels, residual, batch_norm, name):
    if not residual:
        return Sequential(main + [Activation("relu", name="relu_out")], name=name)
    shortcut = None
    if stride != 1 or in_channels != out_channels:
        shortcut = [_conv(out_channels, 1, stride, "conv", not batch_norm)] + ([bn("bn")] if batch_norm else [])
    return Residual(main, shortcut=shortcut, activation="relu", name=name)


def resnet(blocks: Sequence[int], bottleneck: bool = False, input_shape: Sequence[int] = (224, 224, 3),
           num_classes: int = 1000, widths: Sequence[int] = (64, 128, 256, 512), residual: bool = True,
           batch_norm: bool = True, output_activation: Optional[str] = "softmax",
           name: str = "resnet") -> Sequential:
    """A ResNet with ``blocks[i]`` blocks in stage ``i``. Layer names follow torchvision
    (``conv1``, ``bn1``, ``layer1_0``, ..., ``fc``). Shapes: ``(batch, H, W, C) -> (batch, num_classes)``."""
    block = bottleneck_block if bottleneck else basic_block
    expansion = 4 if bottleneck else 1
    small = is_small(input_shape)
    stem_conv = (_conv(widths[0], 3, 1, "conv1", not batch_norm) if small
                 else _conv(widths[0], 7, 2, "conv1", not batch_norm))
    stem_conv.input_shape = tuple(int(d) for d in input_shape)
    layers: list = [stem_conv] + ([bn("bn1")] if batch_norm else []) + [Activation("relu", name="relu")]
    if not small:  # torchvision's MaxPool2d(3, 2, padding=1): zeros pad like -inf after the ReLU
        layers += [ZeroPadding2D(1, name="pad"), MaxPool2D(3, strides=2, name="maxpool")]
    channels = widths[0]
    for stage, (n, width) in enumerate(zip(blocks, widths)):
        for i in range(n):
            stride = 2 if (i == 0 and stage > 0) else 1
            layers.append(block(width, stride, channels, residual, batch_norm, name=f"layer{stage + 1}_{i}"))
            channels = width * expansion
    layers += [GlobalAvgPool2D(name="avgpool"), classifier(num_classes, output_activation)]
    return Sequential(layers, name=name)


def resnet18(input_shape=(224, 224, 3), num_classes=1000, weights=None, include_top=True,
             **kw) -> Sequential:
    """ResNet-18: basic blocks [2, 2, 2, 2]. ``weights``: None, "imagenet" or a .safetensors path;
    ``include_top=False`` ends at the pooled features (see ``dl.models.pretrained``)."""
    model = resnet((2, 2, 2, 2), False, input_shape, num_classes, name=kw.pop("name", "resnet18"), **kw)
    return apply_weights(model, "resnet18", weights, include_top)


def resnet34(input_shape=(224, 224, 3), num_classes=1000, weights=None, include_top=True,
             **kw) -> Sequential:
    """ResNet-34: basic blocks [3, 4, 6, 3]. ``weights``: None, "imagenet" or a .safetensors path;
    ``include_top=False`` ends at the pooled features (see ``dl.models.pretrained``)."""
    model = resnet((3, 4, 6, 3), False, input_shape, num_classes, name=kw.pop("name", "resnet34"), **kw)
    return apply_weights(model, "resnet34", weights, include_top)


def resnet50(input_shape=(224, 224, 3), num_classes=1000, weights=None, include_top=True,
             **kw) -> Sequential:
    """ResNet-50: bottleneck blocks [3, 4, 6, 3] (output 2048 channels). ``weights``: None,
    "imagenet" or a .safetensors path; ``include_top=False`` ends at the pooled features."""
    model = resnet((3, 4, 6, 3), True, input_shape, num_classes, name=kw.pop("name", "resnet50"), **kw)
    return apply_weights(model, "resnet50", weights, include_top)


def cifar_resnet(depth: int = 20, input_shape=(32, 32, 3), num_classes: int = 10,
                 widths: Sequence[int] = (16, 32, 64), residual: bool = True, batch_norm: bool = True,
                 output_activation: Optional[str] = "softmax", name: Optional[str] = None) -> Sequential:
    """The paper's CIFAR-10 ResNet (Section 4.2): ``depth = 6n + 2`` weighted layers, three stages
    of ``n`` basic blocks with ``widths`` channels. ``residual=False`` gives the plain net."""
    if (depth - 2) % 6 or depth < 8:
        raise ValueError(f"cifar_resnet: depth must be 6n + 2 (8, 14, 20, 32, 44, 56, ...), got {depth}")
    n = (depth - 2) // 6
    model = resnet((n,) * len(widths), False, input_shape, num_classes, widths, residual, batch_norm,
                   output_activation, name or f"{'resnet' if residual else 'plain'}{depth}")
    if not is_small(input_shape):
        raise ValueError("cifar_resnet is for small images (< 64 px); use resnet18/34/50 for ImageNet sizes")
    return model


def plain_net(depth: int = 20, input_shape=(32, 32, 3), num_classes: int = 10,
              widths: Sequence[int] = (16, 32, 64), batch_norm: bool = True, **kw) -> Sequential:
    """``cifar_resnet`` of the same depth without skip connections ("plain" net of the paper's
    Figure 1): the same convs, BNs and ReLUs, so only the shortcuts differ."""
    return cifar_resnet(depth, input_shape, num_classes, widths, residual=False, batch_norm=batch_norm, **kw)
