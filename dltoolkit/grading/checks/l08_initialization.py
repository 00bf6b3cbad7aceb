"""Lesson 08, initialization: He and Glorot scales and a He-normal initializer.

    He:      std = sqrt(2 / fan_in)                 (ReLU networks)
    Glorot:  limit = sqrt(6 / (fan_in + fan_out))   (uniform on [-limit, limit])
    fan_in = shape[0] for a Dense kernel (in, out); kh * kw * c_in for an HWIO conv kernel.
"""
from __future__ import annotations

import jax
import numpy as np

from ..registry import Fail, public
from ._util import arr, expect_close, expect_float, expect_shape, is_close


@public("08.he_std", "he_std", "He initialization scale")
def _he(he_std):
    """he_std(fan_in) for three fan-ins"""
    for n in (1, 50, 512):
        out = he_std(n)
        if is_close(out, np.sqrt(1.0 / n)) and n > 1:
            raise Fail(f"he_std({n}) = sqrt(1/fan_in) is LeCun's scale", "He uses sqrt(2 / fan_in)")
        if is_close(out, 2.0 / n) and n > 1:
            raise Fail(f"he_std({n}) returned the variance 2/fan_in", "take the square root: std = sqrt(2/fan_in)")
        expect_close(np.asarray(out, np.float64), np.sqrt(2.0 / n), f"he_std({n})", float_dtype=False)


@public("08.glorot_limit", "glorot_limit", "Glorot (Xavier) uniform limit")
def _glorot(glorot_limit):
    """glorot_limit(fan_in, fan_out)"""
    for a, b in ((10, 20), (784, 128), (3, 3)):
        expect_close(np.asarray(glorot_limit(a, b), np.float64), np.sqrt(6.0 / (a + b)),
                     f"glorot_limit({a}, {b})", float_dtype=False, hint="limit = sqrt(6 / (fan_in + fan_out))")


def _check_he_normal(he_normal, shape, fan_in, seed):
    out = he_normal(jax.random.key(seed), shape)
    a = expect_shape(out, shape, f"he_normal(key, {shape})")
    expect_float(a, "he_normal")
    std, want = float(a.std()), np.sqrt(2.0 / fan_in)
    if abs(std - want) > 0.05 * want:
        raise Fail(f"he_normal(key, {shape}): sample std {std:.4f}, expected about {want:.4f} "
                   f"(fan_in = {fan_in})",
                   "std = sqrt(2 / fan_in); for an HWIO conv kernel fan_in = kh * kw * c_in")
    if abs(float(a.mean())) > 0.05 * want:
        raise Fail(f"he_normal: sample mean {float(a.mean()):.4f}, expected about 0")
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
