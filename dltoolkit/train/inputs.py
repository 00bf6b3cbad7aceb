"""From what the user passes to ``fit``/``evaluate``/``predict`` to feeders of equal-shaped chunks.

Arrays ``x``, ``y`` become an ``ArrayFeeder`` (the whole epoch on the device); an iterable of
``(x, y)`` batches an ``IterableFeeder``. ``validation_split`` holds out the *last* fraction of
the arrays (before shuffling), as Keras does. Labels are checked against the loss and the
model's output size on the host, before anything is compiled.
"""
from __future__ import annotations

import numpy as np

from .batching import ArrayFeeder, IterableFeeder
from .check_inputs import check_x
from .check_labels import check_y
from .exec_mode import platform_of, runs_per_step
from .validation import validate_arrays
from .parallel import data_mesh


def fit_feeders(trainer, x, y, *, batch_size, validation_split, validation_data, shuffle,
                sample_weight, seed, steps_per_execution, devices, mesh):
    """``(train feeder, validation feeder or None, mesh)``; builds the model if it has no weights."""
    model = trainer.model
    mesh = mesh if mesh is not None else (data_mesh(devices) if devices is not None else None)
    if not 0.0 <= float(validation_split) < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split}")
    if y is not None or hasattr(x, "shape"):
        x = np.asarray(x)
        if y is None:
            raise ValueError("fit(x, y): y is missing")
        y = np.asarray(y)
        # checks on the user's own arrays (before the split), and the build (validation.py)
        y = validate_arrays(model, x, y, trainer.engine.loss, sample_weight, "fit", seed)
        if validation_split and validation_data is None:
            cut = int(len(x) * (1 - validation_split))
            if cut == 0 or cut == len(x):
                raise ValueError(f"validation_split={validation_split} leaves no training or no "
                                 f"validation examples out of {len(x)}")
            x, y, validation_data = x[:cut], y[:cut], (x[cut:], y[cut:])
            if sample_weight is not None:
                sample_weight = np.asarray(sample_weight)[:cut]
        per_step = runs_per_step(model, (batch_size or 32,) + x.shape[1:], x.dtype, platform_of(mesh))
        spe = steps_per_execution or (1 if per_step else None)        # default: see exec_mode.py
        feeder = ArrayFeeder(x, y, batch_size=batch_size, shuffle=shuffle, seed=seed,
                             steps_per_execution=spe if (mesh is None or not per_step) else 1,
                             sample_weight=sample_weight, mesh=mesh, per_step=per_step)
    else:
        if x is None:
            raise ValueError("fit needs data: fit(x, y) with arrays, or fit(dataset)")
        feeder = IterableFeeder(x, mesh=mesh)
        if model.params is None:
            first = next(iter(x))
            check_x(model, np.asarray(first[0]), "fit (first batch)")
            model.build(np.asarray(first[0]).shape[1:], seed=seed)
    val_feeder = None
    if validation_data is not None:
        vx, vy = np.asarray(validation_data[0]), np.asarray(validation_data[1])
        vy = validate_arrays(model, vx, vy, trainer.engine.loss, None, "validation_data")
        val_feeder = ArrayFeeder(vx, vy, batch_size=batch_size or 32, shuffle=False, mesh=mesh)
    return feeder, val_feeder, mesh


def eval_feeder(x, y, batch_size, mesh) -> ArrayFeeder:
    """One pass over ``x`` (and ``y``) in order, a whole dataset per call."""
    return ArrayFeeder(np.asarray(x), y, batch_size=batch_size or 32, shuffle=False,
                       steps_per_execution=None, mesh=mesh)


def check_labels(trainer, y, what: str = "evaluate") -> np.ndarray:
    """``y`` as an array, checked against the loss and the model's output shape on the host
    (``check_labels.check_y``): one-hot vs integer labels, binary shapes, text labels, ranges."""
    y = np.asarray(y)
    name = getattr(trainer.engine.loss, "name", None)
    out = trainer.model.output_shape_
    if name is None or out is None:
        return y
    return check_y(y, name, out, what)
