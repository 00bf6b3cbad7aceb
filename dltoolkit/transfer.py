"""Transfer learning on plain params dicts: freeze by layer name, new heads, feature extractors,
fine-tuning with a smaller learning rate for the pretrained part.

    base = dl.models.load("pretrained.npz")                   # or model.load_weights(path)
    model = replace_head(base, num_classes=5)                  # new Dense "head", body weights kept
    model.compile(optimizer=freeze_optimizer(dl.optim.adam(1e-3), frozen=body_names(model)), ...)
    ...                                                        # then unfreeze and fine-tune:
    model.compile(optimizer=fine_tune_optimizer(1e-4, 1e-3, pretrained=body_names(model)), ...)

Freezing is ``optax.multi_transform`` with ``set_to_zero`` for the frozen subtrees: their update
is exactly 0, so the weights stay bit-identical. A name matches a layer anywhere in the tree
(``"layer1_0"`` or a nested ``"layer1_0/main/conv1"``). New models have the class of the model
given (``dl.models.Sequential``).
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence, Union

import jax
import optax

from .layers import Dense
from .optim import sgd

Names = Union[str, Iterable[str]]


def _names(names: Names) -> list:
    return [names] if isinstance(names, str) else list(names)


def label_params(params: dict, groups: dict, default: str = "default") -> dict:
    """A tree like ``params`` whose leaves are group labels: a leaf belongs to ``groups[name]`` when
    ``name`` ("a" or "a/b/c") is a prefix of its path of dict keys; otherwise to ``default``."""
    prefixes = {tuple(n.split("/")): g for n, g in groups.items()}
    found = set()

    def label(path, _):
        keys = tuple(p.key for p in path)
        for pre, g in prefixes.items():
            if keys[:len(pre)] == pre:
                found.add(pre)
                return g
        return default

    labels = jax.tree_util.tree_map_with_path(label, params)
    missing = sorted("/".join(p) for p in set(prefixes) - found)
    if missing:
        raise ValueError(f"no layer named {missing} in params; top-level layers are: "
                         f"{', '.join(params)}")
    return labels


def freeze_optimizer(optimizer: optax.GradientTransformation, frozen: Names) -> optax.GradientTransformation:
    """Train with ``optimizer`` but keep the ``frozen`` layers fixed (zero updates, no state)."""
    frozen = _names(frozen)
    return optax.multi_transform({"train": optimizer, "frozen": optax.set_to_zero()},
                                 lambda p: label_params(p, {n: "frozen" for n in frozen}, "train"))


def fine_tune_optimizer(pretrained_lr: float, head_lr: float, pretrained: Names,
                        optimizer=None) -> optax.GradientTransformation:
    """``optimizer(pretrained_lr)`` for the ``pretrained`` layers, ``optimizer(head_lr)`` for the
    rest (default ``dl.optim.sgd``): the usual "small steps for the body, bigger for the head"."""
    make = optimizer or sgd
    pre = _names(pretrained)
    return optax.multi_transform({"pretrained": make(pretrained_lr), "head": make(head_lr)},
                                 lambda p: label_params(p, {n: "pretrained" for n in pre}, "head"))


def body_names(model, head: int = 1) -> list:
    """Names of the top-level layers with weights, except the last ``head`` layers (the pretrained
    "body"); parameter-free layers (pooling, Flatten) are left out once the model is built."""
    names = [l.name for l in model.layers[:len(model.layers) - head]]
    return [n for n in names if n in model.params] if model.params is not None else names


def _with_params(new, old, input_shape):
    """Build ``new`` and copy every layer whose name and param shapes match from ``old``."""
    new.build(input_shape)
    for name in list(new.params):
        if old.params is not None and name in old.params and \
                jax.tree.map(lambda a: a.shape, old.params[name]) == \
                jax.tree.map(lambda a: a.shape, new.params[name]):
            new.params[name] = old.params[name]
            if old.state and name in old.state:
                new.state[name] = old.state[name]
    return new


def _shape(model, input_shape):
    shape = input_shape or getattr(model, "built_input_shape", None) or model.input_shape
    if shape is None:
        raise ValueError("pass input_shape=...: the model does not know its input shape")
    return tuple(shape)


def replace_head(model, num_classes: int, activation: Optional[str] = "softmax", remove: int = 1,
                 input_shape: Optional[Sequence[int]] = None, name: str = "head"):
    """A new model: ``model``'s layers without the last ``remove`` ones, plus ``Dense(num_classes)``
    named ``name``. The kept layers carry ``model``'s current weights (build it first)."""
    shape = _shape(model, input_shape)
    layers = list(model.layers[:-remove])
    new = type(model)(layers + [Dense(num_classes, activation=activation, name=name)],
                      name=f"{model.name}_transfer")
    return _with_params(new, model, shape)


def feature_extractor(model, upto: Union[str, int], input_shape: Optional[Sequence[int]] = None):
    """A model of ``model``'s layers up to and including ``upto`` (a layer name or index), with
    its weights: ``extractor.predict(x)`` gives the features a new head (or an SVM) can learn from."""
    names = [l.name for l in model.layers]
    if isinstance(upto, str):
        if upto not in names:
            raise ValueError(f"feature_extractor: no layer {upto!r}; layers are {names}")
        upto = names.index(upto)
    new = type(model)(model.layers[:upto + 1], name=f"{model.name}_features")
    return _with_params(new, model, _shape(model, input_shape))


def transfer_weights(src, dst) -> list:
    """Copy params/state of same-named, same-shaped layers from ``src`` into ``dst`` (both built);
    returns the names copied."""
    copied = []
    for name, p in (src.params or {}).items():
        if name in dst.params and jax.tree.map(lambda a: a.shape, p) == \
                jax.tree.map(lambda a: a.shape, dst.params[name]):
            dst.params[name] = p
            if src.state and name in src.state:
                dst.state[name] = src.state[name]
            copied.append(name)
    dst.opt_state = None
    return copied
