"""Lesson 04, activations: ReLU, leaky ReLU and derivatives.

    relu(x) = max(0, x),  relu'(x) = 1 if x > 0 else 0 (0 at x = 0 by convention)
    leaky_relu(x) = x if x > 0 else alpha x,   tanh'(x) = 1 - tanh(x)^2
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import elementwise_properties, expect_close, expect_shape, is_close

_X = np.array([-3.0, -0.5, 0.0, 0.5, 3.0], np.float32)


@public("04.relu", "relu", "ReLU")
def _relu(relu):
    """relu on five points"""
    expect_close(relu(_X), np.maximum(_X, 0), "relu(x)", hint="relu(x) = max(0, x), elementwise")


@public("04.relu", "relu")
def _relu_props(relu):
    """any shape, float32 kept, integer and large inputs, under jit"""
    elementwise_properties(relu, lambda x: np.maximum(x, 0), "relu", 41)


@public("04.relu_derivative", "relu_derivative", "Derivative of ReLU")
def _drelu(drelu):
    """1 for x > 0, 0 for x <= 0"""
    out = drelu(_X)
    if is_close(out, np.maximum(_X, 0)):
        raise Fail("you returned relu(x), not its derivative", "the slope is 1 where x > 0, else 0")
    expect_close(out, (_X > 0).astype(float), "relu_derivative(x)", float_dtype=False,
                 hint="use the convention relu'(0) = 0")


@public("04.relu_derivative", "relu_derivative")
def _drelu_props(drelu):
    """any shape, integer and large inputs, under jit"""
    elementwise_properties(drelu, lambda x: (x > 0).astype(float), "relu_derivative", 42, float_out=False)


@public("04.leaky_relu", "leaky_relu", "Leaky ReLU")
def _leaky(leaky):
    """leaky_relu(x, alpha=0.1)"""
    expect_close(leaky(_X, 0.1), np.where(_X > 0, _X, 0.1 * _X), "leaky_relu(x, alpha=0.1)",
                 hint="negative inputs are multiplied by alpha, positive ones pass unchanged")


@public("04.leaky_relu", "leaky_relu")
def _leaky_props(leaky):
    """any shape, float32 kept, integer and large inputs, under jit (alpha = 0.2)"""
    elementwise_properties(leaky, lambda x: np.where(x > 0, x, 0.2 * x), "leaky_relu", 43, args=(0.2,))


@public("04.tanh_derivative", "tanh_derivative", "Derivative of tanh")
def _dtanh(dtanh):
    """1 - tanh(x)^2"""
    out = dtanh(_X)
    if is_close(out, 1 - _X.astype(float) ** 2, 1e-4):
        raise Fail("you computed 1 - x^2", "the derivative is 1 - tanh(x)^2")
    expect_close(out, 1 - np.tanh(_X.astype(float)) ** 2, "tanh_derivative(x)", rtol=1e-4)


@public("04.tanh_derivative", "tanh_derivative")
def _dtanh_props(dtanh):
    """any shape, float32 kept, integer and large inputs, under jit"""
    elementwise_properties(dtanh, lambda x: 1 - np.tanh(x) ** 2, "tanh_derivative", 44)


def check_depth(grad_through_depth, x, ws, activation, what):
    got = expect_shape(grad_through_depth(x, list(ws), activation), (len(ws) + 1,), what,
                       "one entry per layer input a_0..a_L (the last one, d a_L / d a_L, is 1)")
    want = expected("04.depth_grads")(x, ws, activation)
    got = got.astype(np.float64)
    if np.allclose(got[::-1], want, rtol=1e-4, atol=1e-12) and not np.allclose(got, want, rtol=1e-4):
        raise Fail(f"{what}: the list is reversed", "entry i is d a_L / d a_i: entry 0 is the input, the last is 1")
    expect_close(got, want, what, rtol=1e-4, atol=1e-12, float_dtype=False,
                 hint="d a_L / d a_i = product over j > i of w_j act'(z_j); sigmoid' = a (1 - a)")


@public("04.grad_through_depth", "grad_through_depth", "How gradients shrink through depth")
def _depth_sigmoid(grad_through_depth):
    """10 sigmoid layers with w = 1: the gradient at the input is below 0.25**10"""
    check_depth(grad_through_depth, 0.5, [1.0] * 10, "sigmoid", "grad_through_depth(sigmoid, 10 layers)")
    g0 = float(np.asarray(grad_through_depth(0.5, [1.0] * 10, "sigmoid"))[0])
    if not 0 < g0 <= 0.25 ** 10:
        raise Fail(f"d a_10 / d a_0 = {g0:.3g}: each sigmoid layer should shrink it by at least 4")


@public("04.grad_through_depth", "grad_through_depth")
def _depth_relu_tanh(grad_through_depth):
    """relu keeps the gradient (positive path) and tanh with mixed weights"""
    check_depth(grad_through_depth, 0.7, [1.5, 0.8, 1.2, 0.9], "relu", "grad_through_depth(relu)")
    check_depth(grad_through_depth, 0.3, [2.0, -1.5, 0.5, 3.0, -0.7], "tanh", "grad_through_depth(tanh)")
