"""dltoolkit: a Jupyter-native deep-learning teaching toolkit on JAX.

    import dltoolkit as dl
    model = dl.models.Sequential([dl.layers.Dense(64, activation="relu", input_dim=100),
                                  dl.layers.Dense(5, activation="softmax")])

Submodules are imported on first use, so ``import dltoolkit`` stays fast and a
plain script never pays for matplotlib or ipywidgets it does not touch.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.2.0"

_SUBMODULES = {
    "activations", "initializers", "layers", "losses", "metrics", "models", "optim",
    "regularizers", "data", "train", "widgets", "viz", "grading", "callbacks",
}
_FUNCTIONS = {"gradcheck": ("dltoolkit.gradients", "gradcheck")}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        mod = importlib.import_module(f"dltoolkit.{name}")
        globals()[name] = mod
        return mod
    if name in _FUNCTIONS:
        mod_name, attr = _FUNCTIONS[name]
        obj = getattr(importlib.import_module(mod_name), attr)
        globals()[name] = obj
        return obj
    raise AttributeError(f"module 'dltoolkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES | set(_FUNCTIONS))
