"""U-Net (Ronneberger et al., 2015), small: an encoder-decoder with skip connections.

    level i:  enc_i = conv3x3-ReLU x2 (filters * 2^i)
              y_i   = dec_i( concat[ enc_i ,  up( level_{i+1}( pool(enc_i) ) ) ] )
    bottom:   conv3x3-ReLU x2 (filters * 2^depth);   up = ConvTranspose2D(2x2, stride 2)
    output:   conv1x1 -> per-pixel softmax over num_classes

Built recursively from ``Parallel([Identity(), down-path])``: the concatenation *is* the skip.
Shapes: ``(batch, H, W, C) -> (batch, H, W, num_classes)``; H and W divisible by ``2**depth``.
"""
from __future__ import annotations

from typing import Sequence

import jax.numpy as jnp
import numpy as np

from ...layers import Conv2D, ConvTranspose2D, Identity, MaxPool2D, Parallel
from ..sequential import Sequential


def conv_block(filters: int, name: str) -> Sequential:
    """Two 3x3 'same' convolutions with ReLU."""
    return Sequential([Conv2D(filters, 3, padding="same", activation="relu", kernel_initializer="he_normal",
                              name="conv_a"),
                       Conv2D(filters, 3, padding="same", activation="relu", kernel_initializer="he_normal",
                              name="conv_b")], name=name)


def _level(filters: int, i: int, depth: int):
    f = filters * 2 ** i
    if i == depth:
        return conv_block(f, "bottom")
    down = Sequential([MaxPool2D(2, name="pool"), _level(filters, i + 1, depth),
                       ConvTranspose2D(f, 2, strides=2, name="up")], name=f"down{i + 1}")
    return Sequential([conv_block(f, "enc"), Parallel([Identity(name="skip"), down], name="concat"),
                       conv_block(f, "dec")], name=f"level{i}")


def unet(input_shape: Sequence[int] = (32, 32, 3), num_classes: int = 4, filters: int = 16,
         depth: int = 2, name: str = "unet") -> Sequential:
    """A U-Net with ``depth`` down/up steps and ``filters`` channels at the top level."""
    h, w = int(input_shape[0]), int(input_shape[1])
    if h % 2 ** depth or w % 2 ** depth:
        raise ValueError(f"unet: input height and width must be divisible by 2**depth = {2 ** depth}, "
                         f"got {(h, w)}")
    top = _level(filters, 0, depth)
    top.input_shape = tuple(int(d) for d in input_shape)
    return Sequential([top, Conv2D(num_classes, 1, activation="softmax", name="output")], name=name)


def pixel_crossentropy(masks, probs) -> jnp.ndarray:
    """Mean over pixels of ``-log p[mask]``: masks (batch, H, W) ints, probs (batch, H, W, K)."""
    p = jnp.take_along_axis(probs, masks[..., None].astype(jnp.int32), axis=-1)[..., 0]
    return -jnp.mean(jnp.log(jnp.clip(p, 1e-7, 1.0)))


def mask_iou(true_masks, pred_masks, foreground_only: bool = True) -> float:
    """Intersection over union of foreground (``> 0``) pixels over the whole set:
    ``|T & P| / |T | P|``; with ``foreground_only=False`` the mean IoU over the classes present."""
    t, p = np.asarray(true_masks), np.asarray(pred_masks)
    if foreground_only:
        t, p = t > 0, p > 0
        return float((t & p).sum() / max((t | p).sum(), 1))
    ious = [((t == k) & (p == k)).sum() / ((t == k) | (p == k)).sum() for k in np.unique(t)]
    return float(np.mean(ious))
