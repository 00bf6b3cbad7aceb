"""Lesson 11: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l11_lenet5`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np

from .l10_convolutions import ref_conv2d, ref_max_pool


LENET5_COUNTS = {"conv1": 156, "conv2": 2416, "fc1": 48120, "fc2": 10164, "fc3": 850}


LENET5_SHAPES = {"conv1": (5, 5, 1, 6), "conv2": (5, 5, 6, 16), "fc1": (400, 120), "fc2": (120, 84), "fc3": (84, 10)}


def ref_lenet5(params, x):
    relu = lambda a: np.maximum(a, 0)  # noqa: E731
    h = ref_max_pool(relu(ref_conv2d(x, params["conv1"]["kernel"], params["conv1"]["bias"])))
    h = ref_max_pool(relu(ref_conv2d(h, params["conv2"]["kernel"], params["conv2"]["bias"])))
    h = h.reshape(h.shape[0], -1)
    for name in ("fc1", "fc2"):
        h = relu(h @ params[name]["kernel"] + params[name]["bias"])
    return h @ params["fc3"]["kernel"] + params["fc3"]["bias"]


def ref_lenet5_counts():
    return dict(LENET5_COUNTS)


def ref_lenet5_shapes():
    return dict(LENET5_SHAPES)


def ref_conv_params(k, c_in, c_out):
    return k * k * c_in * c_out + c_out


def ref_dense_params(n_in, n_out):
    return n_in * n_out + n_out
