"""Hidden cases for l01_perceptron: lesson 01, the perceptron: step activation, prediction, and the perceptron learning rule."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import elementwise_properties, expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import Fail
from dltoolkit.grading.registry import hidden
from dlgrader.references.l01_perceptron import ref_step


@hidden("01.perceptron_predict")
def _predict_random(predict):
    """random weights, 3 features"""
    r = rng(11)
    X, w, b = r.normal(size=(20, 3)), r.normal(size=3), float(r.normal())
    expect_close(predict(w, b, X), ref_step(X @ w + b), "perceptron_predict", float_dtype=False)


@hidden("01.perceptron_update")
def _update_learns_and(update):
    """10 epochs of the rule separate AND"""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float64)
    Y = np.array([0, 0, 0, 1], np.float64)
    w, b = np.zeros(2), 0.0
    for _ in range(10):
        for x, y in zip(X, Y):
            w, b = update(w, b, x, y, 0.1)
            w, b = np.asarray(w, np.float64), float(np.asarray(b))
    if not np.array_equal(ref_step(X @ w + b), Y):
        raise Fail("after 10 epochs the perceptron does not separate AND", "check the sign of the update")


@hidden("01.step")
def _step_random(step):
    """a random shape and scale"""
    elementwise_properties(step, ref_step, "step", 21, scale=100.0, float_out=False, shape=(3, 1, 4))
