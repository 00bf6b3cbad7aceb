"""Host-side checks of the labels ``y`` against the loss and the model's output, before compiling.

``out`` is the model's output shape per example (batch excluded), ``N`` the number of examples:

    sparse_categorical_crossentropy   y: (N,) integer class ids in [0, out[-1])   (or (N, 1))
    categorical_crossentropy          y: (N, out[-1]) one-hot / probability rows
    binary_crossentropy               y: (N, out[-1]) of 0/1 targets; (N,) when out == (1,)
    mse, mae, huber, kl_divergence    y: (N, *out); (N,) when out == (1,)

Each mistake gets a message that names the user's shape and the right loss or conversion:
one-hot rows with the sparse loss, class ids with the categorical loss or with a binary loss,
text labels (encode them with ``np.unique(y, return_inverse=True)``). Labels of shape (N,) for a
one-unit output are reshaped to (N, 1), as Keras does. Unknown (custom) losses are not checked.
"""
from __future__ import annotations

import numpy as np

_FMT = lambda shape: "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
_ELEMENTWISE = ("mean_squared_error", "mean_absolute_error", "huber", "kl_divergence")


def as_numbers(y: np.ndarray, what: str, classes: int) -> np.ndarray:
    """``y`` as a numeric array; text or mixed labels raise with the label-encoder recipe."""
    if y.dtype.kind == "O":
        try:
            return y.astype(np.float64)
        except (TypeError, ValueError):
            pass
    if y.dtype.kind in "OUS":
        seen = list(dict.fromkeys(y.ravel().tolist()))
        sample = ", ".join(repr(v) for v in seen[:3]) + (", ..." if len(seen) > 3 else "")
        raise TypeError(
            f"{what}: the labels are text ({sample}), but a loss needs numbers. Encode them as class "
            f"ids first: class_names, y = np.unique(y, return_inverse=True); y then holds "
            f"0..{len(seen) - 1} and class_names[i] names class i. Train with "
            f"loss='sparse_categorical_crossentropy' and a last layer Dense({len(seen)}, "
            f"activation='softmax') (the model has {classes} outputs now).")
    if y.dtype == bool:
        return y.astype(np.float32)
    return y


def check_y(y, loss_name: str, out: tuple, what: str = "fit") -> np.ndarray:
    """Raise a ValueError/TypeError for labels that do not fit ``loss_name`` and output ``out``;
    return ``y`` (reshaped to (N, 1) where Keras would)."""
    y = np.asarray(y)
    out = tuple(out or ())
    classes = out[-1] if out else 1
    y = as_numbers(y, what, classes)
    if y.ndim == 0:
        raise ValueError(f"{what}: y is a single number; pass one label per example, shape (N,)")
    per, n = y.shape[1:], len(y)
    if loss_name == "sparse_categorical_crossentropy":
        return _sparse(y, per, n, out, classes, what)
    if loss_name in ("categorical_crossentropy", "softmax_cross_entropy"):
        if per == out[:-1] and _whole(y):
            need = f"one-hot rows of shape {_FMT((n,) + out)}"
            fix = f"y = dl.data.to_categorical(y, {classes})"
            raise _ids_error(what, y, f"integer class ids, but {loss_name} expects {need}. Either compile "
                             f"with loss='sparse_categorical_crossentropy', or one-hot encode the labels: {fix}")
        if per != out:
            raise ValueError(_shape_msg(what, y, loss_name, (n,) + out))
        return y
    if loss_name == "binary_crossentropy":
        return _binary(y, per, n, out, classes, what)
    if loss_name in _ELEMENTWISE:
        if per == () and out == (1,):
            return y.reshape(n, 1)
        if per == out[:-1] and classes > 1 and _whole(y):
            why = f"{loss_name} compares each of the model's {classes} outputs with a target"
            raise _ids_error(what, y, f"one class id per example, but {why}, so it needs shape "
                             f"{_FMT((n,) + out)}. One-hot encode them (y = dl.data.to_categorical(y, {classes})), "
                             f"or use loss='sparse_categorical_crossentropy' for classification.")
        if per != out:
            raise ValueError(_shape_msg(what, y, loss_name, (n,) + out))
    return y


def _ids_error(what: str, y, why: str) -> ValueError:
    """Class ids where the loss wants one target per output: the message starts with the user's
    own label shape."""
    return ValueError(f"{what}: the labels have shape {_FMT(y.shape)}: {why}")


def _whole(y) -> bool:
    return y.size > 0 and bool(np.all(np.isfinite(y)) and np.all(y == np.round(y)))


def _shape_msg(what, y, loss_name, want) -> str:
    return (f"{what}: the labels have shape {_FMT(y.shape)}, but with loss='{loss_name}' and this "
            f"model (output {_FMT(want[1:])} per example) they must have shape {_FMT(want)}.")


def _sparse(y, per, n, out, classes, what):
    if per == out and classes > 1 and y.size and np.all((y == 0) | (y == 1)) \
            and np.all(y.reshape(-1, classes).sum(axis=1) == 1):
        raise ValueError(
            f"{what}: the labels have shape {_FMT(y.shape)} and look one-hot (one column per class), "
            f"but sparse_categorical_crossentropy expects one integer class id per example, shape "
            f"{_FMT((n,) + out[:-1])}. Either compile with loss='categorical_crossentropy', or pass "
            f"the class ids: y.argmax(axis=-1)")
    if per not in (out[:-1], out[:-1] + (1,)):
        if len(out) > 1 and per == ():
            raise ValueError(
                f"{what}: the model's output has shape {_FMT(out)} per example (it keeps "
                f"{len(out) - 1} axes besides the classes), but there is one label per example. "
                f"If x holds images, add Flatten() (or GlobalAvgPool2D()) before the Dense layers.")
        raise ValueError(_shape_msg(what, y, "sparse_categorical_crossentropy", (n,) + out[:-1]))
    if not _whole(y):
        bad = y[~np.isfinite(y) | (y != np.round(y))].flat[0]
        raise ValueError(f"{what}: sparse_categorical_crossentropy needs integer class ids, got "
                         f"{bad!r}; for one-hot or probability targets use "
                         f"loss='categorical_crossentropy'")
    if y.size and (y.min() < 0 or y.max() >= classes):
        bad = y[(y < 0) | (y >= classes)].flat[0]
        hint = (" A one-unit output suits a yes/no problem: Dense(1, activation='sigmoid') with "
                "loss='binary_crossentropy'." if classes == 1 else "")
        raise ValueError(f"{what}: label {int(bad)} is outside [0, {classes}): the model has {classes} "
                         f"outputs, so labels must be 0..{classes - 1}. Give the last layer as many "
                         f"units as there are classes ({int(y.max()) + 1} here?).{hint}")
    return y


def _binary(y, per, n, out, classes, what):
    if y.size and (y.min() < 0 or y.max() > 1):
        k = int(y.max()) + 1
        raise ValueError(
            f"{what}: binary_crossentropy needs targets in [0, 1] (1 = yes, 0 = no), but the labels "
            f"run from {y.min():g} to {y.max():g}. For {k} classes use "
            f"loss='sparse_categorical_crossentropy' with a last layer Dense({k}, activation='softmax').")
    if per == () and out == (1,):
        return y.reshape(n, 1)
    if per == out[:-1] and classes > 1:
        raise ValueError(
            f"{what}: the labels have shape {_FMT(y.shape)} (one target per example), but the model "
            f"has {classes} outputs, so binary_crossentropy would need {classes} yes/no targets per "
            f"example, shape {_FMT((n,) + out)}. For one yes/no target make the last layer "
            f"Dense(1, activation='sigmoid'); for {classes} exclusive classes use "
            f"loss='sparse_categorical_crossentropy' with softmax.")
    if per != out:
        raise ValueError(_shape_msg(what, y, "binary_crossentropy", (n,) + out))
    return y
