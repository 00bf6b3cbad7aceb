"""Lesson 14, random augmentation driven by keys, and CutMix (NHWC, one-hot labels).

    random_flip(images, key, p): each image, independently, is flipped left-right with
        probability p; the same key gives the same result (draw one coin per image:
        jax.random.bernoulli(key, p, (N,)))
    cutmix(x1, y1, x2, y2, box) with box = (top, left, h, w): x = x1 with the h x w patch at
        (top, left) taken from x2;  lam = 1 - h w / (H W) (the share of x1 left);
        y = lam y1 + (1 - lam) y2
"""
from __future__ import annotations

import jax
import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, expect_shape, is_close, rng, tuple_of


def _flipped_mask(out, x, what):
    same = np.all(out == x, axis=(1, 2, 3))
    flip = np.all(out == x[:, :, ::-1], axis=(1, 2, 3))
    if not np.all(same | flip):
        k = int(np.argmin(same | flip))
        raise Fail(f"{what}: image {k} is neither the input nor its left-right flip",
                   "flip along the width axis 2 of NHWC, whole images only")
    return flip & ~same


def check_random_flip(random_flip, p, seed, n=2000):
    x = rng(seed).normal(size=(n, 1, 2, 1)).astype(np.float32)
    what = f"random_flip(images {x.shape}, key, p={p})"
    out = expect_shape(random_flip(x, jax.random.key(seed), p), x.shape, what)
    flipped = _flipped_mask(out, x, what)
    frac = float(flipped.mean())
    if flipped.all() or not flipped.any():
        if 0 < p < 1:
            raise Fail(f"{what}: {'every' if flipped.all() else 'no'} image was flipped: one coin for the whole "
                       "batch", "draw one coin per image: jax.random.bernoulli(key, p, (N,))")
    if abs(frac - (1 - p)) < 0.04 and abs(p - 0.5) > 0.1:
        raise Fail(f"{what}: flipped {frac:.0%} of the images, about 1 - p", "p is the probability to flip")
    if abs(frac - p) > 0.04:
        raise Fail(f"{what}: flipped {frac:.1%} of the images, expected about {p:.0%}")
    again = arr(random_flip(x, jax.random.key(seed), p), what)
    if not np.array_equal(out, again):
        raise Fail(f"{what}: the same key gave different results", "draw only from the key you are given")
    if 0 < p < 1 and np.array_equal(out, arr(random_flip(x, jax.random.key(seed + 1), p), what)):
        raise Fail(f"{what}: another key gave the same flips", "draw the coins from the key argument")


@public("14.random_flip", "random_flip", "Random horizontal flips from a key")
def _rflip(random_flip):
    """p = 0.5 on 2000 images: about half flipped, reproducible from the key"""
    check_random_flip(random_flip, 0.5, 0)


@public("14.random_flip", "random_flip")
def _rflip_p(random_flip):
    """p = 0.2, and p = 0 changes nothing"""
    check_random_flip(random_flip, 0.2, 1)
    x = rng(2).normal(size=(5, 3, 4, 2)).astype(np.float32)
    expect_close(random_flip(x, jax.random.key(3), 0.0), x, "random_flip with p = 0", float_dtype=False)


def check_cutmix(cutmix, shape, box, seed):
    r = rng(seed)
    x1, x2 = r.normal(size=shape), r.normal(size=shape)
    y1, y2 = np.eye(4)[r.integers(0, 4, shape[0])], np.eye(4)[r.integers(0, 4, shape[0])]
    top, left, h, w = box
    what = f"cutmix(x {shape}, box={box})"
    out = tuple_of(cutmix(x1, y1, x2, y2, box), 2, what, "(x, y)")
    want, lam = expected("14.cutmix")(x1, x2, box)
    if is_close(out[0], np.where(want == x1, x2, x1)):
        raise Fail(f"{what}: the patch went the other way (x1's patch into x2)", "start from x1; paste x2's patch")
    swapped = x1.copy()
    swapped[:, left:left + w, top:top + h] = x2[:, left:left + w, top:top + h]
    if h != w and is_close(out[0], swapped):
        raise Fail(f"{what}: rows and columns are swapped", "NHWC: axis 1 is the height (top, h), axis 2 the width")
    expect_close(out[0], want, f"{what}: x", float_dtype=False,
                 hint="copy x1, then x[:, top:top+h, left:left+w] = x2[:, top:top+h, left:left+w]")
    if is_close(out[1], (1 - lam) * y1 + lam * y2) and not is_close(out[1], lam * y1 + (1 - lam) * y2):
        raise Fail(f"{what}: the label weights are swapped",
                   "lam = 1 - patch area / image area is the share of x1: y = lam y1 + (1 - lam) y2")
    expect_close(out[1], lam * y1 + (1 - lam) * y2, f"{what}: y", float_dtype=False,
                 hint="weight the labels by the area each image keeps: lam = 1 - h w / (H W)")


@public("14.cutmix", "cutmix", "CutMix: paste a patch, mix the labels by area")
def _cutmix(cutmix):
    """a 2x3 patch in 6x6 images"""
    check_cutmix(cutmix, (3, 6, 6, 2), (1, 2, 2, 3), 0)


@public("14.cutmix", "cutmix")
def _cutmix_corner(cutmix):
    """a patch at the corner of non-square images"""
    check_cutmix(cutmix, (2, 5, 7, 1), (0, 4, 5, 3), 1)
