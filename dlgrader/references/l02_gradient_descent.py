"""Lesson 02: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l02_gradient_descent`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np


def ref_sigmoid(x):
    x = np.asarray(x, np.float64)
    return np.exp(-np.logaddexp(0.0, -x))


def ref_mse_grad(w, X, y):
    return 2.0 / len(y) * X.T @ (X @ w - y)


def ref_divergence_threshold(H, variant=None):
    lam = np.linalg.eigvalsh(np.asarray(H, np.float64))
    return {"one_step": 1.0 / lam.max(), "smallest": 2.0 / lam.min(), "trace": 2.0 / lam.sum()}.get(variant, 2.0 / lam.max())
