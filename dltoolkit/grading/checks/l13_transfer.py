"""Lesson 13, transfer learning: freezing a pretrained backbone.

Given an updates tree (same structure as params) and a boolean ``trainable`` tree, frozen
leaves get zero updates, so ``params + updates`` leaves them exactly unchanged.
"""
from __future__ import annotations

import jax
import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, rng


def _tree(seed):
    r = rng(seed)
    return {"backbone": {"conv1": {"kernel": r.normal(size=(3, 3, 1, 4)), "bias": r.normal(size=4)},
                         "conv2": {"kernel": r.normal(size=(3, 3, 4, 8)), "bias": r.normal(size=8)}},
            "head": {"kernel": r.normal(size=(8, 10)), "bias": r.normal(size=10)}}


def _mask(tree, frozen_prefix):
    return {k: jax.tree.map(lambda _: not k.startswith(frozen_prefix), v) if isinstance(v, dict) else True
            for k, v in tree.items()}


def _check_freeze(freeze_updates, updates, mask):
    out = freeze_updates(updates, mask)
    want = expected("13.freeze_updates")(updates, mask)
    try:
        same = jax.tree.structure(out) == jax.tree.structure(want)
    except Exception:  # noqa: BLE001
        same = False
    if not same:
        raise Fail("freeze_updates must return a tree with the same structure (same nested keys) as the updates",
                   "use jax.tree.map(lambda u, m: ..., updates, trainable)")
    paths = jax.tree_util.tree_flatten_with_path(want)[0]
    for (path, w), o in zip(paths, jax.tree.leaves(out)):
        name = jax.tree_util.keystr(path)
        frozen = not np.any(w)
        if frozen and np.any(np.asarray(o)):
            raise Fail(f"frozen leaf {name} received a nonzero update", "frozen leaves get jnp.zeros_like(u)")
        if frozen and np.shape(o) != np.shape(w):
            raise Fail(f"frozen leaf {name}: the zero update has shape {np.shape(o)}, the parameter has shape "
                       f"{np.shape(w)}", "use jnp.zeros_like(u) so the zero update keeps the leaf's shape and dtype")
        expect_close(o, w, f"update for {name}", float_dtype=False,
                     hint=("frozen leaves get zeros of the leaf's shape" if frozen
                           else "trainable leaves keep their update unchanged"))


@public("13.freeze_updates", "freeze_updates", "Zero updates for frozen leaves")
def _freeze_backbone(freeze_updates):
    """backbone frozen, head trainable"""
    u = _tree(0)
    _check_freeze(freeze_updates, u, _mask(u, "backbone"))


@public("13.freeze_updates", "freeze_updates")
def _freeze_head(freeze_updates):
    """head frozen, backbone trainable"""
    u = _tree(1)
    _check_freeze(freeze_updates, u, {"backbone": jax.tree.map(lambda _: True, u["backbone"]),
                                      "head": {"kernel": False, "bias": False}})


@public("13.count_trainable", "count_trainable", "Count trainable parameters")
def _count(count_trainable):
    """the head of a frozen backbone"""
    p = _tree(3)
    got = count_trainable(p, _mask(p, "backbone"))
    if int(np.asarray(got)) == sum(x.size for x in jax.tree.leaves(p)):
        raise Fail("you counted every parameter, frozen ones too", "count only leaves whose mask is True")
    if int(np.asarray(got)) != 90:
        raise Fail(f"count_trainable = {got}, expected 90 (8 * 10 + 10)", "sum leaf.size over trainable leaves")


@public("13.count_trainable", "count_trainable")
def _count_everything(count_trainable):
    """with everything trainable it counts every parameter"""
    p = _tree(6)
    want = expected("13.count_trainable")(p)
    got = int(np.asarray(count_trainable(p, jax.tree.map(lambda _: True, p))))
    if got != want:
        raise Fail(f"count_trainable = {got}, expected {want} (all {len(jax.tree.leaves(p))} leaves)",
                   "sum leaf.size over the leaves whose mask is True")
