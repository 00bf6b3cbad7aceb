"""Lesson 03, a micrograd-style autograd engine: the student's ``Value`` class, checked through
two functions that build a graph with it and call ``backward()``.

    Value(data): .data, .grad (0 until backward), a + b, a * b (Values or numbers), a.tanh()
    out.backward(): out.grad = 1, then each node, in reverse topological order, adds its
                    local derivative times out's gradient to its children's .grad (+=, since a
                    node used twice gets two contributions)
    neuron: out = tanh(sum_i w_i x_i + b),  d out / d w_i = (1 - out^2) x_i
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, tuple_of


def _floats(seq, what):
    try:
        return np.array([float(np.asarray(v)) for v in seq])
    except Exception:  # noqa: BLE001
        raise Fail(f"{what}: expected a list of numbers (the .grad of each Value)",
                   "return [v.grad for v in values], plain floats")


def check_neuron(value_neuron, xs, ws, b, what):
    out = tuple_of(value_neuron(list(xs), list(ws), b), 4, what, "(out, dxs, dws, db)")
    xs, ws = np.asarray(xs, np.float64), np.asarray(ws, np.float64)
    y = np.tanh(xs @ ws + b)
    local = 1 - y ** 2
    expect_close(np.asarray(float(np.asarray(out[0]))), np.array(y), f"{what}: out.data",
                 hint="out = (sum of w_i * x_i + b).tanh(); return out.data", float_dtype=False)
    dws = _floats(out[2], f"{what}: dws")
    if dws.shape == xs.shape and np.allclose(dws, xs, atol=1e-9):
        raise Fail(f"{what}: dws equals xs: the tanh node did not pass on its local derivative 1 - tanh^2",
                   "in tanh's _backward: self.grad += (1 - t**2) * out.grad")
    if dws.shape == xs.shape and np.allclose(dws, 0):
        raise Fail(f"{what}: every gradient is 0: backward() did not reach the inputs",
                   "set out.grad = 1, then call each node's _backward in reverse topological order")
    expect_close(dws, local * xs, f"{what}: dws", atol=1e-9, float_dtype=False,
                 hint="d out / d w_i = (1 - out^2) x_i: multiplication sends other.data * out.grad to self")
    expect_close(_floats(out[1], f"{what}: dxs"), local * ws, f"{what}: dxs", atol=1e-9, float_dtype=False)
    expect_close(np.asarray(float(np.asarray(out[3]))), np.array(local), f"{what}: db", atol=1e-9,
                 float_dtype=False, hint="addition passes out.grad unchanged to both operands")


@public("03.value_neuron", "value_neuron", "A tanh neuron through your Value engine")
def _neuron(value_neuron):
    """two inputs: out = tanh(w1 x1 + w2 x2 + b)"""
    check_neuron(value_neuron, [2.0, 0.0], [-3.0, 1.0], 6.8813735870195432, "value_neuron(x=(2, 0), w=(-3, 1))")


@public("03.value_neuron", "value_neuron")
def _neuron_three(value_neuron):
    """three inputs, negative bias"""
    check_neuron(value_neuron, [0.5, -1.5, 2.0], [0.3, 0.2, -0.4], -0.1, "value_neuron with three inputs")


def check_reuse(value_reuse, a, b, what):
    out = tuple_of(value_reuse(a, b), 3, what, "(f, da, db)")
    f, da, db = (float(np.asarray(o)) for o in out)
    want = expected("03.value_reuse")(a, b)
    if np.isclose(da, a) or np.isclose(da, b) or np.isclose(da, 2 * a) or np.isclose(da, b + a):
        if not np.isclose(da, want[1]):
            raise Fail(f"{what}: da = {da:.6g}, expected {want[1]:.6g}: a gradient was overwritten, not accumulated",
                       "a is used three times (a*b and a*a): each _backward must ADD to .grad (+=), never assign")
    expect_close(np.array([f, da, db]), np.array(want), f"{what}: (f, da, db)", atol=1e-9, float_dtype=False,
                 hint="f = a*b + a*a: df/da = b + 2a, df/db = a")


@public("03.value_accumulate", "value_reuse", "Gradients accumulate where a value is reused")
def _reuse(value_reuse):
    """f = a*b + a*a with a = 3, b = -2"""
    check_reuse(value_reuse, 3.0, -2.0, "value_reuse(3, -2)")
