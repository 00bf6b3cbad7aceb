"""Lesson 06, SGD and minibatches.

An epoch walks the data in order in batches of B (the last one may be smaller); each batch
takes one step on its own mean squared error:  w <- w - lr (2/B) X_b^T (X_b w - y_b).
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, is_close, rng


def _check_batches(minibatches, n, bs, seed):
    r = rng(seed)
    X, y = r.normal(size=(n, 2)), np.arange(n)
    out = minibatches(X, y, bs)
    try:
        out = list(out)
    except TypeError:
        raise Fail("minibatches must return a list (or an iterable) of (xb, yb) pairs")
    want = expected("06.batches")(n, bs)
    if len(out) == len(want) - 1 and n % bs:
        raise Fail(f"{n} examples in batches of {bs}: got {len(out)} batches, expected {len(want)}",
                   "keep the last, smaller batch: use range(0, n, batch_size)")
    if len(out) != len(want):
        raise Fail(f"{n} examples in batches of {bs}: got {len(out)} batches, expected {len(want)}")
    for k, ((i, j), b) in enumerate(zip(want, out)):
        if not isinstance(b, (tuple, list)) or len(b) != 2:
            raise Fail(f"batch {k} is not an (xb, yb) pair")
        expect_close(b[0], X[i:j], f"batch {k}: xb", float_dtype=False)
        expect_close(b[1], y[i:j], f"batch {k}: yb", float_dtype=False,
                     hint="slice x and y with the same indices, in order")


@public("06.minibatches", "minibatches", "Split data into minibatches")
def _mb_partial(minibatches):
    """10 examples in batches of 4: sizes 4, 4, 2"""
    _check_batches(minibatches, 10, 4, 0)


@public("06.minibatches", "minibatches")
def _mb_even(minibatches):
    """9 examples in batches of 3"""
    _check_batches(minibatches, 9, 3, 1)


def _check_epoch(sgd_epoch, n, bs, lr, seed):
    r = rng(seed)
    X, y, w = r.normal(size=(n, 3)), r.normal(size=n), r.normal(size=3)
    out = sgd_epoch(w, X, y, lr, bs)
    full = w - lr * 2.0 / n * X.T @ (X @ w - y)
    if is_close(out, full, 1e-4):
        raise Fail("you took a single full-batch step", "take one step per minibatch, in order")
    expect_close(out, expected("06.sgd_epoch")(w, X, y, lr, bs), f"sgd_epoch with {n} examples, batch {bs}",
                 rtol=1e-4, hint="per batch: grad = (2/B) xb^T (xb w - yb) with B the size of that batch")


@public("06.sgd_epoch", "sgd_epoch", "One epoch of minibatch SGD")
def _epoch(sgd_epoch):
    """12 examples, batch size 4, lr 0.05"""
    _check_epoch(sgd_epoch, 12, 4, 0.05, 4)


@public("06.sgd_epoch", "sgd_epoch")
def _epoch_partial(sgd_epoch):
    """10 examples, batch size 4 (last batch of 2)"""
    _check_epoch(sgd_epoch, 10, 4, 0.05, 5)


@public("06.minibatches", "minibatches")
def _mb_one(minibatches):
    """a batch size larger than the data gives one batch"""
    _check_batches(minibatches, 3, 5, 7)
