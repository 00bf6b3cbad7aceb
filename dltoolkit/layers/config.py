"""Architecture configs: layers to JSON-able dicts and back (checkpoints never pickle code).

A config is ``{"class": "Dense", "config": {...constructor arguments...}}``. Classes are
found by name among the layer classes dltoolkit defines (``base.LAYER_CLASSES``: every Layer
subclass in the package registers itself; ``dl.models.Sequential``, defined last, is the
``"Sequential"`` a checkpoint rebuilds) and anything registered with :func:`register_layer`
(for students' own layers).
"""
from __future__ import annotations

import json
from typing import Any

from .. import regularizers
from .base import LAYER_CLASSES, Layer

_CUSTOM: dict[str, type] = {}


def register_layer(cls: type) -> type:
    """Make a custom Layer subclass loadable from checkpoints (usable as a decorator)."""
    _CUSTOM[cls.__name__] = cls
    return cls


def _jsonable(value: Any, where: str) -> Any:
    if isinstance(value, Layer):
        return layer_to_config(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, where) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v, where) for k, v in value.items()}
    if hasattr(value, "get_config") and not isinstance(value, type):
        return {"__object__": type(value).__name__, "config": value.get_config()}
    try:
        json.dumps(value)
    except TypeError:
        raise TypeError(f"cannot save {where}: its setting {value!r} is a Python object, not a "
                        f"name or number. Use string names (activation='relu', "
                        f"kernel_initializer='he_normal') in models you want to save.") from None
    return value


def layer_to_config(layer: Layer) -> dict:
    """``{"class": name, "config": {...}}`` for any layer, nested models included."""
    cfg = layer.get_config()
    return {"class": type(layer).__name__,
            "config": _jsonable(cfg, f"layer '{layer.name}' ({type(layer).__name__})")}


def _revive(value: Any) -> Any:
    if isinstance(value, dict) and "class" in value and "config" in value and len(value) == 2:
        return layer_from_config(value)
    if isinstance(value, dict) and "__object__" in value:
        if value["__object__"] == "L1L2":
            return regularizers.get(value["config"])
        raise ValueError(f"cannot rebuild object of type {value['__object__']!r} from a checkpoint")
    if isinstance(value, list):
        return [_revive(v) for v in value]
    return value


def _find_class(name: str) -> type:
    cls = _CUSTOM.get(name) or LAYER_CLASSES.get(name)
    if cls is not None:
        return cls
    raise ValueError(f"unknown layer class {name!r} in the saved config; if it is your own layer, "
                     f"decorate it with @dl.models.register_layer before loading")


def layer_from_config(config: dict) -> Layer:
    cls = _find_class(config["class"])
    if cls.from_config.__func__ is not Layer.from_config.__func__:
        return cls.from_config(config["config"])      # containers rebuild their own children
    return cls(**{k: _revive(v) for k, v in config["config"].items()})
