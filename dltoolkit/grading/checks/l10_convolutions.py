"""Lesson 10, convolutions: output size, a naive conv2d and max pooling (NHWC, HWIO).

    out = floor((n + 2 p - k) / s) + 1
    y[n, i, j, o] = b[o] + sum_{di, dj, c} x[n, s i + di, s j + dj, c] w[di, dj, c, o]
    (cross-correlation, as in every deep-learning library: the kernel is not flipped)
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np
from jax import lax

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, is_close, rng


_SIZES = [(28, 5, 1, 0), (32, 3, 1, 1), (7, 3, 2, 0), (224, 7, 2, 3), (8, 2, 2, 0)]


def _check_sizes(conv_output_size, sizes):
    for n, k, s, p in sizes:
        out = conv_output_size(n, k, s, p)
        want = expected("10.out_size")(n, k, s, p)
        what = f"conv_output_size(n={n}, k={k}, stride={s}, padding={p})"
        if isinstance(out, float) or (hasattr(out, "dtype") and np.issubdtype(np.asarray(out).dtype, np.floating)):
            raise Fail(f"{what} returned a float ({out})", "sizes are integers: use // for the division")
        got = int(np.asarray(out))
        once = (n + p - k) // s + 1
        if p and got == once and once != want:
            raise Fail(f"{what} = {got}, expected {want}: the padding was counted once",
                       "padding p is added on both sides of the input: n + 2p")
        if got == want - 1:
            raise Fail(f"{what} = {got}, expected {want}: off by one", "don't forget the + 1 in (n + 2p - k) // s + 1")
        if got == want + 1:
            raise Fail(f"{what} = {got}, expected {want}: off by one", "the formula is (n + 2p - k) // s + 1, not + 2")
        if got != want:
            raise Fail(f"{what} = {got}, expected {want}", "out = (n + 2p - k) // s + 1 (padding on both sides)")


@public("10.conv_output_size", "conv_output_size", "Convolution output size")
def _sizes(conv_output_size):
    """five layer configurations"""
    _check_sizes(conv_output_size, _SIZES)


def _check_conv(conv2d, xs, ws, stride, seed):
    r = rng(seed)
    x, w, b = r.normal(size=xs).astype(np.float32), r.normal(size=ws).astype(np.float32), r.normal(size=ws[-1])
    want = expected("10.conv2d")(x, w, b, stride)
    out = conv2d(x, w, b.astype(np.float32), stride)
    what = f"conv2d(x {xs}, w {ws}, stride={stride})"
    if is_close(out, expected("10.conv2d")(x, w[::-1, ::-1], b, stride), 1e-3, 1e-3) and not is_close(out, want, 1e-3, 1e-3):
        raise Fail(f"{what}: your kernel is flipped (true convolution)",
                   "deep-learning 'convolution' is cross-correlation: do not flip w")
    expect_close(out, want, what, rtol=1e-3, atol=1e-3,
                 hint="output (N, H', W', C_out); y[n,i,j,:] = sum(x[n, s*i:s*i+kh, s*j:s*j+kw, :, None] * w) + b")


@public("10.conv2d", "conv2d", "Naive conv2d matched against lax.conv_general_dilated")
def _conv(conv2d):
    """a 6x6 image with 2 channels, 3x3 kernel, 3 filters"""
    _check_conv(conv2d, (2, 6, 6, 2), (3, 3, 2, 3), 1, 0)


@public("10.conv2d", "conv2d")
def _conv_stride(conv2d):
    """stride 2, non-square kernel"""
    _check_conv(conv2d, (1, 7, 8, 1), (3, 2, 1, 2), 2, 1)


def _check_pool(max_pool, shape, size, stride, seed):
    x = rng(seed).normal(size=shape).astype(np.float32)
    out = max_pool(x, size, stride)
    what = f"max_pool(x {shape}, size={size}, stride={stride})"
    a = arr(out, what)
    avg = np.asarray(lax.reduce_window(jnp.asarray(x), 0.0, lax.add, (1, size, size, 1),
                                       (1, stride, stride, 1), "VALID")) / size ** 2
    if a.shape == avg.shape and np.allclose(a, avg, atol=1e-5):
        raise Fail(f"{what}: you computed the average, not the max", "take the max over each window")
    expect_close(out, expected("10.max_pool")(x, size, stride), what, hint="output (N, H', W', C): max over each window, per channel")


@public("10.max_pool", "max_pool", "Max pooling")
def _pool(max_pool):
    """2x2 windows, stride 2"""
    _check_pool(max_pool, (2, 4, 6, 3), 2, 2, 0)


@public("10.max_pool", "max_pool")
def _pool_overlap(max_pool):
    """3x3 windows, stride 2 (overlapping, odd size)"""
    _check_pool(max_pool, (1, 7, 7, 2), 3, 2, 1)


@public("10.max_pool", "max_pool")
def _pool_odd(max_pool):
    """a 5x5 input with 2x2 windows: the last row and column are dropped"""
    _check_pool(max_pool, (1, 5, 5, 1), 2, 2, 3)
