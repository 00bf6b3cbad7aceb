"""Keras-style ``model.summary()``: layer (type), output shape, parameter count.

Trainable parameters are the leaves of ``params``; non-trainable ones are the leaves of
``state`` (BatchNorm's running mean and variance), exactly Keras' bookkeeping. Shapes are
computed abstractly (``jax.eval_shape``), so a summary of VGG-16 at 224x224 costs no FLOPs.
"""
from __future__ import annotations

import math

import jax

from ..layers.base import init_layer
from ..layers.sequential import Sequential


def count(tree) -> int:
    """Number of scalars in a pytree of arrays or ShapeDtypeStructs."""
    return int(sum(math.prod(leaf.shape) for leaf in jax.tree_util.tree_leaves(tree)))


def _shape_str(shape) -> str:
    return "(None, " + ", ".join(str(d) for d in shape) + ")" if len(shape) else "(None,)"


def _rows(layers, shape, params, state, depth, rows):
    """Append one row per layer (and per nested sublayer, indented); return the output shape."""
    for layer in layers:
        p = params.get(layer.name, {})
        s = state.get(layer.name, {})
        box = {}

        def f(k, layer=layer, shape=shape):
            p_, s_, out = init_layer(layer, k, shape)
            box["out"] = tuple(int(d) for d in out)
            return p_, s_

        jax.eval_shape(f, jax.random.key(0))
        out = box["out"]
        label = "  " * depth + f"{layer.name} ({type(layer).__name__})"
        rows.append((label, _shape_str(out), count(p), count(s)))
        children = layer.sublayers()
        if children:
            if isinstance(layer, Sequential):        # a nested stack: its layers, chained
                _rows(children, shape, p, s, depth + 1, rows)
            else:
                for child in children:
                    rows.append(("  " * (depth + 1) + f"{child.name} ({type(child).__name__})", "",
                                 count(p.get(child.name, {})), count(s.get(child.name, {}))))
        shape = out
    return shape


def summary_text(model, input_shape) -> str:
    """The summary table of a Sequential-like model (``layers``, ``init``) as a string."""
    params, state = jax.eval_shape(lambda k: model.init(k, input_shape)[:2], jax.random.key(0))
    rows: list = []
    _rows(model.layers, tuple(input_shape), params, state, 0, rows)
    w1 = max([len("Layer (type)")] + [len(r[0]) for r in rows]) + 2
    w2 = max([len("Output Shape")] + [len(r[1]) for r in rows]) + 2
    w3 = max(len("Param #"), *(len(f"{r[2] + r[3]:,}") for r in rows)) + 2
    width = w1 + w2 + w3
    lines = [f'Model: "{model.name or "sequential"}"', "_" * width,
             f"{'Layer (type)':<{w1}}{'Output Shape':<{w2}}{'Param #':>{w3}}", "=" * width]
    for i, (label, shape, n_p, n_s) in enumerate(rows):
        lines.append(f"{label:<{w1}}{shape:<{w2}}{n_p + n_s:>{w3},}")
    trainable, frozen = count(params), count(state)
    lines += ["=" * width, f"Total params: {trainable + frozen:,}",
              f"Trainable params: {trainable:,}", f"Non-trainable params: {frozen:,}", "_" * width]
    return "\n".join(lines)
