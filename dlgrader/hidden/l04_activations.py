"""Hidden cases for l04_activations: lesson 04, activations: ReLU, leaky ReLU and derivatives."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden


@hidden("04.relu")
def _relu_matrix(relu):
    """a (4, 6) matrix"""
    x = rng(1).normal(size=(4, 6)).astype(np.float32)
    expect_close(relu(x), np.maximum(x, 0), "relu(matrix)")


@hidden("04.relu_derivative")
def _drelu_matrix(drelu):
    """a (3, 3) matrix"""
    x = rng(2).normal(size=(3, 3)).astype(np.float32)
    expect_close(drelu(x), (x > 0).astype(float), "relu_derivative(matrix)", float_dtype=False)


@hidden("04.leaky_relu")
def _leaky_other(leaky):
    """alpha = 0.01 on a matrix"""
    x = rng(3).normal(size=(5, 2)).astype(np.float32)
    expect_close(leaky(x, 0.01), np.where(x > 0, x, 0.01 * x), "leaky_relu(x, alpha=0.01)")


@hidden("04.tanh_derivative")
def _dtanh_range(dtanh):
    """wide range"""
    x = np.linspace(-10, 10, 41).astype(np.float32)
    expect_close(dtanh(x), 1 - np.tanh(x.astype(float)) ** 2, "tanh_derivative", rtol=1e-4, atol=1e-6)


@hidden("04.grad_through_depth")
def _depth_random(grad_through_depth):
    """random weights, 8 layers of each activation"""
    from dltoolkit.grading.checks._util import rng
    from dltoolkit.grading.checks.l04_activations import check_depth
    r = rng(45)
    for act in ("sigmoid", "tanh", "relu"):
        check_depth(grad_through_depth, 0.4, list(np.abs(r.normal(size=8)) + 0.2), act, f"grad_through_depth({act})")
