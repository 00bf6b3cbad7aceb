"""CycleGAN (Zhu et al., 2017), small: unpaired translation between domains A and B.

Generators G: A -> B and F: B -> A; discriminators D_A, D_B (PatchGAN: one real/fake logit per patch).
Their losses and the training step are in ``dltoolkit/train/adversarial.py``.

Generator (ResNet style): conv7x7 -> conv3x3/2 -> residual blocks -> ConvTranspose 3x3/2 ->
conv7x7 -> tanh, with InstanceNorm. Images in [-1, 1].
"""
from __future__ import annotations

from typing import Sequence

from ...layers import Activation, Conv2D, ConvTranspose2D, InstanceNorm, LeakyReLU, Residual
from ..sequential import Sequential


def resnet_generator(image_shape: Sequence[int] = (16, 16, 3), filters: int = 16, n_blocks: int = 2,
                     name: str = "generator") -> Sequential:
    """``(batch, H, W, C) -> (batch, H, W, C)`` in [-1, 1]; H and W even."""
    c = int(image_shape[2])
    f2 = 2 * filters
    blocks = [Residual([Conv2D(f2, 3, padding="same", name="conv_a"), InstanceNorm(name="norm_a"),
                        Activation("relu", name="relu"), Conv2D(f2, 3, padding="same", name="conv_b"),
                        InstanceNorm(name="norm_b")], name=f"res{i + 1}") for i in range(n_blocks)]
    return Sequential([
        Conv2D(filters, 7, padding="same", input_shape=tuple(int(d) for d in image_shape), name="in_conv"),
        InstanceNorm(name="in_norm"), Activation("relu", name="in_relu"),
        Conv2D(f2, 3, strides=2, padding="same", name="down"), InstanceNorm(name="down_norm"),
        Activation("relu", name="down_relu"), *blocks,
        ConvTranspose2D(filters, 3, strides=2, padding="same", name="up"), InstanceNorm(name="up_norm"),
        Activation("relu", name="up_relu"),
        Conv2D(c, 7, padding="same", activation="tanh", name="out_conv"),
    ], name=name)


def patchgan_discriminator(image_shape: Sequence[int] = (16, 16, 3), filters: int = 16, n_layers: int = 2,
                           name: str = "discriminator") -> Sequential:
    """``(batch, H, W, C) -> (batch, H / 2^n_layers, W / 2^n_layers, 1)``: a logit per patch."""
    layers: list = [Conv2D(filters, 4, strides=2, padding="same", input_shape=tuple(int(d) for d in image_shape),
                           name="conv1"), LeakyReLU(0.2, name="lrelu1")]
    for i in range(1, n_layers):
        layers += [Conv2D(filters * 2 ** i, 4, strides=2, padding="same", name=f"conv{i + 1}"),
                   InstanceNorm(name=f"norm{i + 1}"), LeakyReLU(0.2, name=f"lrelu{i + 1}")]
    layers.append(Conv2D(1, 4, padding="same", name="patch_logits"))
    return Sequential(layers, name=name)
