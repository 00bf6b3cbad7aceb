"""Lesson 08, variance through depth: the std of each layer's activations for a given init.

    h_0 = x,   h_l = act(h_{l-1} @ W_l)  (no bias),   s_l = std(h_l) over all its entries

With W ~ N(0, 2 / fan_in) (He) and ReLU the std stays about constant through the layers; a
smaller scale makes it shrink geometrically, a larger one explode (He et al. 2015, sec. 2.2).
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, is_close, rng


def depth_inputs(seed, n, d, depth, gain):
    """x (n, d) ~ N(0, 1) and ``depth`` weights (d, d) ~ N(0, gain^2 / d), float32."""
    r = rng(seed)
    x = r.normal(size=(n, d)).astype(np.float32)
    return x, [(r.normal(size=(d, d)) * gain / np.sqrt(d)).astype(np.float32) for _ in range(depth)]


def check_stds(activation_stds, seed, n, d, depth, gain, activation):
    x, ws = depth_inputs(seed, n, d, depth, gain)
    what = f"activation_stds(x {x.shape}, {depth} weights ({d}, {d}), {activation!r})"
    out = arr(activation_stds(x, ws, activation), what)
    ref = expected("08.activation_stds")
    want = ref(x, ws, activation)
    if out.shape == (depth + 1,):
        raise Fail(f"{what}: {depth + 1} values for {depth} layers: the input's std is included",
                   "one std per layer, after each layer's activation")
    if out.shape != (depth,):
        raise Fail(f"{what}: expected shape ({depth},), got {out.shape}", "one number per layer")
    if is_close(out, want, 2e-3, 1e-6):
        return out
    if is_close(out, ref(x, ws, activation, variant="pre"), 1e-3, 1e-7):
        raise Fail(f"{what}: these are the stds of the pre-activations h @ W",
                   "apply the activation first: s_l = std(act(h_(l-1) @ W_l))")
    if is_close(out, np.asarray(want) ** 2, 1e-3, 1e-9) and not is_close(out, want, 1e-3, 1e-9):
        raise Fail(f"{what}: these are variances, not standard deviations", "return the std (square root)")
    if is_close(out, ref(x, ws, activation, variant="same_input"), 1e-3, 1e-7):
        raise Fail(f"{what}: every layer was applied to x itself",
                   "feed each layer the previous layer's output: h = act(h @ W)")
    expect_close(out, want, what, rtol=2e-3, atol=1e-6, float_dtype=False,
                 hint="h = x; for each W: h = act(h @ W); record h.std()")
    return out


@public("08.activation_stds", "activation_stds", "Activation std through depth for a given init")
def _stds_he(activation_stds):
    """He init with ReLU, 10 layers of width 64: the std stays within a factor 2"""
    out = check_stds(activation_stds, 0, 256, 64, 10, np.sqrt(2.0), "relu")
    if not 0.5 < out[-1] / out[0] < 2:
        raise Fail(f"with He init the last layer's std is {out[-1] / out[0]:.3g} times the first's")


@public("08.activation_stds", "activation_stds")
def _stds_small(activation_stds):
    """tanh with weights at half the Glorot scale: the signal dies with depth"""
    out = check_stds(activation_stds, 1, 128, 32, 8, 0.5, "tanh")
    if not out[-1] < 0.05 * out[0]:
        raise Fail("with a small init the std should shrink by over 20x in 8 layers")


@public("08.activation_stds", "activation_stds")
def _stds_one(activation_stds):
    """a batch of 1 and a single layer"""
    check_stds(activation_stds, 2, 1, 16, 1, np.sqrt(2.0), "relu")
