"""Data augmentation as pure, jit-able functions of a PRNG key and an NHWC batch.

Every function is ``f(key, x, ...) -> x_aug`` (mixup/cutmix also take and return labels),
draws independent randomness per example from ``key``, keeps the shape and dtype of ``x``,
and can be wrapped in ``jax.jit`` (with the non-array options marked static). The same key
gives the same result; split the key every step for fresh augmentations.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
from jax.scipy.ndimage import map_coordinates


def _check(x: Any, name: str) -> jax.Array:
    x = jnp.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"{name} expects an NHWC batch (N, H, W, C), got shape {x.shape}")
    return x


def _like(out: jax.Array, x: jax.Array) -> jax.Array:
    """Cast back to x's dtype (rounding and clipping for integer images)."""
    if jnp.issubdtype(x.dtype, jnp.integer):
        info = jnp.iinfo(x.dtype)
        out = jnp.clip(jnp.round(out), info.min, info.max)
    return out.astype(x.dtype)


def random_flip(key: jax.Array, x: Any, horizontal: bool = True, vertical: bool = False) -> jax.Array:
    """Flip each image left-right (and/or up-down) with probability 1/2."""
    x = _check(x, "random_flip")
    kh, kv = jax.random.split(key)
    n = x.shape[0]
    if horizontal:
        x = jnp.where(jax.random.bernoulli(kh, 0.5, (n, 1, 1, 1)), x[:, :, ::-1], x)
    if vertical:
        x = jnp.where(jax.random.bernoulli(kv, 0.5, (n, 1, 1, 1)), x[:, ::-1], x)
    return x


def random_crop(key: jax.Array, x: Any, padding: int = 4, fill: float = 0.0) -> jax.Array:
    """Pad each side by ``padding`` pixels (value ``fill``) and crop back to H x W at a random
    offset in ``[0, 2 * padding]`` per axis: a random shift by up to ``padding`` pixels."""
    x = _check(x, "random_crop")
    n, h, w, c = x.shape
    xp = jnp.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0)), constant_values=fill)
    offs = jax.random.randint(key, (n, 2), 0, 2 * padding + 1)
    crop = lambda img, o: jax.lax.dynamic_slice(img, (o[0], o[1], 0), (h, w, c))
    return jax.vmap(crop)(xp, offs)


def _warp(x: jax.Array, angle: jax.Array, shift: jax.Array, fill: float) -> jax.Array:
    """Rotate one image (H, W, C) by ``angle`` radians about its centre, then shift by
    ``shift`` = (dy, dx) pixels; bilinear sampling, ``fill`` outside the source image."""
    h, w, _ = x.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yy, xx = jnp.meshgrid(jnp.arange(h, dtype=jnp.float32), jnp.arange(w, dtype=jnp.float32), indexing="ij")
    # output pixel p comes from source  R(-angle) (p - centre - shift) + centre
    dy, dx = yy - cy - shift[0], xx - cx - shift[1]
    cos, sin = jnp.cos(angle), jnp.sin(angle)
    sy, sx = cos * dy - sin * dx + cy, sin * dy + cos * dx + cx
    sample = lambda ch: map_coordinates(ch, [sy, sx], order=1, mode="constant", cval=fill)
    return jax.vmap(sample, in_axes=2, out_axes=2)(x.astype(jnp.float32))


def random_rotation(key: jax.Array, x: Any, max_degrees: float = 15.0, fill: float = 0.0) -> jax.Array:
    """Rotate each image by an angle drawn uniformly from ``[-max_degrees, max_degrees]``
    (bilinear interpolation; corners that come from outside the image are ``fill``)."""
    x = _check(x, "random_rotation")
    ang = jax.random.uniform(key, (x.shape[0],), minval=-1, maxval=1) * jnp.deg2rad(max_degrees)  # traced: a new angle does not recompile
    out = jax.vmap(lambda img, a: _warp(img, a, jnp.zeros(2), fill))(x, ang)
    return _like(out, x)


def random_translation(key: jax.Array, x: Any, max_fraction: Any = 0.1, fill: float = 0.0) -> jax.Array:
    """Shift each image by up to ``max_fraction`` of its height/width (a float or a pair
    (height_fraction, width_fraction)); sub-pixel shifts use bilinear interpolation."""
    x = _check(x, "random_translation")
    frac = jnp.broadcast_to(jnp.asarray(max_fraction, jnp.float32), (2,))
    limit = frac * jnp.asarray(x.shape[1:3], jnp.float32)
    shift = jax.random.uniform(key, (x.shape[0], 2), minval=-1, maxval=1) * limit
    out = jax.vmap(lambda img, s: _warp(img, jnp.zeros(()), s, fill))(x, shift)
    return _like(out, x)


def random_brightness(key: jax.Array, x: Any, max_delta: float = 0.2) -> jax.Array:
    """Add one offset per image, uniform in ``[-max_delta, max_delta]`` (in the units of x)."""
    x = _check(x, "random_brightness")
    delta = jax.random.uniform(key, (x.shape[0], 1, 1, 1), minval=-max_delta, maxval=max_delta)
    return _like(x + delta, x)


def random_contrast(key: jax.Array, x: Any, lower: float = 0.8, upper: float = 1.2) -> jax.Array:
    """Scale each image's deviation from its per-channel mean by a factor in [lower, upper]:
    ``x' = (x - mean) * f + mean`` (as ``tf.image.adjust_contrast``)."""
    x = _check(x, "random_contrast")
    f = jax.random.uniform(key, (x.shape[0], 1, 1, 1), minval=lower, maxval=upper)
    mean = jnp.mean(x.astype(jnp.float32), axis=(1, 2), keepdims=True)
    return _like((x - mean) * f + mean, x)


def mixup(key: jax.Array, x: Any, y: Any, alpha: float = 0.2) -> tuple[jax.Array, jax.Array]:
    """mixup (Zhang et al., 2018): ``x' = lam x + (1 - lam) x[perm]``, ``y' = lam y + (1 - lam) y[perm]``.

    ``lam ~ Beta(alpha, alpha)`` once per batch, ``perm`` a random permutation of the batch.
    ``y`` must be one-hot / probabilities ``(N, C)``; ``y'`` rows still sum to 1, so the
    categorical cross-entropy accepts them as soft targets.
    """
    x, y = _check(x, "mixup"), jnp.asarray(y)
    kl, kp = jax.random.split(key)
    lam = jax.random.beta(kl, alpha, alpha)
    perm = jax.random.permutation(kp, x.shape[0])
    xm = lam * x.astype(jnp.float32) + (1 - lam) * x[perm].astype(jnp.float32)
    return _like(xm, x), (lam * y + (1 - lam) * y[perm]).astype(y.dtype)


def cutmix(key: jax.Array, x: Any, y: Any, alpha: float = 1.0) -> tuple[jax.Array, jax.Array]:
    """CutMix (Yun et al., 2019): paste a random box from a partner image ``x[perm]``.

    ``lam ~ Beta(alpha, alpha)``; the box has side ratio ``sqrt(1 - lam)`` and a uniform
    centre, clipped to the image. Labels mix by the *actual* pasted area fraction ``a``
    (after clipping): ``y' = (1 - a) y + a y[perm]``, rows summing to 1.
    """
    x, y = _check(x, "cutmix"), jnp.asarray(y)
    n, h, w, _ = x.shape
    kl, kp, kc = jax.random.split(key, 3)
    lam = jax.random.beta(kl, alpha, alpha)
    perm = jax.random.permutation(kp, n)
    r = jnp.sqrt(1.0 - lam)
    ch, cw = jnp.round(r * h).astype(jnp.int32), jnp.round(r * w).astype(jnp.int32)
    cy = jax.random.randint(kc, (), 0, h)
    cx = jax.random.randint(jax.random.fold_in(kc, 1), (), 0, w)
    y0, y1 = jnp.clip(cy - ch // 2, 0, h), jnp.clip(cy - ch // 2 + ch, 0, h)
    x0, x1 = jnp.clip(cx - cw // 2, 0, w), jnp.clip(cx - cw // 2 + cw, 0, w)
    rows, cols = jnp.arange(h)[:, None], jnp.arange(w)[None, :]
    box = (rows >= y0) & (rows < y1) & (cols >= x0) & (cols < x1)
    out = jnp.where(box[None, :, :, None], x[perm], x)
    area = ((y1 - y0) * (x1 - x0)).astype(jnp.float32) / (h * w)
    return out, ((1 - area) * y + area * y[perm]).astype(y.dtype)
