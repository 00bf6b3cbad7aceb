"""CycleGAN (Zhu et al., 2017), small: unpaired translation between domains A and B.

Generators G: A -> B and F: B -> A; discriminators D_A, D_B (PatchGAN: one real/fake logit per patch).
Least-squares adversarial losses, as in the paper:

    L_GAN(G, D_B) = mean (D_B(G(a)) - 1)^2                 D_B: mean (D_B(b) - 1)^2 + mean D_B(G(a))^2
    L_cyc  = mean |F(G(a)) - a| + mean |G(F(b)) - b|         (cycle consistency, weight lambda_cycle = 10)
    L_id   = mean |G(b) - b| + mean |F(a) - a|               (identity, weight lambda_identity = 5)
    L_G,F  = L_GAN(G, D_B) + L_GAN(F, D_A) + lambda_cycle L_cyc + lambda_identity L_id

Generator (ResNet style): conv7x7 -> conv3x3/2 -> residual blocks -> ConvTranspose 3x3/2 ->
conv7x7 -> tanh, with InstanceNorm. Images in [-1, 1].
"""
from __future__ import annotations

from typing import Sequence

import jax
import jax.numpy as jnp
import optax

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


def cyclegan_losses(params, nets, a, b, lambda_cycle: float = 10.0, lambda_identity: float = 5.0):
    """Generator objective and its parts. ``params``/``nets``: dicts with keys g_ab, g_ba, d_a, d_b."""
    run = lambda k, x: nets[k].apply(params[k], {}, x)[0]  # noqa: E731
    fake_b, fake_a = run("g_ab", a), run("g_ba", b)
    adv = jnp.mean((run("d_b", fake_b) - 1) ** 2) + jnp.mean((run("d_a", fake_a) - 1) ** 2)
    cycle = jnp.mean(jnp.abs(run("g_ba", fake_b) - a)) + jnp.mean(jnp.abs(run("g_ab", fake_a) - b))
    identity = jnp.mean(jnp.abs(run("g_ab", b) - b)) + jnp.mean(jnp.abs(run("g_ba", a) - a))
    total = adv + lambda_cycle * cycle + lambda_identity * identity
    return total, {"adversarial": adv, "cycle": cycle, "identity": identity, "fake_a": fake_a, "fake_b": fake_b}


def discriminator_loss(pd, d, real, fake):
    """Least squares: ``mean (D(real) - 1)^2 + mean D(fake)^2``, halved as in the paper."""
    return 0.5 * (jnp.mean((d.apply(pd, {}, real)[0] - 1) ** 2) + jnp.mean(d.apply(pd, {}, fake)[0] ** 2))


def cyclegan_train_step(g_ab, g_ba, d_a, d_b, opt_g, opt_d, lambda_cycle: float = 10.0,
                        lambda_identity: float = 5.0):
    """``(init, step)``: ``init(key, image_shape) -> carry``; jitted ``step(carry, a, b) ->
    (carry, metrics)`` updates both generators together, then both discriminators.
    Metrics: ``g_loss``, ``d_loss``, ``adversarial``, ``cycle``, ``identity``."""
    nets = {"g_ab": g_ab, "g_ba": g_ba, "d_a": d_a, "d_b": d_b}

    def init(key, image_shape):
        params = {k: n.init(jax.random.fold_in(key, i), tuple(image_shape))[0] for i, (k, n) in enumerate(nets.items())}
        gp = {k: params[k] for k in ("g_ab", "g_ba")}
        dp = {k: params[k] for k in ("d_a", "d_b")}
        return {"params": params, "opt_g": opt_g.init(gp), "opt_d": opt_d.init(dp)}

    @jax.jit
    def step(carry, a, b):
        params = carry["params"]
        gp = {k: params[k] for k in ("g_ab", "g_ba")}
        (g_loss, parts), gg = jax.value_and_grad(
            lambda gp: cyclegan_losses({**params, **gp}, nets, a, b, lambda_cycle, lambda_identity),
            has_aux=True)(gp)
        ug, og = opt_g.update(gg, carry["opt_g"], gp)
        gp = optax.apply_updates(gp, ug)
        fa, fb = jax.lax.stop_gradient(parts["fake_a"]), jax.lax.stop_gradient(parts["fake_b"])
        dp = {k: params[k] for k in ("d_a", "d_b")}
        d_loss, gd = jax.value_and_grad(lambda dp: discriminator_loss(dp["d_a"], d_a, a, fa) +
                                        discriminator_loss(dp["d_b"], d_b, b, fb))(dp)
        ud, od = opt_d.update(gd, carry["opt_d"], dp)
        dp = optax.apply_updates(dp, ud)
        metrics = {"g_loss": g_loss, "d_loss": d_loss,
                   **{k: parts[k] for k in ("adversarial", "cycle", "identity")}}
        return {"params": {**gp, **dp}, "opt_g": og, "opt_d": od}, metrics

    return init, step
