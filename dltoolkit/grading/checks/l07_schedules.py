"""Lesson 07, learning-rate schedules written by hand (the closed forms of optax's schedules).

    step decay:    lr(t) = lr0 * drop ** floor(t / every)
    cosine decay:  lr(t) = final + (lr0 - final) * (1 + cos(pi * min(t, T) / T)) / 2
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, is_close, jitted

_STEPS = np.arange(0, 50, 3)
_COS_STEPS = np.arange(0, 131, 7)


def check_step_decay(step_decay, steps, lr0, drop, every):
    what = f"step_decay(steps, lr0={lr0}, drop={drop}, every={every})"
    out = arr(step_decay(steps, lr0, drop, every), what)
    ref = expected("07.step_decay")
    want = ref(steps, lr0, drop, every)
    if is_close(out, ref(steps, lr0, drop, every, variant="smooth"), 1e-5, 1e-9) and not is_close(out, want, 1e-5, 1e-9):
        raise Fail(f"{what}: the rate decays smoothly, not in steps", "use floor division: t // every")
    if is_close(out, ref(steps, lr0, drop, every, variant="every_step"), 1e-5, 1e-12):
        raise Fail(f"{what}: the rate drops at every step", "it drops once per `every` steps: drop ** (t // every)")
    expect_close(out, want, what, rtol=1e-5, atol=1e-9, float_dtype=False,
                 hint="lr0 * drop ** (t // every), for an array of steps t")


@public("07.step_decay", "step_decay", "Step-decay learning-rate schedule")
def _step_values(step_decay):
    """halve every 10 steps, steps 0, 3, ..., 48"""
    check_step_decay(step_decay, _STEPS, 0.1, 0.5, 10)


@public("07.step_decay", "step_decay")
def _step_scalar(step_decay):
    """a single step (an int) and a boundary: step 20 has dropped twice"""
    check_step_decay(step_decay, 20, 0.3, 0.1, 10)


def check_cosine(cosine_decay, steps, lr0, total, final, jit=False):
    what = f"cosine_decay(steps, lr0={lr0}, total_steps={total}, final_lr={final})"
    fn = jitted(cosine_decay) if jit else cosine_decay
    try:
        out = arr(fn(steps, lr0, total, final), ("jax.jit of " if jit else "") + what)
    except Exception as e:  # noqa: BLE001
        if not jit or isinstance(e, (Fail, NotImplementedError)):
            raise
        raise Fail(f"jax.jit({what}) failed ({type(e).__name__}: {str(e)[:120]})",
                   "use jnp.minimum / jnp.cos, not Python's min or math.cos, so that traced steps work")
    ref = expected("07.cosine_decay")
    want = ref(steps, lr0, total, final)
    if np.max(steps) > total and is_close(out, ref(steps, lr0, total, final, variant="no_clip"), 1e-5, 1e-9):
        raise Fail(f"{what}: the rate rises again after total_steps", "clip the step: min(t, total_steps)")
    if is_close(out, ref(steps, lr0, total, final, variant="no_half"), 1e-5, 1e-9):
        raise Fail(f"{what}: starts at twice lr0", "(1 + cos) / 2 goes from 1 to 0: the factor 1/2 is missing")
    if final and is_close(out, ref(steps, lr0, total, final, variant="to_zero"), 1e-5, 1e-9):
        raise Fail(f"{what}: decays to 0, not to final_lr", "final + (lr0 - final) * (1 + cos(...)) / 2")
    expect_close(out, want, what, rtol=1e-5, atol=1e-9, float_dtype=False,
                 hint="final + (lr0 - final) * (1 + cos(pi * min(t, T) / T)) / 2")


@public("07.cosine_decay", "cosine_decay", "Cosine-decay learning-rate schedule")
def _cos_values(cosine_decay):
    """100 steps from 0.1 to 0.001, steps 0, 7, ..., 126 (past the end it stays at final)"""
    check_cosine(cosine_decay, _COS_STEPS, 0.1, 100, 0.001)


@public("07.cosine_decay", "cosine_decay")
def _cos_jit(cosine_decay):
    """to zero over 40 steps, under jax.jit (the step is a traced value)"""
    check_cosine(cosine_decay, np.arange(0, 45, 5), 0.05, 40, 0.0, jit=True)
