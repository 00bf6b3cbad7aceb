"""DCGAN (Radford et al., 2016): a generator G(z) and a discriminator D(x) trained against each other.

    D maximises  log D(x) + log(1 - D(G(z)))         (loss_D = BCE(D(x), 1) + BCE(D(G(z)), 0))
    G minimises  -log D(G(z))                        (the "non-saturating" generator loss)

Generator: Dense -> reshape 4x4 -> [ConvTranspose2D 4x4 stride 2 -> BatchNorm -> ReLU]* -> tanh image
in [-1, 1]. Discriminator: [Conv2D 4x4 stride 2 -> (BatchNorm) -> LeakyReLU(0.2)]* -> Dense(1) logit.
The training step (``gan_train_step``) is in ``dltoolkit/train/adversarial.py``.
"""
from __future__ import annotations

import math
from typing import Sequence

from ...layers import Activation, Conv2D, ConvTranspose2D, Dense, Flatten, LeakyReLU, Reshape
from ..sequential import Sequential
from ._common import bn


def _n_up(size: int) -> int:
    n = int(round(math.log2(size / 4)))
    if size != 4 * 2 ** n or n < 1:
        raise ValueError(f"DCGAN image size must be 4 * 2^k (8, 16, 32, 64), got {size}")
    return n


def dcgan_generator(latent_dim: int = 32, image_shape: Sequence[int] = (16, 16, 1), filters: int = 32,
                    name: str = "generator") -> Sequential:
    """``(batch, latent_dim) -> (batch, *image_shape)`` in [-1, 1]."""
    n = _n_up(int(image_shape[0]))
    top = filters * 2 ** (n - 1)
    layers: list = [Dense(4 * 4 * top, input_dim=latent_dim, name="project"), Reshape((4, 4, top), name="reshape"),
                    bn("bn0"), Activation("relu", name="relu0")]
    for i in range(n - 1):
        layers += [ConvTranspose2D(top // 2 ** (i + 1), 4, strides=2, padding="same", use_bias=False,
                                   name=f"up{i + 1}"), bn(f"bn{i + 1}"), Activation("relu", name=f"relu{i + 1}")]
    layers.append(ConvTranspose2D(int(image_shape[2]), 4, strides=2, padding="same", activation="tanh",
                                  name="to_image"))
    return Sequential(layers, name=name)


def dcgan_discriminator(image_shape: Sequence[int] = (16, 16, 1), filters: int = 32,
                        name: str = "discriminator") -> Sequential:
    """``(batch, *image_shape) -> (batch, 1)`` logits of "real"."""
    n = _n_up(int(image_shape[0]))
    layers: list = []
    for i in range(n):
        kw = {"input_shape": tuple(int(d) for d in image_shape)} if i == 0 else {}
        layers.append(Conv2D(filters * 2 ** i, 4, strides=2, padding="same", name=f"conv{i + 1}", **kw))
        if i > 0:
            layers.append(bn(f"bn{i + 1}"))
        layers.append(LeakyReLU(0.2, name=f"lrelu{i + 1}"))
    layers += [Flatten(name="flatten"), Dense(1, name="logit")]
    return Sequential(layers, name=name)
