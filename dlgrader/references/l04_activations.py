"""Lesson 04: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l04_activations`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_depth_grads(x, ws, activation, h=1e-4):
    """d a_L / d a_i for i = 0..L of the scalar chain a_i = act(w_i a_(i-1)), by float64 centered
    differences of the chain's tail (independent of the student's product of local slopes)."""
    act = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}[activation]
    ws = [float(w) for w in ws]
    inputs = [float(x)]
    for w in ws:
        inputs.append(float(act(w * inputs[-1])))

    def tail(a, i):
        for w in ws[i:]:
            a = act(w * a)
        return a
    return np.array([(tail(a + h, i) - tail(a - h, i)) / (2 * h) for i, a in enumerate(inputs)])
