"""Lesson 05, softmax and cross-entropy (numerically stable).

    softmax(z)_k = exp(z_k - max z) / sum_j exp(z_j - max z)
    CE(z, y) = mean_n [ logsumexp(z_n) - z_n[y_n] ],   dCE/dz = (softmax(z) - onehot(y)) / N
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, expect_grad, jitted, rng


@public("05.softmax", "softmax", "Stable softmax over the last axis")
def _softmax_batch(softmax):
    """softmax of a (3, 4) batch, rows sum to 1"""
    z = rng(0).normal(size=(3, 4)).astype(np.float32)
    out = arr(softmax(z), "softmax(z)")
    if out.shape == z.shape and np.allclose(out.sum(0), 1, atol=1e-5) and not np.allclose(out.sum(1), 1, atol=1e-5):
        raise Fail("your softmax normalizes over the batch axis (columns sum to 1)",
                   "normalize over the last axis: sum(..., axis=-1, keepdims=True)")
    expect_close(out, expected("05.softmax")(z), "softmax(z)", hint="exp(z - max) / sum(exp(z - max)) along axis -1")


@public("05.softmax", "softmax")
def _softmax_large(softmax):
    """large logits [1000, 1001, 1002] do not overflow"""
    z = np.array([[1000.0, 1001.0, 1002.0]], np.float32)
    out = arr(softmax(z), "softmax(z)")
    if not np.all(np.isfinite(np.asarray(out, np.float64))):
        raise Fail("softmax([1000, 1001, 1002]) gave nan/inf: exp(1000) overflows",
                   "subtract the max: exp(z - max(z)) leaves the result unchanged and cannot overflow")
    expect_close(out, expected("05.softmax")(z), "softmax of large logits", hint="subtract the max of each row")


@public("05.softmax", "softmax")
def _softmax_mixed(softmax):
    """rows of very different scales: [[1000, 1001], [0, 1]] (the max is taken per row)"""
    z = np.array([[1000.0, 1001.0], [0.0, 1.0]], np.float32)
    out = arr(softmax(z), "softmax(z)")
    if out.shape == z.shape and not np.all(np.isfinite(np.asarray(out, np.float64))):
        bad = int(np.argwhere(~np.isfinite(np.asarray(out, np.float64)))[0][0])
        raise Fail(f"softmax([[1000, 1001], [0, 1]]) gave nan/inf in row {bad}: one max for the whole array "
                   "underflows the rows far below it (exp(0 - 1001) = 0, then 0/0)",
                   "subtract each row's own max: z.max(axis=-1, keepdims=True)")
    expect_close(out, expected("05.softmax")(z), "softmax of rows with different scales", rtol=1e-4)


@public("05.softmax", "softmax")
def _softmax_1d(softmax):
    """a 1-D input, float32 kept, under jit"""
    z = np.array([2.0, -1.0, 0.5, 3.0], np.float32)
    out = expect_close(softmax(z), expected("05.softmax")(z), "softmax of a 1-D vector", rtol=1e-5,
                       hint="use axis=-1 so that a single vector works too")
    if out.dtype != np.float32:
        raise Fail(f"softmax: float32 input gave {out.dtype}", "keep the input's dtype: use jnp operations")
    expect_close(jitted(softmax)(z), expected("05.softmax")(z), "jax.jit(softmax)", rtol=1e-5)


@public("05.cross_entropy", "cross_entropy", "Cross-entropy from logits and integer labels")
def _ce_values(ce):
    """mean cross-entropy of a batch of 4"""
    z, y = rng(1).normal(size=(4, 5)).astype(np.float32), np.array([0, 3, 4, 1])
    out = arr(ce(z, y), "cross_entropy(logits, labels)")
    if out.shape == () and np.isclose(float(out), expected("05.ce")(z, y) * len(y), rtol=1e-4):
        raise Fail("your loss is the sum over the batch", "return the mean over examples")
    expect_close(out, np.array(expected("05.ce")(z, y)), "cross_entropy(logits, labels)", rtol=1e-4,
                 hint="-log softmax(z)[label], averaged over the batch; a scalar")


@public("05.cross_entropy", "cross_entropy")
def _ce_large(ce):
    """large logits stay finite"""
    z, y = np.array([[1000.0, 0.0, -1000.0], [0.0, 500.0, 0.0]], np.float32), np.array([1, 1])
    out = arr(ce(z, y), "cross_entropy")
    if not np.all(np.isfinite(np.asarray(out, np.float64))):
        raise Fail("cross_entropy of large logits gave nan/inf",
                   "use log-softmax: z - max - log(sum(exp(z - max))), never log(softmax(z))")
    expect_close(out, np.array(expected("05.ce")(z, y)), "cross_entropy of large logits", rtol=1e-4)


@public("05.cross_entropy", "cross_entropy")
def _ce_grad(ce):
    """jax.grad of your loss is (softmax - onehot) / N"""
    z, y = rng(2).normal(size=(3, 4)).astype(np.float32), np.array([2, 0, 1])
    expect_grad(lambda zz: ce(zz, y), (z,), expected("05.ce_grad")(z, y), "cross_entropy w.r.t. logits")


@public("05.ce_grad", "ce_grad", "Gradient of cross-entropy w.r.t. the logits")
def _ce_grad_values(ce_grad):
    """(softmax(z) - onehot(y)) / N for a batch of 3"""
    z, y = rng(4).normal(size=(3, 4)).astype(np.float32), np.array([1, 1, 3])
    out = ce_grad(z, y)
    if np.shape(out) == z.shape and np.allclose(np.asarray(out, float), expected("05.ce_grad")(z, y) * 3, atol=1e-5):
        raise Fail("your gradient is N times too large", "the loss is a mean over the batch: divide by N")
    expect_close(out, expected("05.ce_grad")(z, y), "ce_grad(logits, labels)", rtol=1e-4,
                 hint="softmax(z) minus the one-hot labels, divided by the batch size")


@public("05.ce_grad", "ce_grad")
def _ce_grad_big(ce_grad):
    """large logits stay finite"""
    z, y = np.array([[60.0, -60.0, 0.0]], np.float32), np.array([1])
    expect_close(ce_grad(z, y), expected("05.ce_grad")(z, y), "ce_grad of large logits", rtol=1e-4, atol=1e-7,
                 hint="use your stable softmax (subtract the row max)")
