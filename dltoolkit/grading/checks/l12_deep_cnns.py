"""Lesson 12, deep CNNs: batch normalization (train and eval), residual blocks, global pooling.

    train: mu, var = batch mean and (biased) variance over all axes but the last
           y = gamma (x - mu) / sqrt(var + eps) + beta
           running <- momentum * running + (1 - momentum) * batch statistic
    eval:  the same formula with the running statistics (the batch is not looked at)
    residual block: y = relu(x + relu(x @ W1) @ W2)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, is_close, rng, tuple_of


def _bn_inputs(shape, seed):
    r = rng(seed)
    c = shape[-1]
    x = (3 + 2 * r.normal(size=shape)).astype(np.float32)
    return (x, r.normal(size=c).astype(np.float32), r.normal(size=c).astype(np.float32),
            r.normal(size=c).astype(np.float32), (0.5 + r.random(c)).astype(np.float32))


def _check_train(bn_train, shape, seed):
    x, g, b, rm, rv = _bn_inputs(shape, seed)
    what = f"batchnorm_train(x {shape})"
    out = tuple_of(bn_train(x, g, b, rm, rv, 0.9, 1e-5), 3, what, "(y, new_running_mean, new_running_var)")
    y, m, v = expected("12.bn_train")(x.astype(np.float64), g, b, rm, rv, 0.9, 1e-5)
    if is_close(out[0], expected("12.bn_eval")(x, g, b, rm, rv, 1e-5), 1e-3, 1e-3):
        raise Fail(f"{what}: training mode normalized with the running statistics",
                   "in training, normalize with the batch's own mean and variance")
    expect_close(out[0], y, f"{what}: y", rtol=1e-3, atol=1e-4,
                 hint="statistics over every axis but the last (channels); biased variance (x.var())")
    expect_close(out[1], m, f"{what}: running mean", rtol=1e-4, atol=1e-5,
                 hint="new = momentum * running + (1 - momentum) * batch_mean")
    expect_close(out[2], v, f"{what}: running var", rtol=1e-4, atol=1e-5,
                 hint="new = momentum * running + (1 - momentum) * batch_var")


@public("12.batchnorm_train", "batchnorm_train", "Batch norm forward, training mode")
def _bn_train_2d(bn_train):
    """a (16, 4) batch of features"""
    _check_train(bn_train, (16, 4), 0)


@public("12.batchnorm_train", "batchnorm_train")
def _bn_train_4d(bn_train):
    """an NHWC batch (4, 3, 3, 2): statistics per channel"""
    _check_train(bn_train, (4, 3, 3, 2), 1)


def _check_eval(bn_eval, shape, seed):
    x, g, b, rm, rv = _bn_inputs(shape, seed)
    what = f"batchnorm_eval(x {shape})"
    out = bn_eval(x, g, b, rm, rv, 1e-5)
    batch = expected("12.bn_train")(x.astype(np.float64), g, b, rm, rv)[0]
    if is_close(out, batch, 1e-3, 1e-3):
        raise Fail(f"{what}: you normalized with the batch statistics",
                   "in eval mode use the running mean and variance, so a prediction does not depend on the batch")
    expect_close(out, expected("12.bn_eval")(x.astype(np.float64), g, b, rm, rv, 1e-5), what, rtol=1e-4, atol=1e-4,
                 hint="gamma * (x - running_mean) / sqrt(running_var + eps) + beta")


@public("12.batchnorm_eval", "batchnorm_eval", "Batch norm forward, inference mode")
def _bn_eval(bn_eval):
    """uses the running statistics"""
    _check_eval(bn_eval, (16, 4), 3)


@public("12.batchnorm_eval", "batchnorm_eval")
def _bn_eval_single(bn_eval):
    """a batch of one example works"""
    _check_eval(bn_eval, (1, 5), 4)


def _check_res(residual_block, n, d, seed, zero_w2=False):
    r = rng(seed)
    x, W1, W2 = r.normal(size=(n, d)), r.normal(size=(d, d)), r.normal(size=(d, d))
    if zero_w2:
        W2 = np.zeros_like(W2)
    want = expected("12.residual_block")(x, W1, W2)
    out = residual_block(x, W1, W2)
    if not zero_w2 and is_close(out, expected("12.residual_block")(x, W1, W2, skip=False), 1e-4):
        raise Fail("the skip connection is missing", "add the input x before the final relu")
    expect_close(out, want, f"residual_block(x {x.shape})", rtol=1e-4, atol=1e-5,
                 hint="y = relu(x + relu(x @ W1) @ W2)")


@public("12.residual_block", "residual_block", "A residual block")
def _res(residual_block):
    """random weights"""
    _check_res(residual_block, 4, 5, 0)


@public("12.residual_block", "residual_block")
def _res_zero(residual_block):
    """with W2 = 0 the block reduces to relu(x)"""
    _check_res(residual_block, 3, 4, 1, zero_w2=True)


@public("12.global_avg_pool", "global_avg_pool", "Global average pooling")
def _gap(gap):
    """(N, H, W, C) -> (N, C)"""
    x = rng(3).normal(size=(2, 3, 4, 5)).astype(np.float32)
    expect_close(gap(x), x.astype(np.float64).mean((1, 2)), "global_avg_pool(x (2, 3, 4, 5))",
                 rtol=1e-5, hint="average over the spatial axes 1 and 2")


@public("12.batchnorm_eval", "batchnorm_eval")
def _bn_eval_nhwc(bn_eval):
    """an NHWC batch: statistics per channel"""
    _check_eval(bn_eval, (2, 3, 3, 2), 6)


@public("12.global_avg_pool", "global_avg_pool")
def _gap_one(gap):
    """a 1x1 feature map is returned as is, (N, C)"""
    x = rng(5).normal(size=(2, 1, 1, 3)).astype(np.float32)
    expect_close(gap(x), x.astype(np.float64).mean((1, 2)), "global_avg_pool(x (2, 1, 1, 3))", rtol=1e-5)
