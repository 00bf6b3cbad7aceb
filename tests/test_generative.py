"""DCGAN and CycleGAN: shapes, losses against their formulas, and short training runs."""
import jax
import jax.numpy as jnp
import numpy as np
import optax

import dltoolkit as dl
from dltoolkit.data import make_two_domain
from dltoolkit.models.zoo import (cyclegan_losses, cyclegan_train_step, dcgan_discriminator,
                                  dcgan_generator, gan_train_step, patchgan_discriminator,
                                  resnet_generator)


def test_dcgan_shapes_and_a_few_steps():
    gen, disc = dcgan_generator(16, (16, 16, 1), filters=8), dcgan_discriminator((16, 16, 1), filters=8)
    init, step = gan_train_step(gen, disc, dl.optim.adam(2e-4, b1=0.5), dl.optim.adam(2e-4, b1=0.5), 16)
    init = jax.jit(init, static_argnums=1)
    carry = init(jax.random.key(0), (16, 16, 1))
    pg, sg, _ = carry["g"]
    fake, _ = gen.apply(pg, sg, jax.random.normal(jax.random.key(1), (4, 16)))
    assert fake.shape == (4, 16, 16, 1) and float(jnp.abs(fake).max()) <= 1.0
    logits, _ = disc.apply(carry["d"][0], carry["d"][1], fake)
    assert logits.shape == (4, 1)
    real = jnp.asarray(np.random.default_rng(0).uniform(-1, 1, (8, 16, 16, 1)), jnp.float32)
    first = None
    for i in range(3):
        new, m = step(carry, real, jax.random.key(10 + i))
        first = first or m
        assert np.isfinite(float(m["d_loss"])) and np.isfinite(float(m["g_loss"]))
        carry = new
    # both players moved
    assert not np.array_equal(np.asarray(carry["g"][0]["project"]["kernel"]), np.asarray(pg["project"]["kernel"]))
    assert not np.array_equal(np.asarray(carry["d"][0]["logit"]["kernel"]),
                              np.asarray(init(jax.random.key(0), (16, 16, 1))["d"][0]["logit"]["kernel"]))
    assert float(first["d_loss"]) > 0 and float(first["g_loss"]) > 0


def test_cyclegan_architectures():
    g = resnet_generator((16, 16, 3), filters=8, n_blocks=2)
    d = patchgan_discriminator((16, 16, 3), filters=8, n_layers=2)
    x = jnp.zeros((2, 16, 16, 3))
    run = lambda net: jax.eval_shape(lambda k: net.apply(net.init(k, (16, 16, 3))[0], {}, x)[0],  # noqa: E731
                                     jax.random.key(0))
    assert run(g).shape == (2, 16, 16, 3)
    assert run(d).shape == (2, 4, 4, 1)
    assert "res1 (Residual)" in g.summary(print_fn=None)


def test_cyclegan_losses_match_their_formulas():
    nets = {"g_ab": resnet_generator((8, 8, 3), 4, 1), "g_ba": resnet_generator((8, 8, 3), 4, 1),
            "d_a": patchgan_discriminator((8, 8, 3), 4, 1), "d_b": patchgan_discriminator((8, 8, 3), 4, 1)}
    params = {k: jax.jit(lambda key, n=n: n.init(key, (8, 8, 3))[0])(jax.random.key(i))
              for i, (k, n) in enumerate(nets.items())}
    a = jax.random.uniform(jax.random.key(5), (2, 8, 8, 3), minval=-1, maxval=1)
    b = jax.random.uniform(jax.random.key(6), (2, 8, 8, 3), minval=-1, maxval=1)
    total, parts = jax.jit(lambda p, a, b: cyclegan_losses(p, nets, a, b, 10.0, 5.0))(params, a, b)
    applies = {k: jax.jit(lambda p, x, n=n: n.apply(p, {}, x)[0]) for k, n in nets.items()}
    f = lambda k, x: np.asarray(applies[k](params[k], x))  # noqa: E731
    a_, b_ = np.asarray(a), np.asarray(b)
    cyc = np.abs(f("g_ba", f("g_ab", a_)) - a_).mean() + np.abs(f("g_ab", f("g_ba", b_)) - b_).mean()
    idt = np.abs(f("g_ab", b_) - b_).mean() + np.abs(f("g_ba", a_) - a_).mean()
    adv = ((f("d_b", f("g_ab", a_)) - 1) ** 2).mean() + ((f("d_a", f("g_ba", b_)) - 1) ** 2).mean()
    np.testing.assert_allclose(float(parts["cycle"]), cyc, rtol=1e-4)
    np.testing.assert_allclose(float(parts["identity"]), idt, rtol=1e-4)
    np.testing.assert_allclose(float(total), adv + 10 * cyc + 5 * idt, rtol=1e-4)


def test_cyclegan_cycle_loss_falls_on_two_domain_data():
    a, b = make_two_domain(64, size=16, seed=0)
    a, b = a * 2 - 1, b * 2 - 1                       # tanh range
    nets = [resnet_generator((16, 16, 3), 8, 1), resnet_generator((16, 16, 3), 8, 1),
            patchgan_discriminator((16, 16, 3), 8, 2), patchgan_discriminator((16, 16, 3), 8, 2)]
    init, step = cyclegan_train_step(*nets, optax.adam(2e-3, b1=0.5), optax.adam(2e-3, b1=0.5))
    carry = jax.jit(init, static_argnums=1)(jax.random.key(0), (16, 16, 3))
    rng = np.random.default_rng(0)
    cycle = []
    for _ in range(40):
        ia, ib = rng.choice(64, 8, replace=False), rng.choice(64, 8, replace=False)
        carry, m = step(carry, jnp.asarray(a[ia]), jnp.asarray(b[ib]))
        cycle.append(float(m["cycle"]))
    start, end = np.mean(cycle[:5]), np.mean(cycle[-5:])
    print(f"CycleGAN cycle loss: first 5 steps {start:.3f}, last 5 steps {end:.3f}")
    assert np.all(np.isfinite(cycle)) and end < 0.6 * start
