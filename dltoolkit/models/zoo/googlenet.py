"""GoogLeNet / Inception v1 (Szegedy et al., 2014), following the paper's Table 1.

An Inception block runs four branches on the same input and concatenates their channels:

    1x1 conv (#1x1) | 1x1 (#3x3 reduce) -> 3x3 (#3x3) | 1x1 (#5x5 reduce) -> 5x5 (#5x5)
    | 3x3 max pool (stride 1) -> 1x1 (pool proj)            output channels = #1x1 + #3x3 + #5x5 + proj

with the true 5x5 branch (torchvision replaced it by a 3x3). Every conv is followed by ReLU
(no BatchNorm, as in the paper; local response normalization is left out). Blocks 3a..5b output
256, 480, 512, 512, 512, 528, 832, 832, 1024 channels. Layout at 224 px:
conv7x7/2 64 -> maxpool 3/2 -> conv1x1 64 -> conv3x3 192 -> maxpool 3/2 -> 3a 3b -> maxpool
-> 4a..4e -> maxpool -> 5a 5b -> global avg pool -> dropout 0.4 -> dense.

``aux_heads=True`` adds the two auxiliary classifiers (after 4a and 4d: avg pool 5/3, conv1x1 128,
dense 1024, dropout 0.7, dense). A Sequential has one output, so the model then returns the
concatenated logits ``[main | aux(4d) | aux(4a)]`` of shape (batch, 3 * num_classes); use
:func:`googlenet_loss` (main + 0.3 * each aux, the paper's weights) and :func:`main_output`.
"""
from __future__ import annotations

from typing import Optional, Sequence

import jax.numpy as jnp
import optax

from ...layers import AvgPool2D, Conv2D, Dense, Dropout, Flatten, GlobalAvgPool2D, MaxPool2D, Parallel
from ..sequential import Sequential
from ._common import classifier, is_small

# name: (#1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj)   -- Table 1
INCEPTION = {
    "3a": (64, 96, 128, 16, 32, 32), "3b": (128, 128, 192, 32, 96, 64),
    "4a": (192, 96, 208, 16, 48, 64), "4b": (160, 112, 224, 24, 64, 64),
    "4c": (128, 128, 256, 24, 64, 64), "4d": (112, 144, 288, 32, 64, 64),
    "4e": (256, 160, 320, 32, 128, 128), "5a": (256, 160, 320, 32, 128, 128),
    "5b": (384, 192, 384, 48, 128, 128),
}


def _conv(filters, k, name, stride=1):
    return Conv2D(filters, k, strides=stride, padding="same", activation="relu", name=name)


def inception_block(n1x1: int, n3x3red: int, n3x3: int, n5x5red: int, n5x5: int, pool_proj: int,
                    name: Optional[str] = None) -> Parallel:
    """One Inception v1 block: ``(batch, H, W, C) -> (batch, H, W, n1x1 + n3x3 + n5x5 + pool_proj)``."""
    return Parallel([
        Sequential([_conv(n1x1, 1, "conv1x1")], name="branch1x1"),
        Sequential([_conv(n3x3red, 1, "reduce"), _conv(n3x3, 3, "conv3x3")], name="branch3x3"),
        Sequential([_conv(n5x5red, 1, "reduce"), _conv(n5x5, 5, "conv5x5")], name="branch5x5"),
        Sequential([MaxPool2D(3, strides=1, padding="same", name="pool"), _conv(pool_proj, 1, "proj")],
                   name="branch_pool"),
    ], name=name)


def aux_head(num_classes: int, name: str) -> Sequential:
    """Auxiliary classifier: avg pool 5x5/3 -> conv1x1 128 -> dense 1024 -> dropout 0.7 -> dense."""
    return Sequential([AvgPool2D(5, strides=3, padding="same", name="pool"), _conv(128, 1, "conv"),
                       Flatten(name="flatten"), Dense(1024, activation="relu", name="fc1"),
                       Dropout(0.7, name="dropout"), Dense(num_classes, name="fc2")], name=name)


def googlenet(input_shape: Sequence[int] = (224, 224, 3), num_classes: int = 1000,
              aux_heads: bool = False, dropout: float = 0.4,
              output_activation: Optional[str] = "softmax", name: str = "googlenet") -> Sequential:
    """GoogLeNet. Small images (< 64 px) get a stride-1 stem without the two early max pools.
    Shapes: ``(batch, H, W, C) -> (batch, num_classes)`` (``3 * num_classes`` with ``aux_heads``)."""
    small = is_small(input_shape)
    shape = tuple(int(d) for d in input_shape)
    if small:
        stem = [Conv2D(64, 3, padding="same", activation="relu", input_shape=shape, name="conv1"),
                _conv(64, 1, "conv2_reduce"), _conv(192, 3, "conv2")]
    else:
        stem = [Conv2D(64, 7, strides=2, padding="same", activation="relu", input_shape=shape, name="conv1"),
                MaxPool2D(3, strides=2, padding="same", name="pool1"),
                _conv(64, 1, "conv2_reduce"), _conv(192, 3, "conv2"),
                MaxPool2D(3, strides=2, padding="same", name="pool2")]
    block = {k: inception_block(*v, name=f"inception_{k}") for k, v in INCEPTION.items()}
    pool = lambda n: MaxPool2D(3, strides=2, padding="same", name=n)  # noqa: E731
    head = [GlobalAvgPool2D(name="avgpool"), Dropout(dropout, name="dropout")]
    act = None if aux_heads else output_activation
    tail = [block["4e"], pool("pool4"), block["5a"], block["5b"], *head, classifier(num_classes, act)]
    if not aux_heads:
        layers = [*stem, block["3a"], block["3b"], pool("pool3"), block["4a"], block["4b"],
                  block["4c"], block["4d"], *tail]
        return Sequential(layers, name=name)
    after_4d = Parallel([Sequential(tail, name="main"), aux_head(num_classes, "aux2")], name="aux2_split")
    after_4a = Parallel([Sequential([block["4b"], block["4c"], block["4d"], after_4d], name="main"),
                         aux_head(num_classes, "aux1")], name="aux1_split")
    return Sequential([*stem, block["3a"], block["3b"], pool("pool3"), block["4a"], after_4a], name=name)


def main_output(y: jnp.ndarray, num_classes: int) -> jnp.ndarray:
    """The main classifier's logits from a ``aux_heads=True`` model's output."""
    return y[..., :num_classes]


def googlenet_loss(num_classes: int, aux_weight: float = 0.3):
    """``loss(labels, y) = CE(main) + aux_weight * (CE(aux1) + CE(aux2))`` for integer labels and
    the concatenated logits of an ``aux_heads=True`` model (softmax cross-entropy from logits)."""
    def loss(labels, y, sample_weight=None):
        parts = [y[..., i * num_classes:(i + 1) * num_classes] for i in range(3)]
        ce = [optax.softmax_cross_entropy_with_integer_labels(p, labels) for p in parts]
        per = ce[0] + aux_weight * (ce[1] + ce[2])
        if sample_weight is None:
            return jnp.mean(per)
        return jnp.sum(per * sample_weight) / jnp.maximum(jnp.sum(sample_weight), 1e-12)
    return loss
