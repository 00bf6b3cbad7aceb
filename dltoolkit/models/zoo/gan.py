"""DCGAN (Radford et al., 2016): a generator G(z) and a discriminator D(x) trained against each other.

    D maximises  log D(x) + log(1 - D(G(z)))         (loss_D = BCE(D(x), 1) + BCE(D(G(z)), 0))
    G minimises  -log D(G(z))                        (the "non-saturating" generator loss)

Generator: Dense -> reshape 4x4 -> [ConvTranspose2D 4x4 stride 2 -> BatchNorm -> ReLU]* -> tanh image
in [-1, 1]. Discriminator: [Conv2D 4x4 stride 2 -> (BatchNorm) -> LeakyReLU(0.2)]* -> Dense(1) logit.
"""
from __future__ import annotations

import math
from typing import Sequence

import jax
import jax.numpy as jnp
import optax

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


def gan_train_step(generator, discriminator, opt_g, opt_d, latent_dim: int):
    """``(init, step)``: ``init(key, image_shape) -> carry``; jitted
    ``step(carry, real_images, key) -> (carry, {"d_loss", "g_loss"})`` does one D and one G update."""

    def init(key, image_shape):
        kg, kd = jax.random.split(key)
        pg, sg = generator.init(kg, (latent_dim,))
        pd, sd = discriminator.init(kd, tuple(image_shape))
        return {"g": (pg, sg, opt_g.init(pg)), "d": (pd, sd, opt_d.init(pd))}

    def d_loss_fn(pd, sd, fake, real):
        both = jnp.concatenate([real, fake])
        logits, sd = discriminator.apply(pd, sd, both, train=True)
        labels = jnp.concatenate([jnp.ones((len(real), 1)), jnp.zeros((len(fake), 1))])
        return optax.sigmoid_binary_cross_entropy(logits, labels).mean() * 2, sd

    def g_loss_fn(pg, sg, pd, sd, z):
        fake, sg = generator.apply(pg, sg, z, train=True)
        logits, _ = discriminator.apply(pd, sd, fake, train=True)
        return optax.sigmoid_binary_cross_entropy(logits, jnp.ones_like(logits)).mean(), sg

    @jax.jit
    def step(carry, real, key):
        (pg, sg, og), (pd, sd, od) = carry["g"], carry["d"]
        z = jax.random.normal(key, (real.shape[0], latent_dim))
        fake, _ = generator.apply(pg, sg, z, train=True)
        (d_loss, sd), gd = jax.value_and_grad(d_loss_fn, has_aux=True)(pd, sd, jax.lax.stop_gradient(fake), real)
        ud, od = opt_d.update(gd, od, pd)
        pd = optax.apply_updates(pd, ud)
        (g_loss, sg), gg = jax.value_and_grad(g_loss_fn, has_aux=True)(pg, sg, pd, sd, z)
        ug, og = opt_g.update(gg, og, pg)
        pg = optax.apply_updates(pg, ug)
        return {"g": (pg, sg, og), "d": (pd, sd, od)}, {"d_loss": d_loss, "g_loss": g_loss}

    return init, step
