"""One host-side check of the user's arrays before ``fit``/``evaluate`` compile anything.

:func:`validate_arrays` runs, in order, on the arrays exactly as the user passed them (before a
validation split, before padding to whole batches), so messages show the user's own shapes:

1. lengths: ``x``, ``y`` and ``sample_weight`` hold the same number of examples;
2. ``x`` against the model's built or declared input shape (``check_inputs.check_x``);
3. building the model if needed (for the declared shape when there is one, else for ``x``);
4. ``y`` against the loss and the model's output shape (``check_labels.check_y``).

It returns ``y``, reshaped where Keras would reshape it ((N,) labels for a one-unit output).
"""
from __future__ import annotations

import numpy as np

from .check_inputs import check_lengths, check_x, expected_shape
from .check_labels import check_y


def validate_arrays(model, x, y, loss=None, sample_weight=None, what: str = "fit", seed: int = 0):
    """Check ``x``/``y`` (numpy arrays) for ``model`` compiled with ``loss`` (a dl Loss or None);
    build the model if it has no weights yet."""
    check_lengths(what, x=x, y=y, sample_weight=sample_weight)
    check_x(model, x, what)
    if model.params is None:
        declared, _ = expected_shape(model)
        model.build(declared if declared is not None else np.shape(x)[1:], seed=seed)
    name = getattr(loss, "name", None)
    if name is None or model.output_shape_ is None:
        return np.asarray(y)
    return check_y(y, name, model.output_shape_, what)
