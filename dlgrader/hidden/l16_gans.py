"""Hidden cases for l16_gans: lesson 16, GANs: discriminator and (non-saturating) generator losses from logits, and"""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import expect_grad
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l16_gans import _check_cycle
from dlgrader.references.l16_gans import ref_sigmoid


@hidden("16.d_loss")
def _d_grad(d_loss):
    """gradient w.r.t. the fake logits is sigmoid(fake) / N"""
    r = rng(1)
    real, fake = r.normal(size=5), r.normal(size=5).astype(np.float32)
    expect_grad(lambda f: d_loss(real.astype(np.float32), f), (fake,), ref_sigmoid(fake) / 5, "d_loss")


@hidden("16.cycle_loss")
def _cyc_more(cycle_loss):
    """perfect reconstruction costs 0, and another lam"""
    x = rng(5).normal(size=(3, 3))
    expect_close(cycle_loss(x, x, x, x, 10.0), np.array(0.0), "cycle_loss of perfect cycles", float_dtype=False)
    _check_cycle(cycle_loss, (1, 8, 8, 1), 2.5, 1)


@hidden("16.g_loss")
def _g_random_extreme(g_loss):
    """random logits with large magnitudes"""
    from dltoolkit.grading.checks.l16_gans import check_g_extreme
    check_g_extreme(g_loss, rng(9).normal(size=12) * 150, "g_loss of logits of size ~150")
