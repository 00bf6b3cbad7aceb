"""Lesson 01, the perceptron: step activation, prediction, and the perceptron learning rule.

    y_hat = step(w . x + b),   w <- w + lr (y - y_hat) x,   b <- b + lr (y - y_hat)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import elementwise_properties, expect_close, rng, tuple_of


@public("01.step", "step", "Heaviside step activation")
def _step_values(step):
    """step(z) on a vector including z = 0"""
    z = np.array([-2.0, -1e-6, 0.0, 1e-6, 3.0], np.float32)
    out = step(z)
    if np.asarray(out).shape == z.shape and np.asarray(out, np.float64)[2] == 0.0:
        raise Fail("step(0) returned 0, expected 1", "the convention is step(z) = 1 for z >= 0 (not z > 0)")
    expect_close(out, expected("01.step")(z), "step(z)", float_dtype=False)


@public("01.step", "step")
def _step_matrix(step):
    """step(z) keeps the input shape"""
    z = rng(0).normal(size=(4, 3)).astype(np.float32)
    expect_close(step(z), expected("01.step")(z), "step(z) for a (4, 3) array", float_dtype=False)


@public("01.perceptron_predict", "perceptron_predict", "Perceptron prediction for a batch")
def _predict(predict):
    """perceptron_predict(w, b, X) on 5 points"""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1], [2, -3]], np.float32)
    w, b = np.array([1.0, 1.0], np.float32), np.float32(-1.5)
    expect_close(predict(w, b, X), expected("01.step")(X @ w + b), "perceptron_predict(w, b, X)", float_dtype=False,
                 hint="compute z = X @ w + b for all rows, then apply step")


def _check_update(update, w, b, x, y, lr, what):
    out = tuple_of(update(w, b, x, y, lr), 2, what, "(w_new, b_new)")
    rw, rb = expected("01.update")(w, b, x, y, lr)
    hint = "the error is (y - y_hat) with y_hat = step(w . x + b); scale both w and b by lr * error"
    expect_close(out[0], rw, f"{what}: w_new", hint=hint)
    expect_close(out[1], rb, f"{what}: b_new", hint=hint, float_dtype=False)


@public("01.perceptron_update", "perceptron_update", "The perceptron learning rule")
def _update_wrong(update):
    """a misclassified positive example moves w towards x"""
    _check_update(update, np.array([0.5, -1.0]), 0.0, np.array([1.0, 2.0]), 1.0, 0.1,
                  "perceptron_update on a misclassified positive")


@public("01.perceptron_update", "perceptron_update")
def _update_right(update):
    """a correctly classified example leaves w and b unchanged"""
    _check_update(update, np.array([0.5, -1.0]), 0.2, np.array([2.0, 0.5]), 1.0, 0.1,
                  "perceptron_update on a correct example")


@public("01.step", "step")
def _step_properties(step):
    """any shape, integer and large inputs, under jit"""
    elementwise_properties(step, expected("01.step"), "step", 1, float_out=False)


@public("01.perceptron_update", "perceptron_update")
def _update_epochs(update):
    """a few epochs of the rule separate OR"""
    X, Y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float64), np.array([0, 1, 1, 1], np.float64)
    w, b = np.zeros(2), 0.0
    for _ in range(10):
        for x, y in zip(X, Y):
            w, b = tuple_of(update(w, b, x, y, 0.1), 2, "perceptron_update", "(w_new, b_new)")
            w, b = np.asarray(w, np.float64), float(np.asarray(b))
    if not np.array_equal(X @ w + b >= 0, Y == 1):  # every point on its own side of the line
        raise Fail("after 10 epochs the perceptron does not separate OR", "check the sign of the update")
