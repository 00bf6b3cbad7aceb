"""Hidden cases for l07_optimizers: lesson 07, optimizers: momentum and Adam with bias correction (optax conventions)."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden


@hidden("07.momentum")
def _mom3(momentum):
    """matches optax.sgd(momentum) over 5 steps"""
    import optax
    r = rng(2)
    w0, grads = r.normal(size=3), r.normal(size=(5, 3))
    opt = optax.sgd(0.1, momentum=0.9)
    state, w_ref = opt.init(w0), w0.copy()
    w, v = w0.copy(), np.zeros(3)
    for g in grads:
        upd, state = opt.update(g, state)
        w_ref = w_ref + np.asarray(upd)
        w, v = (np.asarray(a, np.float64) for a in momentum(w, v, g, 0.1, 0.9))
    expect_close(w, w_ref, "w after 5 momentum steps", rtol=1e-4)


@hidden("07.adam")
def _adam_optax(adam):
    """matches optax.adam over 10 steps"""
    import optax
    r = rng(4)
    w0, grads = r.normal(size=5), r.normal(size=(10, 5))
    opt = optax.adam(0.05)
    state, w_ref = opt.init(w0), w0.copy()
    w, m, v = w0.copy(), np.zeros(5), np.zeros(5)
    for t, g in enumerate(grads, start=1):
        upd, state = opt.update(g, state)
        w_ref = w_ref + np.asarray(upd)
        w, m, v = (np.asarray(a, np.float64) for a in adam(w, m, v, g, t, 0.05))
    expect_close(w, w_ref, "w after 10 Adam steps", rtol=1e-4, atol=1e-5)
