"""Lesson 03, backpropagation: the three-sigmoid chain by hand and a dense layer's backward pass.

Chain: a0 = x, a_i = sigma(W_i a_{i-1} + b_i) for i = 1..3, L = 1/2 (y - a3)^2.
    delta3 = (a3 - y) sigma'(z3),  delta_i = delta_{i+1} W_{i+1} sigma'(z_i)
    dL/dW_i = delta_i a_{i-1},     dL/db_i = delta_i
For x = 0.5, y = 1, W = 1, b = -0.5: dL/dW3 = -0.0625, dL/dW2 = -0.015625, dL/dW1 = -0.00390625.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..registry import Fail, public
from ._util import expect_close, rng, seq_of, tuple_of


def ref_chain_forward(x, W, b):
    a, acts = float(x), []
    for w_i, b_i in zip(W, b):
        a = 1.0 / (1.0 + np.exp(-(w_i * a + b_i)))
        acts.append(a)
    return np.array(acts)


def ref_chain_backward(x, y, W, b):
    a = np.concatenate([[x], ref_chain_forward(x, W, b)])
    dW, db = np.zeros(3), np.zeros(3)
    delta = (a[3] - y) * a[3] * (1 - a[3])
    for i in (2, 1, 0):
        dW[i], db[i] = delta * a[i], delta
        delta = delta * W[i] * a[i] * (1 - a[i])
    return dW, db


_HAND = (0.5, 1.0, [1.0, 1.0, 1.0], [-0.5, -0.5, -0.5])


@public("03.chain_forward", "chain_forward", "Forward pass through the three-sigmoid chain")
def _fwd_hand(fwd):
    """x = 0.5, W = 1, b = -0.5 gives activations 0.5, 0.5, 0.5"""
    x, _, W, b = _HAND
    out = seq_of(fwd(x, W, b), 3, "chain_forward", "(a1, a2, a3)")
    expect_close(np.array([float(np.asarray(o)) for o in out]), ref_chain_forward(x, W, b),
                 "chain_forward(0.5, W=1, b=-0.5)", hint="a_i = sigmoid(W_i * a_{i-1} + b_i), a_0 = x")


@public("03.chain_forward", "chain_forward")
def _fwd_random(fwd):
    """other weights"""
    x, W, b = 1.5, [0.3, -2.0, 1.1], [0.1, 0.4, -0.7]
    out = seq_of(fwd(x, W, b), 3, "chain_forward", "(a1, a2, a3)")
    expect_close(np.array([float(np.asarray(o)) for o in out]), ref_chain_forward(x, W, b), "chain_forward")


def _check_backward(bwd, x, y, W, b, what):
    out = tuple_of(bwd(x, y, W, b), 2, what, "(dW, db)")
    rW, rb = ref_chain_backward(x, y, W, b)
    hint = "start from dL/da3 = a3 - y; each sigmoid contributes a(1 - a); multiply by W_{i+1} going back"
    if np.asarray(out[0]).shape == (3,) and np.allclose(np.asarray(out[0], float), -rW, atol=1e-8):
        raise Fail(f"{what}: dW has the wrong sign", "dL/da3 = -(y - a3) = a3 - y")
    expect_close(out[0], rW, f"{what}: dW = (dL/dW1, dL/dW2, dL/dW3)", atol=1e-7, hint=hint)
    expect_close(out[1], rb, f"{what}: db = (dL/db1, dL/db2, dL/db3)", atol=1e-7, hint=hint)


@public("03.chain_backward", "chain_backward", "Backprop through the chain by hand")
def _bwd_hand(bwd):
    """the worked example: dL/dW3 = -0.0625"""
    _check_backward(bwd, *_HAND, "chain_backward(x=0.5, y=1, W=1, b=-0.5)")


@public("03.chain_backward", "chain_backward")
def _bwd_other(bwd):
    """other weights, y = 0"""
    _check_backward(bwd, 1.5, 0.0, [0.3, -2.0, 1.1], [0.1, 0.4, -0.7], "chain_backward")


def _check_dense(dense_backward, n, d, k, seed):
    r = rng(seed)
    x, W, dy = r.normal(size=(n, d)), r.normal(size=(d, k)), r.normal(size=(n, k))
    what = f"dense_backward for x {x.shape}, W {W.shape}"
    out = tuple_of(dense_backward(x, W, dy), 3, what, "(dx, dW, db)")
    hint = "y = x @ W + b: dx = dy @ W.T, dW = x.T @ dy, db = dy summed over the batch"
    expect_close(out[0], dy @ W.T, f"{what}: dx", rtol=1e-4, atol=1e-6, hint=hint)
    expect_close(out[1], x.T @ dy, f"{what}: dW", rtol=1e-4, atol=1e-6, hint=hint)
    expect_close(out[2], dy.sum(0), f"{what}: db", rtol=1e-4, atol=1e-6, hint=hint)


@public("03.dense_backward", "dense_backward", "Backward pass of a dense layer")
def _dense(dense_backward):
    """gradients of y = x @ W + b for a batch of 4"""
    _check_dense(dense_backward, 4, 3, 2, 8)
