"""Training steps for adversarial pairs of networks (GANs), written out with ``jax.grad``.

``fit`` trains one model on one loss; a GAN trains two models against each other, so each
step here is its own small jitted function over the models' functional ``init``/``apply``.

DCGAN (Radford et al., 2016):

    D maximises  log D(x) + log(1 - D(G(z)))         (loss_D = BCE(D(x), 1) + BCE(D(G(z)), 0))
    G minimises  -log D(G(z))                        (the "non-saturating" generator loss)

CycleGAN (Zhu et al., 2017), least-squares adversarial losses:

    L_GAN(G, D_B) = mean (D_B(G(a)) - 1)^2                 D_B: mean (D_B(b) - 1)^2 + mean D_B(G(a))^2
    L_cyc  = mean |F(G(a)) - a| + mean |G(F(b)) - b|         (cycle consistency, weight lambda_cycle = 10)
    L_id   = mean |G(b) - b| + mean |F(a) - a|               (identity, weight lambda_identity = 5)
    L_G,F  = L_GAN(G, D_B) + L_GAN(F, D_A) + lambda_cycle L_cyc + lambda_identity L_id

The architectures (``dcgan_generator``, ``resnet_generator``, ...) are in ``dl.models.zoo``.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import optax


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
