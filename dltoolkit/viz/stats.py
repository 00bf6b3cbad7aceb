"""Per-layer statistics: activation mean/std/fraction of zeros and gradient norms.

For each top-level layer l with output a_l and params theta_l:

    activation: mean(a_l), std(a_l), fraction of a_l == 0 (dead ReLUs)
    gradient:   ||dL/d theta_l||_2 and its ratio to ||theta_l||_2 (the update scale a lesson watches)

Vanishing gradients show as norms shrinking towards the input; saturation as std -> 0.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import optax

from .. import losses
from .filters import layer_outputs


def activation_stats(model, params, state, x) -> dict:
    """``{layer: {"mean", "std", "zeros"}}`` for a batch ``x`` (eval mode)."""
    return {name: {"mean": float(jnp.mean(a)), "std": float(jnp.std(a)), "zeros": float(jnp.mean(a == 0))}
            for name, a in layer_outputs(model, params, state, x).items()}


def gradient_stats(model, params, state, x, y, loss="sparse_categorical_crossentropy") -> dict:
    """``{layer: {"grad_norm", "param_norm", "ratio"}}`` of the loss on ``(x, y)`` (train mode,
    no dropout key needed only if the model has no dropout)."""
    loss_fn = losses.get(loss)
    g = jax.grad(lambda p: loss_fn(jnp.asarray(y), model.apply(p, state, jnp.asarray(x), train=False)[0]))(params)
    out = {}
    for name in params:
        gn, pn = float(optax.tree.norm(g[name])), float(optax.tree.norm(params[name]))
        out[name] = {"grad_norm": gn, "param_norm": pn, "ratio": gn / max(pn, 1e-12)}
    return out


def plot_layer_stats(act: dict | None = None, grad: dict | None = None):
    """Bar charts: activation mean +- std per layer and/or gradient norm per layer (log scale)."""
    import matplotlib.pyplot as plt

    panels = [p for p in (act, grad) if p]
    if not panels:
        raise ValueError("plot_layer_stats needs activation_stats(...) and/or gradient_stats(...)")
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.5), squeeze=False)
    axes = axes.ravel()
    i = 0
    if act:
        names = list(act)
        axes[i].bar(range(len(names)), [act[n]["mean"] for n in names], yerr=[act[n]["std"] for n in names])
        axes[i].set_xticks(range(len(names)), names, rotation=60, fontsize=7)
        axes[i].set_title("activation mean ± std")
        i += 1
    if grad:
        names = list(grad)
        axes[i].bar(range(len(names)), [grad[n]["grad_norm"] for n in names])
        axes[i].set_yscale("log")
        axes[i].set_xticks(range(len(names)), names, rotation=60, fontsize=7)
        axes[i].set_title("gradient norm per layer")
    fig.tight_layout()
    return fig
