"""Lesson 07, optimizers: momentum and Adam with bias correction (optax conventions).

    momentum:  v <- beta v + g,            w <- w - lr v
    Adam:      m <- b1 m + (1 - b1) g,     v <- b2 v + (1 - b2) g^2
               m_hat = m / (1 - b1^t),     v_hat = v / (1 - b2^t),   w <- w - lr m_hat / (sqrt(v_hat) + eps)
"""
from __future__ import annotations

import numpy as np
import optax  # imported here, not inside a timed case (an interrupted import leaves it half-loaded)

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, is_close, rng, tuple_of


def _momentum_case(momentum, seed, lr=0.1, beta=0.9):
    r = rng(seed)
    w, v, g = r.normal(size=4), r.normal(size=4), r.normal(size=4)
    out = tuple_of(momentum(w, v, g, lr, beta), 2, "momentum", "(w_new, v_new)")
    rw, rv = expected("07.momentum")(w, v, g, lr, beta)
    if is_close(out[0], rv) and is_close(out[1], rw):
        raise Fail("momentum returned (v_new, w_new): the results are in the wrong order",
                   "return w_new first, then v_new: `return w_new, v_new`")
    if is_close(out[0], w + lr * rv):
        raise Fail("your momentum step has the wrong sign: it moves uphill (w + lr v)",
                   "the update is w_new = w - lr * v_new")
    if is_close(out[0], w - lr * (beta * v)) or is_close(out[0], w - lr * v):
        raise Fail("w was updated with the old velocity", "update v first, then w_new = w - lr * v_new")
    expect_close(out[1], rv, "momentum: v_new", rtol=1e-5, hint="v_new = beta * v + g")
    expect_close(out[0], rw, "momentum: w_new", rtol=1e-5, hint="w_new = w - lr * v_new")


@public("07.momentum", "momentum_update", "SGD with momentum")
def _mom1(momentum):
    """one step from a nonzero velocity"""
    _momentum_case(momentum, 0)


@public("07.momentum", "momentum_update")
def _mom2(momentum):
    """another lr and beta"""
    _momentum_case(momentum, 1, lr=0.01, beta=0.5)


@public("07.momentum", "momentum_update")
def _mom_steps(momentum):
    """three steps from zero velocity match optax.sgd(0.1, momentum=0.9)"""
    _momentum_steps(momentum, 3, 12)


def _momentum_steps(momentum, steps, seed):
    r = rng(seed)
    w0, grads = r.normal(size=3), r.normal(size=(steps, 3))
    opt = optax.sgd(0.1, momentum=0.9)
    state, w_ref = opt.init(w0), w0.copy()
    w, v = w0.copy(), np.zeros(3)
    for g in grads:
        upd, state = opt.update(g, state)
        w_ref = w_ref + np.asarray(upd)
        w, v = (np.asarray(a, np.float64) for a in tuple_of(momentum(w, v, g, 0.1, 0.9), 2, "momentum",
                                                            "(w_new, v_new)"))
    expect_close(w, w_ref, f"w after {steps} momentum steps", rtol=1e-4)


def _adam_steps(adam, steps, seed):
    r = rng(seed)
    w0, grads = r.normal(size=5), r.normal(size=(steps, 5))
    opt = optax.adam(0.05)
    state, w_ref = opt.init(w0), w0.copy()
    w, m, v = w0.copy(), np.zeros(5), np.zeros(5)
    for t, g in enumerate(grads, start=1):
        upd, state = opt.update(g, state)
        w_ref = w_ref + np.asarray(upd)
        w, m, v = (np.asarray(a, np.float64) for a in tuple_of(adam(w, m, v, g, t, 0.05), 3, "adam",
                                                               "(w_new, m_new, v_new)"))
    expect_close(w, w_ref, f"w after {steps} Adam steps", rtol=1e-4, atol=1e-5)


@public("07.adam", "adam_update", "Adam with bias correction")
def _adam_first(adam):
    """the first step moves each weight by about lr"""
    w, g = np.array([1.0, -2.0, 3.0]), np.array([0.5, -4.0, 0.01])
    out = tuple_of(adam(w, np.zeros(3), np.zeros(3), g, 1, 0.01), 3, "adam", "(w_new, m_new, v_new)")
    step = np.abs(arr(out[0], "adam: w_new").astype(np.float64) - w)
    if step.shape == (3,) and np.allclose(step, 0.01 * (1 - 0.9) / np.sqrt(1 - 0.999), rtol=1e-2):
        raise Fail(f"the first step moved the weights by {step[0]:.4g} instead of lr = 0.01 "
                   "(about 3.16 lr): the bias correction is missing",
                   "divide m by (1 - b1**t) and v by (1 - b2**t) before the update; t starts at 1")
    if step.shape == (3,) and not np.allclose(step, 0.01, rtol=1e-2):
        raise Fail(f"the first step moved the weights by {np.round(step, 5)} instead of about lr = 0.01 each",
                   "with bias correction m_hat = g and v_hat = g**2 at t = 1, so |step| = lr; "
                   "check the bias correction (1 - b**t) and the square root")
    expect_close(out[0], expected("07.adam")(w, 0, 0, g, 1, 0.01)[0], "adam first step: w_new", rtol=1e-4,
                 hint="at t = 1, m_hat = g and v_hat = g^2, so each weight moves by ~lr against sign(g)")


@public("07.adam", "adam_update")
def _adam_later(adam):
    """step t = 5 from given moments, custom betas"""
    r = rng(3)
    w, m, g = r.normal(size=4), r.normal(size=4) * 0.1, r.normal(size=4)
    v = np.abs(r.normal(size=4)) * 0.1
    out = tuple_of(adam(w, m, v, g, 5, 0.002, 0.8, 0.99, 1e-8), 3, "adam", "(w_new, m_new, v_new)")
    rw, rm, rv = expected("07.adam")(w, m, v, g, 5, 0.002, 0.8, 0.99, 1e-8)
    expect_close(out[1], rm, "adam: m_new", rtol=1e-5, hint="m_new = b1 m + (1 - b1) g")
    expect_close(out[2], rv, "adam: v_new", rtol=1e-5, hint="v_new = b2 v + (1 - b2) g**2")
    expect_close(out[0], rw, "adam: w_new", rtol=1e-4, hint="use the bias-corrected m_hat, v_hat")


@public("07.adam", "adam_update")
def _adam_three(adam):
    """three steps match optax.adam(0.05)"""
    _adam_steps(adam, 3, 13)
