"""Lesson 09, AdamW against Adam with an L2 penalty: where the weight decay enters.

    Adam + L2:  g' = g + wd w, then the Adam step with g' (the decay goes through m and v, so
                it is divided by sqrt(v_hat) and weak where gradients are large)
    AdamW:      the Adam step with g, then w <- w - lr wd w (decoupled: every weight decays at
                the same rate lr wd)   (Loshchilov & Hutter; optax.adamw)
    Adam step:  m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
                w <- w - lr m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)
Both return (w_new, m_new, v_new).
"""
from __future__ import annotations

import numpy as np
import optax  # imported here, not inside a timed case (an interrupted import leaves it half-loaded)

from ..registry import Fail, public
from ._expected import expected
from ._util import expect_close, is_close, rng, tuple_of


def _inputs(seed):
    r = rng(seed)
    w = r.normal(size=4) * 3
    g = r.normal(size=4) * np.array([100.0, 1.0, 0.01, 1.0])  # very different gradient scales
    return w, r.normal(size=4) * 0.1, np.abs(r.normal(size=4)) * 0.1, g


def check_decay(fn, kind, seed, t=3, lr=0.01, wd=0.1):
    w, m, v, g = _inputs(seed)
    what = f"{kind}(t={t}, lr={lr}, wd={wd})"
    out = tuple_of(fn(w, m, v, g, t, lr, wd), 3, what, "(w_new, m_new, v_new)")
    right = (expected("09.adamw") if kind == "adamw_step" else expected("09.adam_l2"))(w, m, v, g, t, lr, wd)
    other = (expected("09.adam_l2") if kind == "adamw_step" else expected("09.adamw"))(w, m, v, g, t, lr, wd)
    if is_close(out[0], other[0], 1e-6, 1e-9):
        raise Fail(f"{what}: this is {'Adam with an L2 penalty' if kind == 'adamw_step' else 'AdamW'}",
                   "AdamW decays w outside the moments (w -= lr * wd * w after the Adam step); "
                   "the L2 version adds wd * w to the gradient before the moments")
    if kind == "adamw_step" and is_close(out[0], expected("07.adam")(w, m, v, g, t, lr)[0] - wd * w, 1e-6, 1e-9):
        raise Fail(f"{what}: the decay was not scaled by lr", "decoupled decay is w -= lr * wd * w")
    if is_close(out[0], expected("07.adam")(w, m, v, g, t, lr)[0], 1e-6, 1e-9):
        raise Fail(f"{what}: there is no weight decay at all", "use wd")
    expect_close(out[1], right[1], f"{what}: m_new", rtol=1e-5, atol=1e-9)
    expect_close(out[2], right[2], f"{what}: v_new", rtol=1e-5, atol=1e-9)
    expect_close(out[0], right[0], f"{what}: w_new", rtol=1e-5, atol=1e-9)


@public("09.adamw_step", "adamw_step", "AdamW: decoupled weight decay")
def _adamw(adamw_step):
    """one step at t = 3, gradients of very different scales"""
    check_decay(adamw_step, "adamw_step", 0)


@public("09.adamw_step", "adamw_step")
def _adamw_optax(adamw_step):
    """five steps match optax.adamw"""
    _against_optax(adamw_step, "adamw_step", 1)


@public("09.adam_l2_step", "adam_l2_step", "Adam with an L2 penalty in the gradient")
def _adam_l2(adam_l2_step):
    """one step at t = 3, gradients of very different scales"""
    check_decay(adam_l2_step, "adam_l2_step", 2)


@public("09.adam_l2_step", "adam_l2_step")
def _adam_l2_optax(adam_l2_step):
    """five steps match optax.chain(add_decayed_weights, adam)"""
    _against_optax(adam_l2_step, "adam_l2_step", 3)


def _against_optax(fn, kind, seed, steps=5, lr=0.02, wd=0.3):
    opt = (optax.adamw(lr, weight_decay=wd) if kind == "adamw_step"
           else optax.chain(optax.add_decayed_weights(wd), optax.adam(lr)))
    r = rng(seed)
    w0 = r.normal(size=3)
    state, w_ref, w, m, v = opt.init(w0), w0.copy(), w0.copy(), np.zeros(3), np.zeros(3)
    for t in range(1, steps + 1):
        g = r.normal(size=3)
        upd, state = opt.update(g, state, w_ref)
        w_ref = w_ref + np.asarray(upd)
        w, m, v = (np.asarray(a, np.float64) for a in tuple_of(fn(w, m, v, g, t, lr, wd), 3, kind,
                                                               "(w_new, m_new, v_new)"))
    expect_close(w, w_ref, f"w after {steps} steps of {kind}", rtol=1e-4, atol=1e-6)
