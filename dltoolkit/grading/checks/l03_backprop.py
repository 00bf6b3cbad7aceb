"""Lesson 03, backpropagation: the three-sigmoid chain by hand and a dense layer's backward pass.

Chain: a0 = x, a_i = sigma(W_i a_{i-1} + b_i) for i = 1..3, L = 1/2 (y - a3)^2.
    delta3 = (a3 - y) sigma'(z3),  delta_i = delta_{i+1} W_{i+1} sigma'(z_i)
    dL/dW_i = delta_i a_{i-1},     dL/db_i = delta_i
Worked example (every activation and weight different, so a_i cannot stand in for a_{i-1} and
W cannot be dropped): x = 0.5, y = 1, W = (0.5, -1, 2), b = (0.1, 0.2, -0.3) gives
a = (0.586618, 0.404532, 0.624587), dL/dW = (0.005142, -0.024878, -0.035609),
dL/db = (0.010284, -0.042409, -0.088026).
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, rng, seq_of, tuple_of


_HAND = (0.5, 1.0, [0.5, -1.0, 2.0], [0.1, 0.2, -0.3])


def _chain_variant(x, y, W, b, *, own_activation=False, drop_w=False):
    """The two classic slips: dW_i = delta_i a_i (not a_{i-1}); delta_i without W_{i+1}."""
    a = np.concatenate([[x], expected("03.chain_forward")(x, W, b)])
    dW, db = np.zeros(3), np.zeros(3)
    delta = (a[3] - y) * a[3] * (1 - a[3])
    for i in (2, 1, 0):
        dW[i], db[i] = delta * (a[i + 1] if own_activation else a[i]), delta
        delta = delta * (1.0 if drop_w else W[i]) * a[i] * (1 - a[i])
    return dW, db


@public("03.chain_forward", "chain_forward", "Forward pass through the three-sigmoid chain")
def _fwd_hand(fwd):
    """the worked example: x = 0.5, W = (0.5, -1, 2), b = (0.1, 0.2, -0.3)"""
    x, _, W, b = _HAND
    out = np.array([float(np.asarray(o)) for o in seq_of(fwd(x, W, b), 3, "chain_forward", "(a1, a2, a3)")])
    fixed_x = [1 / (1 + np.exp(-(w * x + c))) for w, c in zip(W, b)]
    if np.allclose(out, fixed_x, atol=1e-6):
        raise Fail("every layer was fed the input x: each layer takes the previous activation",
                   "a_i = sigmoid(W_i * a_{i-1} + b_i) with a_0 = x; update a inside the loop")
    expect_close(out, expected("03.chain_forward")(x, W, b), "chain_forward(0.5, W, b) of the worked example",
                 hint="a_i = sigmoid(W_i * a_{i-1} + b_i), a_0 = x")


@public("03.chain_forward", "chain_forward")
def _fwd_random(fwd):
    """other weights"""
    x, W, b = 1.5, [0.3, -2.0, 1.1], [0.1, 0.4, -0.7]
    out = seq_of(fwd(x, W, b), 3, "chain_forward", "(a1, a2, a3)")
    expect_close(np.array([float(np.asarray(o)) for o in out]), expected("03.chain_forward")(x, W, b), "chain_forward")


def _check_backward(bwd, x, y, W, b, what):
    out = tuple_of(bwd(x, y, W, b), 2, what, "(dW, db)")
    rW, rb = expected("03.chain_backward")(x, y, W, b)
    hint = "start from dL/da3 = a3 - y; each sigmoid contributes a(1 - a); multiply by W_{i+1} going back"
    got = np.asarray(out[0], float) if np.shape(out[0]) == (3,) else None
    if got is not None and np.allclose(got, -rW, atol=1e-8):
        raise Fail(f"{what}: dW has the wrong sign", "dL/da3 = -(y - a3) = a3 - y")
    if got is not None and np.allclose(got, _chain_variant(x, y, W, b, own_activation=True)[0], atol=1e-8):
        raise Fail(f"{what}: dL/dW_i used the layer's own output a_i; it takes the layer's input a_(i-1)",
                   "z_i = W_i a_(i-1) + b_i, so dz_i/dW_i = a_(i-1) (for W1 that is x)")
    if got is not None and np.allclose(got, _chain_variant(x, y, W, b, drop_w=True)[0], atol=1e-8):
        raise Fail(f"{what}: going back a layer you dropped the weight W_(i+1)",
                   "delta_i = delta_(i+1) * W_(i+1) * a_i (1 - a_i): the chain rule passes through W")
    expect_close(out[0], rW, f"{what}: dW = (dL/dW1, dL/dW2, dL/dW3)", atol=1e-7, hint=hint)
    expect_close(out[1], rb, f"{what}: db = (dL/db1, dL/db2, dL/db3)", atol=1e-7, hint=hint)


@public("03.chain_backward", "chain_backward", "Backprop through the chain by hand")
def _bwd_hand(bwd):
    """the worked example: dL/dW = (0.005142, -0.024878, -0.035609)"""
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
    hint = "y = x @ W + b: each gradient has the shape of its variable; match the shapes with transposes"
    if np.shape(out[1]) == (k, d) and n > 1:
        raise Fail(f"{what}: dW has shape {(k, d)}, the transpose of W's {(d, k)}",
                   "dL/dW pairs each input feature (rows of W) with each output (columns): x.T @ dy")
    if np.shape(out[2]) == (n, k) and n > 1:
        raise Fail(f"{what}: db has shape {(n, k)}: the bias is shared by the batch",
                   "sum dy over the batch axis 0")
    expect_close(out[0], dy @ W.T, f"{what}: dx", rtol=1e-4, atol=1e-6, hint=hint)
    expect_close(out[1], x.T @ dy, f"{what}: dW", rtol=1e-4, atol=1e-6, hint=hint)
    expect_close(out[2], dy.sum(0), f"{what}: db", rtol=1e-4, atol=1e-6, hint=hint)


@public("03.dense_backward", "dense_backward", "Backward pass of a dense layer")
def _dense(dense_backward):
    """gradients of y = x @ W + b for a batch of 4"""
    _check_dense(dense_backward, 4, 3, 2, 8)


@public("03.dense_backward", "dense_backward")
def _dense_one(dense_backward):
    """a batch of one example (db still has shape (k,))"""
    _check_dense(dense_backward, 1, 3, 5, 10)
