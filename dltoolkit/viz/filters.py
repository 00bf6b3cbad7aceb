"""What the network sees: first-layer filters and the feature maps of a layer for one input.

First-layer filters (HWIO kernel ``(F_h, F_w, C_in, K)``) are shown as K small images, each
rescaled to [0, 1] on its own: RGB when C_in = 3, grey otherwise (channel mean).
Feature maps: the output ``(H, W, K)`` of a chosen layer for one image, one panel per channel.
"""
from __future__ import annotations

import math
from typing import Optional

import jax.numpy as jnp
import numpy as np


def _grid(n: int, cols: Optional[int] = None):
    cols = cols or min(n, 8)
    return math.ceil(n / cols), cols


def _figure(n: int, cols: Optional[int], size: float = 1.2):
    import matplotlib.pyplot as plt

    rows, cols = _grid(n, cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * size, rows * size), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.remove()
    for ax in axes.ravel()[:n]:
        ax.set_xticks([]), ax.set_yticks([])
    return fig, axes.ravel()[:n]


def first_kernel(params: dict) -> np.ndarray:
    """The first conv kernel (4-D leaf) found in ``params``' insertion order."""
    if isinstance(params, dict):
        if "kernel" in params and np.ndim(params["kernel"]) == 4:
            return np.asarray(params["kernel"])
        for v in params.values():
            k = first_kernel(v) if isinstance(v, dict) else None
            if k is not None:
                return k
    return None


def plot_filters(params_or_kernel, cols: Optional[int] = None, max_filters: int = 64):
    """One panel per filter of the first conv layer (or of the given HWIO kernel). Returns the figure."""
    k = first_kernel(params_or_kernel) if isinstance(params_or_kernel, dict) else np.asarray(params_or_kernel)
    if k is None or k.ndim != 4:
        raise ValueError("plot_filters needs a params dict with a conv layer or an HWIO kernel "
                         "(F_h, F_w, C_in, filters)")
    n = min(k.shape[3], max_filters)
    fig, axes = _figure(n, cols)
    for i, ax in enumerate(axes):
        w = k[..., i]
        w = (w - w.min()) / max(w.max() - w.min(), 1e-12)
        ax.imshow(w if w.shape[-1] == 3 else w.mean(-1), cmap=None if w.shape[-1] == 3 else "gray")
    fig.suptitle(f"first-layer filters ({k.shape[0]}x{k.shape[1]}x{k.shape[2]}, {k.shape[3]} filters)")
    return fig


def layer_outputs(model, params, state, x) -> dict:
    """``{layer name: output}`` of every top-level layer of a Sequential for input batch ``x``."""
    out, h = {}, jnp.asarray(x)
    for layer in model.layers:
        h, _ = layer.apply(params.get(layer.name, {}), state.get(layer.name, {}), h, train=False)
        out[layer.name] = h
    return out


def plot_feature_maps(model, params, state, image, layer: str, cols: Optional[int] = None,
                      max_maps: int = 32):
    """The channels of ``layer``'s output for one ``image`` (H, W, C), one panel each."""
    outs = layer_outputs(model, params, state, np.asarray(image)[None])
    if layer not in outs:
        raise ValueError(f"plot_feature_maps: no layer {layer!r}; layers are {list(outs)}")
    fmap = np.asarray(outs[layer][0])
    if fmap.ndim != 3:
        raise ValueError(f"layer {layer!r} outputs shape {fmap.shape}, not feature maps (H, W, C)")
    n = min(fmap.shape[-1], max_maps)
    fig, axes = _figure(n, cols)
    for i, ax in enumerate(axes):
        ax.imshow(fmap[..., i], cmap="viridis")
    fig.suptitle(f"feature maps of {layer} {fmap.shape}")
    return fig
