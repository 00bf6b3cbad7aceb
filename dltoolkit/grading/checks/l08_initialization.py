"""Lesson 08, initialization: He and Glorot scales and a He-normal initializer.

    He:      std = sqrt(2 / fan_in)                 (ReLU networks)
    Glorot:  limit = sqrt(6 / (fan_in + fan_out))   (uniform on [-limit, limit])
    fan_in = shape[0] for a Dense kernel (in, out); kh * kw * c_in for an HWIO conv kernel.
"""
from __future__ import annotations

import jax
import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, expect_float, expect_shape, is_close


def check_he_std(he_std, fan_ins):
    for n in fan_ins:
        out = he_std(n)
        want = expected("08.he_std")(n)
        if is_close(out, want):
            continue
        if is_close(out, np.sqrt(1.0 / n)):
            raise Fail(f"he_std({n}) = sqrt(1/fan_in) is LeCun's scale", "He uses sqrt(2 / fan_in)")
        if is_close(out, 2.0 / n):
            raise Fail(f"he_std({n}) returned the variance 2/fan_in", "take the square root: std = sqrt(2/fan_in)")
        if is_close(out, np.sqrt(2.0) / n):
            raise Fail(f"he_std({n}) = sqrt(2)/fan_in: the square root covers the whole fraction",
                       "std = sqrt(2 / fan_in)")
        expect_close(np.asarray(out, np.float64), want, f"he_std({n})", float_dtype=False,
                     hint="std = sqrt(2 / fan_in)")


def check_glorot(glorot_limit, pairs):
    for a, b in pairs:
        out = glorot_limit(a, b)
        if is_close(out, np.sqrt(2.0 / (a + b))):
            raise Fail(f"glorot_limit({a}, {b}) = sqrt(2/(fan_in + fan_out)) is Glorot-normal's std, not the "
                       "uniform limit", "a uniform on [-L, L] has variance L^2/3: L = sqrt(6 / (fan_in + fan_out))")
        expect_close(np.asarray(out, np.float64), expected("08.glorot_limit")(a, b),
                     f"glorot_limit({a}, {b})", float_dtype=False, hint="limit = sqrt(6 / (fan_in + fan_out))")


@public("08.he_std", "he_std", "He initialization scale")
def _he(he_std):
    """he_std(fan_in) for three fan-ins, 1 included"""
    check_he_std(he_std, (1, 50, 512))


@public("08.glorot_limit", "glorot_limit", "Glorot (Xavier) uniform limit")
def _glorot(glorot_limit):
    """glorot_limit(fan_in, fan_out)"""
    check_glorot(glorot_limit, ((10, 20), (784, 128), (3, 3)))


def _check_he_normal(he_normal, shape, fan_in, seed):
    out = he_normal(jax.random.key(seed), shape)
    a = expect_shape(out, shape, f"he_normal(key, {shape})")
    expect_float(a, "he_normal")
    std, want = float(a.std()), float(expected("08.he_std")(fan_in))
    if abs(std - want) > 0.05 * want:
        raise Fail(f"he_normal(key, {shape}): sample std {std:.4f}, expected about {want:.4f} "
                   f"(fan_in = {fan_in})",
                   "std = sqrt(2 / fan_in); for an HWIO conv kernel fan_in = kh * kw * c_in")
    if abs(float(a.mean())) > 0.05 * want:
        raise Fail(f"he_normal: sample mean {float(a.mean()):.4f}, expected about 0")
    beyond = float(np.mean(np.abs(a) > 2 * want))
    if a.size >= 10000 and np.abs(a).max() <= np.sqrt(3.0) * want * 1.01:
        raise Fail(f"he_normal(key, {shape}): every draw lies within +-{np.abs(a).max():.4f} = sqrt(3) std: "
                   "these are uniform (He-uniform), not normal draws",
                   "draw from a normal distribution: jax.random.normal(key, shape) * std")
    if a.size >= 10000 and not 0.04 < beyond < 0.052:
        raise Fail(f"he_normal(key, {shape}): {beyond:.2%} of the draws lie beyond 2 std; a normal "
                   "distribution puts 4.6% there", "draw jax.random.normal(key, shape) * std (not truncated)")
    again = arr(he_normal(jax.random.key(seed), shape), "he_normal")
    if not np.array_equal(a, again):
        raise Fail("he_normal gave different values for the same key", "draw only from the key you are given")


@public("08.he_normal", "he_normal", "He-normal initializer")
def _he_dense(he_normal):
    """a (400, 300) Dense kernel"""
    _check_he_normal(he_normal, (400, 300), 400, 0)


@public("08.he_normal", "he_normal")
def _he_conv(he_normal):
    """a (3, 3, 32, 64) HWIO conv kernel: fan_in = 288"""
    _check_he_normal(he_normal, (3, 3, 32, 64), 288, 1)


@public("08.he_normal", "he_normal")
def _he_same_key(he_normal):
    """the key decides the draw: same key, same values; another key, other values"""
    a = arr(he_normal(jax.random.key(7), (30, 30)), "he_normal")
    if np.array_equal(a, arr(he_normal(jax.random.key(8), (30, 30)), "he_normal")):
        raise Fail("he_normal gave the same values for two different keys", "draw from the key you are given")
