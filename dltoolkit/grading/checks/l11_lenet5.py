"""Lesson 11, LeNet-5: parameter counts and a forward pass built to the published summary.

    conv params = k * k * c_in * c_out + c_out,   dense params = n_in * n_out + n_out
    LeNet-5 (6-16-120-84-10, 32x32x1 input): conv1 156, conv2 2416, fc1 48120, fc2 10164,
    fc3 850; 61706 in all (LeCun et al. 1998, with full C3 connectivity).
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, expect_shape, rng


def _int(out, what):
    try:
        v = np.asarray(out)
        if v.shape == () and float(v) == int(v):
            return int(v)
    except Exception:  # noqa: BLE001
        pass
    raise Fail(f"{what} returned {out!r}, expected an integer")


def check_conv_params(conv_params, configs):
    for k, ci, co in configs:
        got, want = _int(conv_params(k, ci, co), "conv_params"), expected("11.conv_params")(k, ci, co)
        if got == want - co:
            raise Fail(f"conv_params({k}, {ci}, {co}) = {got}: the biases are missing", "add one bias per output channel")
        if got != want:
            raise Fail(f"conv_params({k}, {ci}, {co}) = {got}, expected {want}", "k * k * c_in * c_out weights + c_out biases")


def check_dense_params(dense_params, configs):
    for ni, no in configs:
        got, want = _int(dense_params(ni, no), "dense_params"), expected("11.dense_params")(ni, no)
        if got == ni * no:
            raise Fail(f"dense_params({ni}, {no}) = {got}: the biases are missing", "add one bias per output unit")
        if got != want:
            raise Fail(f"dense_params({ni}, {no}) = {got}, expected {want}", "n_in * n_out weights + n_out biases")


@public("11.conv_params", "conv_params", "Parameters of a conv layer")
def _conv_params(conv_params):
    """conv_params(k, c_in, c_out) with bias"""
    check_conv_params(conv_params, ((5, 1, 6), (3, 64, 128), (1, 3, 7)))


@public("11.dense_params", "dense_params", "Parameters of a dense layer")
def _dense_params(dense_params):
    """dense_params(n_in, n_out) with bias"""
    check_dense_params(dense_params, ((400, 120), (84, 10), (1, 1)))


@public("11.lenet5_param_counts", "lenet5_param_counts", "LeNet-5 parameter count per layer")
def _counts(counts):
    """the published 6-16-120-84-10 numbers"""
    out = counts()
    if not isinstance(out, dict):
        raise Fail(f"lenet5_param_counts() returned {type(out).__name__}, expected a dict")
    missing = sorted(set(expected("11.lenet5_counts")()) - set(out))
    if missing:
        raise Fail(f"lenet5_param_counts() is missing the keys {missing}", "use the keys " + str(list(expected("11.lenet5_counts")())))
    for name, want in expected("11.lenet5_counts")().items():
        got = _int(out[name], f"lenet5_param_counts()[{name!r}]")
        if got != want:
            hint = "fc1 sees the flattened 5x5x16 = 400 features" if name == "fc1" else "weights + biases"
            raise Fail(f"lenet5_param_counts()[{name!r}] = {got}, expected {want}", hint)


def _random_params(seed):
    r = rng(seed)
    return {k: {"kernel": (r.normal(size=s) / np.sqrt(np.prod(s[:-1]))).astype(np.float32),
                "bias": (0.1 * r.normal(size=s[-1])).astype(np.float32)} for k, s in expected("11.lenet5_shapes")().items()}


def _check_forward(forward, n, seed):
    params = _random_params(seed)
    x = rng(seed + 100).normal(size=(n, 32, 32, 1)).astype(np.float32)
    jparams = {k: {n_: jnp.asarray(v) for n_, v in d.items()} for k, d in params.items()}
    out = forward(jparams, jnp.asarray(x))
    expect_shape(out, (n, 10), f"lenet5_forward(params, x {x.shape})",
                 "conv 5x5 -> relu -> pool 2 -> conv 5x5 -> relu -> pool 2 -> flatten -> 120 -> 84 -> 10")
    expect_close(out, expected("11.lenet5")(params, x), "lenet5_forward logits", rtol=2e-3, atol=2e-3,
                 hint="VALID convs, relu after conv1, conv2, fc1, fc2 (not fc3); flatten with x.reshape(N, -1)")


@public("11.lenet5_forward", "lenet5_forward", "LeNet-5 forward pass")
def _forward(forward):
    """logits for a batch of 2 images"""
    _check_forward(forward, 2, 0)
