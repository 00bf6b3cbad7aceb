"""Augmentations: shapes/dtypes kept, reproducible per key, correct against simple oracles."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from dltoolkit.data import augment as A

X = jax.random.uniform(jax.random.key(0), (8, 12, 10, 3))
Y = jax.nn.one_hot(jnp.arange(8) % 4, 4)
K1, K2 = jax.random.key(1), jax.random.key(2)
MIXUP, CUTMIX = jax.jit(A.mixup), jax.jit(A.cutmix)  # compiled once: eager Beta sampling is slow

IMAGE_FNS = [A.random_flip, A.random_crop, A.random_rotation, A.random_translation,
             A.random_brightness, A.random_contrast]


@pytest.mark.parametrize("fn", IMAGE_FNS, ids=lambda f: f.__name__)
def test_shape_dtype_reproducible_and_key_dependent(fn):
    jf = jax.jit(fn)
    out = jf(K1, X)
    assert out.shape == X.shape and out.dtype == X.dtype
    assert np.array_equal(out, jf(K1, X))
    assert not np.array_equal(out, jf(K2, X))
    x8 = (X * 255).astype(jnp.uint8)
    assert jf(K1, x8).dtype == jnp.uint8


@pytest.mark.parametrize("fn", [MIXUP, CUTMIX], ids=["mixup", "cutmix"])
def test_mix_labels_are_distributions(fn):
    xm, ym = fn(K1, X, Y)
    assert xm.shape == X.shape and ym.shape == Y.shape and xm.dtype == X.dtype
    np.testing.assert_allclose(ym.sum(1), 1.0, rtol=1e-6)
    assert np.all(ym >= 0)
    xm2, ym2 = fn(K1, X, Y)
    assert np.array_equal(xm, xm2) and np.array_equal(ym, ym2)
    assert not np.array_equal(fn(K2, X, Y)[0], xm)


def test_flip_gives_original_or_mirror():
    out = np.asarray(A.random_flip(K1, X))
    x = np.asarray(X)
    flipped = [np.array_equal(o, xi[:, ::-1]) for o, xi in zip(out, x)]
    kept = [np.array_equal(o, xi) for o, xi in zip(out, x)]
    assert all(f or k for f, k in zip(flipped, kept)) and any(flipped) and any(kept)


def test_crop_is_a_shift_of_the_padded_image():
    out = np.asarray(A.random_crop(K1, X, padding=2))
    xp = np.pad(np.asarray(X), ((0, 0), (2, 2), (2, 2), (0, 0)))
    for o, p in zip(out, xp):
        assert any(np.array_equal(o, p[i:i + 12, j:j + 10]) for i in range(5) for j in range(5))
    assert np.array_equal(A.random_crop(K1, X, padding=0), X)


def test_translation_by_whole_pixels_matches_roll():
    # oracle: with max shift < 1 pixel rounded away, check an explicit integer shift via _warp
    x = np.asarray(X[0])
    out = np.asarray(A._warp(jnp.asarray(x), jnp.zeros(()), jnp.array([2.0, -1.0]), 0.0))
    expect = np.zeros_like(x)
    expect[2:, :-1] = x[:-2, 1:]
    np.testing.assert_allclose(out, expect, atol=1e-6)


def test_rotation_by_90_degrees_matches_rot90():
    x = np.asarray(jax.random.uniform(K1, (9, 9, 2)))
    out = np.asarray(A._warp(jnp.asarray(x), jnp.asarray(np.pi / 2), jnp.zeros(2), 0.0))
    # our convention: output(p) = input(R(-angle) p) about the centre; compare both orientations
    assert np.allclose(out, np.rot90(x, 1, axes=(0, 1)), atol=1e-5) or \
        np.allclose(out, np.rot90(x, -1, axes=(0, 1)), atol=1e-5)
    assert np.allclose(A.random_rotation(K1, X, max_degrees=0.0), X, atol=1e-6)


def test_brightness_and_contrast_formulas():
    out = np.asarray(A.random_brightness(K1, X, max_delta=0.3))
    delta = out - np.asarray(X)
    assert np.allclose(delta, delta[:, :1, :1, :1], atol=1e-6)  # one offset per image
    assert np.all(np.abs(delta) <= 0.3 + 1e-6)
    out = np.asarray(A.random_contrast(K1, X, 0.5, 1.5))
    x = np.asarray(X)
    mean = x.mean(axis=(1, 2), keepdims=True)
    d, e = (x - mean).reshape(8, -1), (out - mean).reshape(8, -1)
    f = (d * e).sum(1) / (d * d).sum(1)  # least-squares factor per image
    np.testing.assert_allclose(e, f[:, None] * d, atol=1e-5)
    assert np.all((f >= 0.5 - 1e-5) & (f <= 1.5 + 1e-5)) and np.ptp(f) > 0
    np.testing.assert_allclose(out.mean(axis=(1, 2)), mean[:, 0, 0], atol=1e-5)


def test_cutmix_label_weight_is_pasted_area():
    # distinct constant images: every pixel tells which image it came from
    x = jnp.broadcast_to(jnp.arange(8.0)[:, None, None, None], X.shape)  # same shape: no recompile
    for seed in range(5):
        xm, ym = CUTMIX(jax.random.key(seed), x, Y)
        xm, ym = np.asarray(xm), np.asarray(ym)
        for i in range(8):
            pasted = np.mean(xm[i] != i)
            partner = np.unique(xm[i][xm[i] != i])
            expect = (1 - pasted) * np.asarray(Y[i])
            if partner.size:
                expect = expect + pasted * np.asarray(Y[int(partner[0])])
            np.testing.assert_allclose(ym[i], expect, atol=1e-6)


def test_mixup_convex_combination():
    xm, ym = MIXUP(K1, X, Y)
    x, xm = np.asarray(X), np.asarray(xm)
    # every mixed image is lam*x_i + (1-lam)*x_j for a shared lam; recover it from image 0
    lam_candidates = []
    for j in range(8):
        d = x[0] - x[j]
        if np.abs(d).max() > 1e-3:
            lam_candidates.append(((xm[0] - x[j]) * d).sum() / (d * d).sum())
    assert any(np.allclose(xm[0], l * x[0] + (1 - l) * x[j], atol=1e-5)
               for l, j in zip(lam_candidates, [j for j in range(8) if np.abs(x[0] - x[j]).max() > 1e-3]))\
        or np.allclose(xm[0], x[0], atol=1e-5)


def test_bad_rank_is_a_clear_error():
    with pytest.raises(ValueError, match=r"NHWC.*\(12, 10\)"):
        A.random_flip(K1, X[0, ..., 0])
