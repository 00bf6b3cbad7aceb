"""Lesson 09, regularization: inverted dropout and the L2 penalty.

    dropout (train): keep each unit with probability 1 - rate, scale the kept by 1 / (1 - rate),
                     so E[dropout(x)] = x; at inference dropout is the identity.
    L2: penalty(params) = lam * sum over all leaves of sum(w^2),   grad = 2 lam w
"""
from __future__ import annotations

import jax
import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, expect_grad, expect_shape


def _dropout_case(dropout, rate, seed):
    x = np.full((200, 250), 2.0, np.float32)
    a = expect_shape(dropout(x, rate, jax.random.key(seed), True), x.shape, f"dropout(x, rate={rate})")
    a = a.astype(np.float64)
    zero = float(np.mean(a == 0))
    if abs(zero - (1 - rate)) < 0.02 and abs(rate - 0.5) > 0.05:
        raise Fail(f"dropout(rate={rate}) zeroed {zero:.0%} of the units",
                   "rate is the probability to DROP a unit; keep with probability 1 - rate")
    if abs(zero - rate) > 0.02:
        raise Fail(f"dropout(rate={rate}) zeroed {zero:.1%} of the units, expected about {rate:.0%}")
    kept = a[a != 0]
    if np.allclose(kept, 2.0):
        raise Fail(f"the mean changed from 2.0 to {a.mean():.3f} (a factor 1 - rate = {1 - rate:g}): "
                   "the kept units are not rescaled",
                   "inverted dropout divides the kept units by (1 - rate) so the expected value is unchanged")
    expect_close(kept, np.full(kept.shape, 2.0 / (1 - rate)), "the kept units", rtol=1e-5,
                 hint="kept units are x / (1 - rate)")


@public("09.dropout", "dropout", "Inverted dropout")
def _drop_train(dropout):
    """training: about rate of the units are zero, the rest are scaled up"""
    _dropout_case(dropout, 0.3, 0)


@public("09.dropout", "dropout")
def _drop_eval(dropout):
    """inference (train=False) is the identity"""
    x = np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32)
    expect_close(dropout(x, 0.5, jax.random.key(1), False), x, "dropout(x, 0.5, key, train=False)",
                 hint="at inference return x unchanged (no mask, no scaling)")


def _params(seed):
    r = np.random.default_rng(seed)
    return {"dense": {"kernel": r.normal(size=(3, 2)), "bias": r.normal(size=2)},
            "out": {"kernel": r.normal(size=(2, 1))}}


def _leaves(p):
    return [leaf for layer in p.values() for leaf in layer.values()]


@public("09.l2_penalty", "l2_penalty", "L2 penalty over a params dict")
def _l2(l2_penalty):
    """sums the squares of every leaf of a nested dict"""
    p = _params(0)
    want = expected("09.l2_penalty")(p, 0.01)
    out = arr(l2_penalty(p, 0.01), "l2_penalty(params, lam)")
    only_kernel = expected("09.l2_penalty")(p, 0.01, kernels_only=True)
    if out.shape == () and np.isclose(float(out), only_kernel, rtol=1e-5):
        raise Fail("your penalty leaves out the biases", "this exercise penalizes every leaf: use jax.tree.leaves(params)")
    if out.shape == () and np.isclose(float(out), want / 2, rtol=1e-5):
        raise Fail("your penalty is lam/2 * sum(w^2)", "use lam * sum(w^2) (Keras' convention)")
    expect_close(out, np.array(want), "l2_penalty(params, 0.01)", rtol=1e-5, float_dtype=False)


@public("09.l2_penalty", "l2_penalty")
def _l2_grad(l2_penalty):
    """its gradient is 2 lam w"""
    w = np.random.default_rng(1).normal(size=(4, 3)).astype(np.float32)
    expect_grad(lambda k: l2_penalty({"layer": {"kernel": k}}, 0.1), (w,), 0.2 * w, "l2_penalty")


@public("09.dropout", "dropout")
def _drop_keys(dropout):
    """the key decides the mask: another key, another mask"""
    x = np.ones((20, 20), np.float32)
    a = arr(dropout(x, 0.5, jax.random.key(8), True), "dropout")
    if np.array_equal(a, arr(dropout(x, 0.5, jax.random.key(9), True), "dropout")):
        raise Fail("dropout gave the same mask for two different keys",
                   "draw the mask from the key: jax.random.bernoulli(key, 1 - rate, x.shape)")
