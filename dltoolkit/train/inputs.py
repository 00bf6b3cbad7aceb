"""From what the user passes to ``fit``/``evaluate``/``predict`` to feeders of equal-shaped chunks.

Arrays ``x``, ``y`` become an ``ArrayFeeder`` (the whole epoch on the device); an iterable of
``(x, y)`` batches an ``IterableFeeder``. ``validation_split`` holds out the *last* fraction of
the arrays (before shuffling), as Keras does. Labels are checked against the loss and the
model's output size on the host, before anything is compiled.
"""
from __future__ import annotations

import numpy as np

from .batching import ArrayFeeder, IterableFeeder
from .parallel import data_mesh


def walk(layer):
    """``layer`` and all its sublayers, depth first."""
    yield layer
    for child in layer.sublayers():
        yield from walk(child)


def auto_steps(model):
    """Default ``steps_per_execution``: a whole epoch per call (``None``) for dense models; one
    step per call for convolutional ones. Measured on XLA:CPU (jax 0.10): convolutions inside a
    ``lax.scan`` body ran 1.5-4x slower than the same step dispatched on its own, which outweighs
    the per-call dispatch cost (~0.1 ms) that the scan saves."""
    return 1 if any(layer.is_convolutional for layer in walk(model)) else None


def fit_feeders(trainer, x, y, *, batch_size, validation_split, validation_data, shuffle,
                sample_weight, seed, steps_per_execution, devices, mesh):
    """``(train feeder, validation feeder or None, mesh)``; builds the model if it has no weights."""
    model = trainer.model
    mesh = mesh if mesh is not None else (data_mesh(devices) if devices is not None else None)
    spe = steps_per_execution or auto_steps(model)
    if not 0.0 <= float(validation_split) < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split}")
    if y is not None or hasattr(x, "shape"):
        x = np.asarray(x)
        if y is None:
            raise ValueError("fit(x, y): y is missing")
        y = np.asarray(y)
        if validation_split and validation_data is None:
            cut = int(len(x) * (1 - validation_split))
            if cut == 0 or cut == len(x):
                raise ValueError(f"validation_split={validation_split} leaves no training or no "
                                 f"validation examples out of {len(x)}")
            x, y, validation_data = x[:cut], y[:cut], (x[cut:], y[cut:])
            if sample_weight is not None:
                sample_weight = np.asarray(sample_weight)[:cut]
        if model.params is None:
            model.build(x.shape[1:], seed=seed)
        check_labels(trainer, y)
        feeder = ArrayFeeder(x, y, batch_size=batch_size, shuffle=shuffle, seed=seed,
                             steps_per_execution=spe, sample_weight=sample_weight, mesh=mesh)
    else:
        if x is None:
            raise ValueError("fit needs data: fit(x, y) with arrays, or fit(dataset)")
        feeder = IterableFeeder(x, mesh=mesh)
        if model.params is None:
            first = next(iter(x))
            model.build(np.asarray(first[0]).shape[1:], seed=seed)
    val_feeder = None
    if validation_data is not None:
        vx, vy = validation_data[0], validation_data[1]
        vy = check_labels(trainer, vy)
        val_feeder = ArrayFeeder(vx, vy, batch_size=batch_size or 32, shuffle=False, mesh=mesh)
    return feeder, val_feeder, mesh


def eval_feeder(x, y, batch_size, mesh) -> ArrayFeeder:
    """One pass over ``x`` (and ``y``) in order, a whole dataset per call."""
    return ArrayFeeder(np.asarray(x), y, batch_size=batch_size or 32, shuffle=False,
                       steps_per_execution=None, mesh=mesh)


def check_labels(trainer, y) -> np.ndarray:
    """``y`` as an array, after catching label mistakes that would turn into silent garbage
    inside jit: integer labels out of range, one-hot labels of the wrong width."""
    y = np.asarray(y)
    loss = trainer.loss_name or ""
    out = trainer.model.output_shape_
    if out is None:
        return y
    classes = out[-1] if out else 1
    if "sparse" in loss:
        labels = y
        if not np.issubdtype(y.dtype, np.integer):
            if np.all(np.mod(y, 1) == 0):
                labels = y.astype(np.int64)
            else:
                raise ValueError(f"{loss} needs integer class labels, got dtype {y.dtype}")
        if labels.size and (labels.min() < 0 or labels.max() >= classes):
            bad = labels[(labels < 0) | (labels >= classes)][0]
            raise ValueError(f"label {int(bad)} is outside [0, {classes}): the model has {classes} "
                             f"outputs, so labels must be 0..{classes - 1}")
    elif loss in ("categorical_crossentropy", "softmax_cross_entropy"):
        if y.ndim == 1 or y.shape[-1] != classes:
            hint = ("integer labels need loss='sparse_categorical_crossentropy', or one-hot "
                    "encode them with dl.data.to_categorical(y, num_classes)") if y.ndim == 1 else ""
            raise ValueError(f"{loss} expects one-hot labels of shape (batch, {classes}), "
                             f"got labels of shape {y.shape}. {hint}".strip())
    return y
