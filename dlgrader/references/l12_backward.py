"""Lesson 12: the grader-only references behind the expected answers of the checks in
``dltoolkit.grading.checks.l12_backward`` (kept out of the student's wheel)."""
from __future__ import annotations

import numpy as np



def ref_bn_backward(dy, x, gamma, eps=1e-5):
    """(dx, dgamma, dbeta) in float64 from the closed form (tests compare it with jax.vjp)."""
    dy, x, gamma = (np.asarray(a, np.float64) for a in (dy, x, gamma))
    n, sigma = x.shape[0], np.sqrt(x.var(0) + eps)
    xhat = (x - x.mean(0)) / sigma
    dx = gamma / (n * sigma) * (n * dy - dy.sum(0) - xhat * (dy * xhat).sum(0))
    return dx, (dy * xhat).sum(0), dy.sum(0)


def ref_receptive_field(layers):
    r, jump = 1, 1
    for k, s in layers:
        r, jump = r + (k - 1) * jump, jump * s
    return r
