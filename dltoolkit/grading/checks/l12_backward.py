"""Lesson 12, batch norm's backward pass (training mode, by hand) and the receptive field.

Batch norm over the batch axis of x (N, D):  mu, var = mean, biased variance over axis 0,
    xhat = (x - mu) / sqrt(var + eps),  y = gamma xhat + beta
    dbeta = sum_n dy,  dgamma = sum_n dy xhat,
    dx = gamma / (N sqrt(var + eps)) * (N dy - sum_n dy - xhat sum_n (dy xhat))
(mu and var depend on every x_n: dropping those paths gives gamma dy / sqrt(var + eps), wrong.)

Receptive field of a stack of layers (kernel k_i, stride s_i), the input pixels one output sees:
    r = 1 + sum_i (k_i - 1) prod_{j<i} s_j
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, is_close, rng, tuple_of


def check_bn_backward(bn_backward, n, d, seed):
    r = rng(seed)
    x = (2 + 3 * r.normal(size=(n, d))).astype(np.float32)
    gamma, dy = (1 + r.random(d)).astype(np.float32), r.normal(size=(n, d)).astype(np.float32)
    what = f"batchnorm_backward(dy, x {x.shape})"
    out = tuple_of(bn_backward(dy, x, gamma, 1e-5), 3, what, "(dx, dgamma, dbeta)")
    dx, dg, db = expected("12.bn_backward")(dy, x, gamma, 1e-5)
    const = gamma * dy / np.sqrt(x.astype(np.float64).var(0) + 1e-5)
    if is_close(out[0], const, 1e-3, 1e-4):
        raise Fail(f"{what}: dx treats the batch mean and variance as constants",
                   "mu and var depend on every x_n: dx = gamma / (N sigma) (N dy - sum dy - xhat sum(dy xhat))")
    expect_close(out[2], db, f"{what}: dbeta", rtol=1e-4, atol=1e-4, hint="dbeta = dy summed over the batch")
    expect_close(out[1], dg, f"{what}: dgamma", rtol=1e-4, atol=1e-4, hint="dgamma = sum over the batch of dy * xhat")
    expect_close(out[0], dx, f"{what}: dx", rtol=1e-3, atol=1e-4,
                 hint="dx = gamma / (N sqrt(var + eps)) * (N dy - sum dy - xhat * sum(dy * xhat)), sums over axis 0")


@public("12.batchnorm_backward", "batchnorm_backward", "Batch norm backward pass (training mode)")
def _bnb(bn_backward):
    """a batch of 8 with 3 features"""
    check_bn_backward(bn_backward, 8, 3, 0)


@public("12.batchnorm_backward", "batchnorm_backward")
def _bnb_two(bn_backward):
    """a batch of 2: the smallest batch with a variance"""
    check_bn_backward(bn_backward, 2, 4, 1)


def check_rf(receptive_field, layers):
    got, want = receptive_field([tuple(x) for x in layers]), expected("12.receptive_field")(layers)
    what = f"receptive_field({[tuple(x) for x in layers]})"
    try:
        got = int(np.asarray(got))
    except Exception:  # noqa: BLE001
        raise Fail(f"{what} returned {got!r}, expected an integer")
    if got != want and got == 1 + sum(k - 1 for k, _ in layers):
        raise Fail(f"{what} = {got}, expected {want}: the strides were ignored",
                   "after a stride-s layer one step of the next layer spans s input pixels: "
                   "multiply (k - 1) by the product of the earlier strides")
    if got != want and got == 1 + sum((k - 1) * s for k, s in layers):
        raise Fail(f"{what} = {got}, expected {want}: each layer's own stride was used",
                   "a layer's (k - 1) is scaled by the strides of the layers BEFORE it")
    if got != want:
        raise Fail(f"{what} = {got}, expected {want}", "r = 1 + sum_i (k_i - 1) * prod_{j<i} s_j")


@public("12.receptive_field", "receptive_field", "Receptive field of a stack of layers")
def _rf_stack(receptive_field):
    """three 3x3 convs (stride 1) see 7x7, like one 7x7"""
    check_rf(receptive_field, [(3, 1), (3, 1), (3, 1)])


@public("12.receptive_field", "receptive_field")
def _rf_strided(receptive_field):
    """ResNet's stem: 7x7 stride 2, 3x3 max-pool stride 2, then two 3x3 convs"""
    check_rf(receptive_field, [(7, 2), (3, 2), (3, 1), (3, 1)])
