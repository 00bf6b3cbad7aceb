"""What to blame when training diverges at the very start: the learning rate or the weights?

A loss that turns NaN in the first epoch, from freshly initialized weights, is often not the
learning rate's fault. Lesson 8: each layer multiplies the activations' scale by about
``sqrt(n_in Var(w) / 2)`` (ReLU), so weights well above He's ``std = sqrt(2 / n_in)`` make the
logits, the loss and the first gradient huge, whatever the learning rate. We measure it:

    ratio(layer) = std(kernel) / sqrt(2 / n_in),        n_in = prod(kernel.shape[:-1])

and blame the initialization when some kernel's ratio is above ``TOO_BIG`` (3: the scale then
grows about 3x per ReLU layer before any step).
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

TOO_BIG = 3.0


def kernel_scales(params) -> list[tuple[str, float, int]]:
    """``(layer name, std of its kernel, n_in)`` for every layer with a kernel."""
    out = []
    for name, p in (params or {}).items():
        k = p.get("kernel") if isinstance(p, dict) else None
        if k is None or np.ndim(k) < 2:
            continue
        k = np.asarray(k, np.float64)
        out.append((name, float(k.std()), int(np.prod(k.shape[:-1]))))
    return out


def blame_initialization(params) -> Optional[str]:
    """A sentence naming the largest kernel relative to He's scale, or None if every kernel is
    within ``TOO_BIG`` times it."""
    worst = None
    for name, std, n_in in kernel_scales(params):
        ratio = std / math.sqrt(2.0 / n_in)
        if worst is None or ratio > worst[0]:
            worst = (ratio, name, std, n_in)
    if worst is None or not worst[0] > TOO_BIG:
        return None
    ratio, name, std, n_in = worst
    return (f"The cause is more likely the initialization than the learning rate: it diverged from "
            f"the initial weights, and layer {name!r} starts with std {std:.3g}, {ratio:.1f}x He's "
            f"sqrt(2/{n_in}) = {math.sqrt(2.0 / n_in):.3g}; each such layer multiplies the "
            f"activations' scale, so the first loss and gradient are already huge (lesson 8). Use "
            f"kernel_initializer='he_normal' (ReLU) or 'glorot_uniform' (tanh).")
