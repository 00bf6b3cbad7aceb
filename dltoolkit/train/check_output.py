"""Warn at ``compile`` when the loss and the model's last activation do not belong together.

The cross-entropies read the model's output in one of two ways:

    from_logits=False (default)   y_pred are probabilities: softmax (categorical, sparse) or
                                  sigmoid (binary) as the last activation
    from_logits=True              y_pred are raw scores z; the loss applies softmax/sigmoid itself

A last layer with no softmax under a probability loss trains on numbers that are not
probabilities (on the digits: stuck near 10% accuracy, with no error); a softmax output with
``from_logits=True`` applies softmax twice. Both warn once, with the fix. So does a one-unit
softmax (always 1.0). Models whose last activation cannot be read are not judged.
"""
from __future__ import annotations

import warnings
from typing import Optional

from ..layers import Dropout, Flatten, Reshape, Softmax

_PROBABILITY = {"categorical_crossentropy": "softmax", "sparse_categorical_crossentropy": "softmax",
                "binary_crossentropy": "sigmoid"}
_TRANSPARENT = (Dropout, Flatten, Reshape)


def last_activation(model) -> tuple[Optional[str], object]:
    """``(name, layer)`` of the model's final activation: "softmax", "sigmoid", "linear", "relu",
    ...; ``(None, None)`` when it cannot be told (custom layers, non-Sequential models)."""
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list):
        return None, None
    for layer in reversed(layers):
        if isinstance(layer, _TRANSPARENT):
            continue
        if isinstance(getattr(layer, "layers", None), list):
            return last_activation(layer)
        if isinstance(layer, Softmax):
            return "softmax", layer
        if not hasattr(layer, "activation"):
            return None, None
        act = layer.activation
        if act is None:
            return "linear", layer
        name = act if isinstance(act, str) else getattr(act, "__name__", None)
        return (name.lower() if name else None), layer
    return None, None


def _describe(layer) -> str:
    units = getattr(layer, "units", None)
    return f"'{layer.name}' ({type(layer).__name__}{f'({units})' if units else ''})"


def output_warning(model, loss) -> Optional[str]:
    """The warning text for this (model, loss) pair, or None when they fit together."""
    name = getattr(loss, "name", None)
    if name not in _PROBABILITY:
        return None
    act, layer = last_activation(model)
    if act is None:
        return None
    want = _PROBABILITY[name]
    from_logits = bool(getattr(loss, "options", {}).get("from_logits"))
    if from_logits and act in ("softmax", "sigmoid"):
        return (f"loss {name} with from_logits=True applies {want} itself, but the last layer "
                f"{_describe(layer)} already ends in {act}: {act} is applied twice and training "
                f"slows down or stalls. Remove activation='{act}' from the last layer, or drop "
                f"from_logits=True.")
    if from_logits:
        return None
    if act == "softmax" and getattr(layer, "units", None) == 1:
        return (f"the last layer {_describe(layer)} is a softmax over ONE unit, which always outputs "
                f"1.0, so {name} cannot learn anything. For a yes/no problem use Dense(1, "
                f"activation='sigmoid') with binary_crossentropy.")
    if act in ("softmax", "sigmoid"):
        return None
    return (f"loss {name} expects probabilities, but the last layer {_describe(layer)} ends in "
            f"activation={act!r}, not {want}: its outputs are raw scores and training will stall "
            f"or go wrong. Add activation='{want}' to the last layer, or tell the loss that it gets "
            f"logits: loss=dl.losses.get('{name}', from_logits=True).")


def warn_if_mismatched(model, loss, stacklevel: int = 3) -> Optional[str]:
    """Issue the warning (a UserWarning) once, at compile; return its text (or None)."""
    text = output_warning(model, loss)
    if text is not None:
        warnings.warn(text, UserWarning, stacklevel=stacklevel)
    return text
