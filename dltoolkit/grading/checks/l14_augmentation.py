"""Lesson 14, data augmentation: mixup, horizontal flips and center crops (NHWC).

    mixup: x = lam x1 + (1 - lam) x2,  y = lam y1 + (1 - lam) y2   (y one-hot)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._util import arr, expect_close, is_close, rng, tuple_of


def _check_mixup(mixup, lam, seed):
    r = rng(seed)
    x1, x2 = r.normal(size=(4, 3, 3, 1)), r.normal(size=(4, 3, 3, 1))
    y1, y2 = np.eye(3)[[0, 1, 2, 0]], np.eye(3)[[1, 1, 0, 2]]
    x, y = tuple_of(mixup(x1, y1, x2, y2, lam), 2, "mixup", "(x, y)")
    if is_close(y, y1) and lam != 1:
        raise Fail("mixup left the labels unchanged", "mix the labels with the same lam as the inputs")
    if is_close(x, (1 - lam) * x1 + lam * x2) and lam != 0.5:
        raise Fail("lam and 1 - lam are swapped", "x = lam * x1 + (1 - lam) * x2")
    expect_close(x, lam * x1 + (1 - lam) * x2, f"mixup x (lam={lam})", float_dtype=False)
    expect_close(y, lam * y1 + (1 - lam) * y2, f"mixup y (lam={lam})", float_dtype=False)


@public("14.mixup", "mixup", "Mixup of inputs and one-hot labels")
def _mixup(mixup):
    """lam = 0.7"""
    _check_mixup(mixup, 0.7, 0)


def _check_flip(horizontal_flip, shape, seed):
    x = rng(seed).normal(size=shape).astype(np.float32)
    out = arr(horizontal_flip(x), "horizontal_flip")
    if out.shape == x.shape and np.array_equal(out, x[:, ::-1]):
        raise Fail("you flipped vertically (axis 1, the rows)", "a horizontal flip reverses the width axis 2 of NHWC")
    if out.shape == x.shape and np.array_equal(out, x[::-1]):
        raise Fail("you reversed the batch order (axis 0)", "reverse the width axis 2 of NHWC")
    expect_close(out, x[:, :, ::-1], f"horizontal_flip(x {shape})", float_dtype=False)


@public("14.horizontal_flip", "horizontal_flip", "Horizontal flip of NHWC images")
def _flip(horizontal_flip):
    """a batch of 2 RGB 3x4 images"""
    _check_flip(horizontal_flip, (2, 3, 4, 3), 0)


def _check_crop(center_crop, shape, size, seed):
    x = rng(seed).normal(size=shape).astype(np.float32)
    top, left = (shape[1] - size) // 2, (shape[2] - size) // 2
    expect_close(center_crop(x, size), x[:, top:top + size, left:left + size], f"center_crop(x {shape}, {size})",
                 float_dtype=False, hint="top = (H - size) // 2, left = (W - size) // 2; keep all channels")


@public("14.center_crop", "center_crop", "Center crop")
def _crop(center_crop):
    """8x8 -> 4x4"""
    _check_crop(center_crop, (2, 8, 8, 3), 4, 0)


@public("14.center_crop", "center_crop")
def _crop_odd(center_crop):
    """odd margins: 7x9 -> 4x4"""
    _check_crop(center_crop, (1, 7, 9, 2), 4, 1)


@public("14.center_crop", "center_crop")
def _crop_full(center_crop):
    """a crop to the full size returns the images unchanged"""
    _check_crop(center_crop, (1, 3, 3, 2), 3, 3)
