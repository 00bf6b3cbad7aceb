"""Hidden cases for l14_random: key-driven flips and CutMix."""
from __future__ import annotations

from dltoolkit.grading.checks.l14_random import check_cutmix, check_random_flip
from dltoolkit.grading.registry import hidden


@hidden("14.random_flip")
def _rflip_more(random_flip):
    """p = 0.7, another key"""
    check_random_flip(random_flip, 0.7, 5)


@hidden("14.cutmix")
def _cutmix_more(cutmix):
    """a 1x1 patch and the whole image"""
    check_cutmix(cutmix, (2, 4, 4, 3), (3, 0, 1, 1), 2)
    check_cutmix(cutmix, (1, 3, 3, 1), (0, 0, 3, 3), 3)
