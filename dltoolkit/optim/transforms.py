"""Composing optimizers: chains, gradient clipping, per-layer optimizers, freezing.

These come from optax where optax already does the job; ``per_layer`` and ``freeze``
add the partition by layer name that our params dicts make natural::

    params = {"dense_1": {"kernel": ..., "bias": ...}, "dense_2": {...}}
    opt = dl.optim.chain(dl.optim.clip_by_global_norm(1.0), dl.optim.adam(1e-3))
    opt = dl.optim.per_layer({"dense_1": dl.optim.sgd(1e-4)}, default=dl.optim.adam(1e-3))
    opt = dl.optim.freeze(["dense_1"], dl.optim.adam(1e-3))     # fine-tune dense_2 only
"""
from __future__ import annotations

from typing import Iterable, Mapping, Union

import optax

# u_1 = t_1(g), u_2 = t_2(u_1), ...: the updates of one transform feed the next.
chain = optax.chain
# g <- g * min(1, max_norm / ||g||_2), the norm taken over *all* leaves together.
clip_by_global_norm = optax.clip_by_global_norm
# g <- clip(g, -max_delta, max_delta), elementwise ("clipvalue" in Keras).
clip = optax.clip
# per-leaf norm clipping ("clipnorm" in Keras clips each tensor separately).
clip_by_block_rms = optax.clip_by_block_rms
# different transforms for differently labelled parts of the params tree.
multi_transform = optax.multi_transform
# updates <- 0: parameters stay where they are.
set_to_zero = optax.set_to_zero
apply_updates = optax.apply_updates

_DEFAULT = "__default__"


def per_layer(optimizers: Mapping[str, optax.GradientTransformation],
              default: optax.GradientTransformation) -> optax.GradientTransformation:
    """Use ``optimizers[name]`` for the layer ``params[name]`` and ``default`` for the rest.

    Layer names are the top-level keys of the params dict (``"dense_1"``). A name that
    is not a layer of the model raises an error listing the layers at ``init``.
    """
    names = dict(optimizers)
    if _DEFAULT in names:
        raise ValueError(f"per_layer: {_DEFAULT!r} is reserved")

    def labels(params):
        if not isinstance(params, Mapping):
            raise TypeError("per_layer: params must be a dict of layers, e.g. "
                            "params['dense_1']['kernel'], got " + type(params).__name__)
        unknown = sorted(set(names) - set(params))
        if unknown:
            raise ValueError(f"per_layer: no layer named {unknown} in params; the layers are: "
                             f"{', '.join(sorted(params))}")
        return {k: (k if k in names else _DEFAULT) for k in params}

    return multi_transform({**names, _DEFAULT: default}, labels)


def freeze(layers: Union[str, Iterable[str]],
           optimizer: optax.GradientTransformation) -> optax.GradientTransformation:
    """Keep ``layers`` fixed (zero updates, no optimizer state) and train the rest with
    ``optimizer`` -- the usual fine-tuning setup."""
    layers = [layers] if isinstance(layers, str) else list(layers)
    return per_layer({name: set_to_zero() for name in layers}, default=optimizer)
