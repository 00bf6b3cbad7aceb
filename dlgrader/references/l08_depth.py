"""Lesson 08: the grader-only reference behind ``dltoolkit.grading.checks.l08_depth`` (kept
out of the student's wheel). ``variant`` gives the typical wrong answers the check recognises."""
from __future__ import annotations

import numpy as np


def ref_activation_stds(x, weights, activation="relu", variant=None):
    act = (lambda z: np.maximum(z, 0.0)) if activation == "relu" else np.tanh
    x = np.asarray(x, np.float64)
    h, out = x, []
    for w in weights:
        z = (x if variant == "same_input" else h) @ np.asarray(w, np.float64)
        h = act(z)
        out.append((z if variant == "pre" else h).std())
    return np.array(out)
