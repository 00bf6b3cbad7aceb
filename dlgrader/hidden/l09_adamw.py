"""Hidden cases for l09_adamw: AdamW and Adam + L2 at other steps and against optax."""
from __future__ import annotations

from dltoolkit.grading.checks.l09_adamw import _against_optax, check_decay
from dltoolkit.grading.registry import hidden


@hidden("09.adamw_step")
def _adamw_more(adamw_step):
    """t = 1 and 12 optax steps"""
    check_decay(adamw_step, "adamw_step", 5, t=1, lr=0.1, wd=0.01)
    _against_optax(adamw_step, "adamw_step", 6, steps=12)


@hidden("09.adam_l2_step")
def _adam_l2_more(adam_l2_step):
    """t = 1 and 12 optax steps"""
    check_decay(adam_l2_step, "adam_l2_step", 7, t=1, lr=0.1, wd=0.01)
    _against_optax(adam_l2_step, "adam_l2_step", 8, steps=12)
