"""Lesson 16, GANs: discriminator and (non-saturating) generator losses from logits, and
CycleGAN's cycle-consistency loss.

    L_D = mean softplus(-D(x_real)) + mean softplus(D(G(z)))      (BCE: real 1, fake 0)
    L_G = mean softplus(-D(G(z)))                                  (non-saturating)
    L_cyc = lam (mean |F(G(x)) - x| + mean |G(F(y)) - y|)          (L1)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, expect_grad, is_close, rng


@public("16.d_loss", "d_loss", "GAN discriminator loss from logits")
def _d(d_loss):
    """random logits"""
    r = rng(0)
    real, fake = r.normal(size=8), r.normal(size=8)
    out = arr(d_loss(real, fake), "d_loss(real_logits, fake_logits)")
    if out.shape == () and np.isclose(float(out), expected("16.softplus")(real).mean() + expected("16.softplus")(-fake).mean(), rtol=1e-4):
        raise Fail("the labels are swapped: real examples are labelled 1, fakes 0",
                   "L_D = mean softplus(-real) + mean softplus(fake)")
    expect_close(out, np.array(expected("16.d_loss")(real, fake)), "d_loss", rtol=1e-4, float_dtype=False,
                 hint="binary cross-entropy from logits: -log sigmoid(real) - log(1 - sigmoid(fake)), averaged")


@public("16.d_loss", "d_loss")
def _d_large(d_loss):
    """confident logits (+-100) stay finite"""
    real, fake = np.array([100.0, -100.0]), np.array([-100.0, 100.0])
    out = arr(d_loss(real, fake), "d_loss")
    if not np.all(np.isfinite(np.asarray(out, np.float64))):
        raise Fail("d_loss of logits +-100 is nan/inf", "use softplus / logaddexp instead of log(sigmoid(.))")
    expect_close(out, np.array(expected("16.d_loss")(real, fake)), "d_loss of large logits", rtol=1e-4, float_dtype=False)


@public("16.g_loss", "g_loss", "Non-saturating generator loss")
def _g(g_loss):
    """random logits"""
    fake = rng(2).normal(size=6)
    out = arr(g_loss(fake), "g_loss(fake_logits)")
    if out.shape == () and np.isclose(float(out), -expected("16.softplus")(fake).mean(), rtol=1e-4):
        raise Fail("this is the saturating loss -log(1 - D(G(z)))",
                   "use the non-saturating loss mean softplus(-fake) = -log D(G(z))")
    expect_close(out, np.array(expected("16.softplus")(-fake).mean()), "g_loss", rtol=1e-4, float_dtype=False)


@public("16.g_loss", "g_loss")
def _g_grad(g_loss):
    """its gradient is -(1 - sigmoid(fake)) / N"""
    fake = rng(3).normal(size=4).astype(np.float32)
    expect_grad(g_loss, (fake,), -(1 - expected("16.sigmoid")(fake)) / 4, "g_loss")


def check_g_extreme(g_loss, fake, what):
    fake = np.asarray(fake, np.float32)
    out = arr(g_loss(fake), what)
    if out.shape == () and not np.isfinite(float(out)):
        raise Fail(f"{what} = {float(out)}: -log(sigmoid(-200)) overflows because sigmoid(-200) rounds to 0",
                   "-log sigmoid(z) = softplus(-z) = log(1 + exp(-z)): use jax.nn.softplus or jnp.logaddexp(0, -z)")
    expect_close(out, np.array(expected("16.softplus")(-fake).mean()), what, rtol=1e-4, float_dtype=False,
                 hint="mean softplus(-fake): finite for any logit")


@public("16.g_loss", "g_loss")
def _g_extreme(g_loss):
    """a fake the discriminator rejects with logit -200 costs about 200, not inf"""
    check_g_extreme(g_loss, [-200.0, 0.0, 5.0], "g_loss([-200, 0, 5])")


def _check_cycle(cycle_loss, shape, lam, seed):
    r = rng(seed)
    x, xc, y, yc = (r.normal(size=shape) for _ in range(4))
    out = arr(cycle_loss(x, xc, y, yc, lam), "cycle_loss")
    want = expected("16.cycle_loss")(x, xc, y, yc, lam)
    if out.shape == () and is_close(out, lam * (((x - xc) ** 2).mean() + ((y - yc) ** 2).mean()), 1e-4):
        raise Fail("you used a squared (L2) error", "CycleGAN's cycle loss is the L1 error: mean |x - x_cycled|")
    if out.shape == () and is_close(out, want / lam, 1e-4) and lam != 1:
        raise Fail(f"the weight lam = {lam} is missing", "multiply the sum of both L1 terms by lam")
    expect_close(out, np.array(want), f"cycle_loss(lam={lam})", rtol=1e-4, float_dtype=False,
                 hint="lam * (mean |x - x_cycled| + mean |y - y_cycled|)")


@public("16.cycle_loss", "cycle_loss", "Cycle-consistency loss")
def _cyc(cycle_loss):
    """images (2, 4, 4, 3), lam = 10"""
    _check_cycle(cycle_loss, (2, 4, 4, 3), 10.0, 0)


@public("16.d_loss", "d_loss")
def _d_grad_real(d_loss):
    """gradient w.r.t. the real logits is -(1 - sigmoid(real)) / N"""
    real = rng(6).normal(size=4).astype(np.float32)
    fake = rng(7).normal(size=4).astype(np.float32)
    expect_grad(lambda r: d_loss(r, fake), (real,), -(1 - expected("16.sigmoid")(real)) / 4, "d_loss w.r.t. real logits")


@public("16.cycle_loss", "cycle_loss")
def _cyc_zero(cycle_loss):
    """perfect round trips cost 0"""
    x = rng(8).normal(size=(2, 3))
    expect_close(cycle_loss(x, x, x, x, 10.0), np.array(0.0), "cycle_loss of perfect cycles", float_dtype=False)
