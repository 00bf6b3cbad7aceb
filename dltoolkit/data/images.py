"""Generated image sets: shapes (classify/segment/detect), rotated images, two domains.

Images are drawn with Pillow from a NumPy generator, so every set is deterministic per
``seed`` and needs no download. All images are float32 NHWC in ``[0, 1]``.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from PIL import Image, ImageDraw

from ._rng import rng_from
from .embedded import load_digits

SHAPE_NAMES = ("circle", "square", "triangle")


class Shapes(NamedTuple):
    images: np.ndarray  # (n, size, size, 3) float32 in [0, 1]
    labels: np.ndarray  # (n,) int32: 0 circle, 1 square, 2 triangle
    masks: np.ndarray   # (n, size, size) int32: 0 background, label + 1 on the shape
    boxes: np.ndarray   # (n, 4) float32: x_min, y_min, x_max, y_max


def _draw(draw: ImageDraw.ImageDraw, label: int, cx: float, cy: float, r: float, fill: Any,
          outline: Any = None, width: int = 1) -> None:
    if label == 0:
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=outline, width=width)
    elif label == 1:
        draw.rectangle([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=outline, width=width)
    else:
        pts = [(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)]
        draw.polygon(pts, fill=fill, outline=outline, width=width)


def make_shapes(n: int = 500, size: int = 32, noise: float = 0.0, min_radius: float | None = None,
                max_radius: float | None = None, normalize_boxes: bool = False, seed: Any = 0) -> Shapes:
    """Small RGB images, each with one circle, square or triangle on a dark background.

    Picture: a coloured shape (random bright colour, position and radius) on a near-black
    background with Gaussian pixel noise of std ``noise``. Returns :class:`Shapes`
    ``(images, labels, masks, boxes)``:

    * ``images`` (n, size, size, 3) float32 in [0, 1]; ``labels`` (n,) int32 indices into
      ``SHAPE_NAMES``;
    * ``masks`` (n, size, size) int32: the class index per pixel, 0 = background and
      ``label + 1`` on the shape (segmentation target with 4 classes);
    * ``boxes`` (n, 4) float32 ``(x_min, y_min, x_max, y_max)`` in pixels, the tight box around
      the mask with exclusive max (``x_max - x_min`` is the width in pixels); divided by
      ``size`` (so in [0, 1]) when ``normalize_boxes=True``. x is the column, y the row.
    """
    rng = rng_from(seed)
    lo = min_radius if min_radius is not None else size / 8
    hi = max_radius if max_radius is not None else size / 3
    if not 1 <= lo <= hi < size / 2:
        raise ValueError(f"need 1 <= min_radius <= max_radius < size/2, got {lo}, {hi}, size={size}")
    images = np.zeros((n, size, size, 3), np.float32)
    masks = np.zeros((n, size, size), np.int32)
    labels = rng.integers(0, 3, size=n).astype(np.int32)
    for i in range(n):
        r = rng.uniform(lo, hi)
        cx, cy = rng.uniform(r, size - 1 - r, size=2)
        colour = tuple(int(c) for c in rng.integers(90, 256, size=3))
        bg = tuple(int(c) for c in rng.integers(0, 40, size=3))
        img, mask = Image.new("RGB", (size, size), bg), Image.new("L", (size, size), 0)
        _draw(ImageDraw.Draw(img), labels[i], cx, cy, r, colour)
        _draw(ImageDraw.Draw(mask), labels[i], cx, cy, r, int(labels[i]) + 1)
        images[i], masks[i] = np.asarray(img, np.float32) / 255.0, np.asarray(mask)
    if noise:
        images = np.clip(images + rng.normal(scale=noise, size=images.shape), 0, 1).astype(np.float32)
    boxes = np.zeros((n, 4), np.float32)
    for i in range(n):
        rows, cols = np.nonzero(masks[i])
        boxes[i] = cols.min(), rows.min(), cols.max() + 1, rows.max() + 1
    if normalize_boxes:
        boxes /= size
    return Shapes(images, labels, masks, boxes)


def _arrow(size: int) -> Image.Image:
    """An upright arrow: asymmetric, so every rotation angle in (-180, 180] is distinct."""
    img = Image.new("L", (size, size), 0)
    d, s = ImageDraw.Draw(img), size
    d.polygon([(s * 0.5, s * 0.1), (s * 0.25, s * 0.4), (s * 0.75, s * 0.4)], fill=255)
    d.rectangle([s * 0.42, s * 0.4, s * 0.58, s * 0.85], fill=255)
    d.rectangle([s * 0.58, s * 0.7, s * 0.75, s * 0.85], fill=255)
    return img


def make_rotated(n: int = 500, size: int = 28, source: str = "digits", max_angle: float = 45.0,
                 noise: float = 0.0, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Images rotated by a random angle, with the angle as the regression target.

    Picture: ``source="digits"`` takes real 8x8 digits (:func:`load_digits`, upscaled to
    ``size``), ``source="arrow"`` an upright arrow; each is rotated counter-clockwise by an
    angle drawn uniformly from ``[-max_angle, max_angle]`` degrees. Returns ``(images, angles)``:
    (n, size, size, 1) float32 in [0, 1] and (n,) float32 degrees.
    """
    rng = rng_from(seed)
    if source == "digits":
        (xd, _), _ = load_digits(test_size=0.0)
        bases = [Image.fromarray((x[..., 0] * 255).astype(np.uint8)).resize((size, size), Image.BILINEAR)
                 for x in xd[rng.integers(0, len(xd), size=n)]]
    elif source == "arrow":
        bases = [_arrow(size)] * n
    else:
        raise ValueError(f"source must be 'digits' or 'arrow', got {source!r}")
    angles = rng.uniform(-max_angle, max_angle, size=n).astype(np.float32)
    images = np.stack([np.asarray(b.rotate(float(a), resample=Image.BILINEAR), np.float32) / 255.0
                       for b, a in zip(bases, angles)])[..., None]
    if noise:
        images = np.clip(images + rng.normal(scale=noise, size=images.shape), 0, 1)
    return images.astype(np.float32), angles


def make_two_domain(n: int = 200, size: int = 32, seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two *unpaired* image domains for CycleGAN-style translation.

    Picture: domain A shows filled, brightly coloured shapes on a dark background; domain B
    shows the same kinds of shapes as dark outlines on a light, horizontally striped
    background. A and B are drawn independently (image i of A has no partner in B), which is
    what an unpaired translation model expects. Returns ``(images_a, images_b)``, each
    (n, size, size, 3) float32 in [0, 1].
    """
    rng = rng_from(seed)
    a = make_shapes(n, size=size, seed=rng).images
    b = np.zeros((n, size, size, 3), np.float32)
    stripes = (np.arange(size) // 2 % 2)[:, None] * 0.12
    for i in range(n):
        r = rng.uniform(size / 8, size / 3)
        cx, cy = rng.uniform(r, size - 1 - r, size=2)
        img = Image.new("RGB", (size, size), (255, 255, 255))
        ink = tuple(int(c) for c in rng.integers(0, 90, size=3))
        _draw(ImageDraw.Draw(img), int(rng.integers(0, 3)), cx, cy, r, None, outline=ink,
              width=max(1, size // 16))
        pix = np.asarray(img, np.float32) / 255.0
        background = pix.min(-1, keepdims=True) > 0.8
        b[i] = pix - background * stripes[..., None]
    return a, b
