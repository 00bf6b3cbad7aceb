"""Hidden cases for l14_augmentation: lesson 14, data augmentation: mixup, horizontal flips and center crops (NHWC)."""
from __future__ import annotations

from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l14_augmentation import _check_crop, _check_flip, _check_mixup


@hidden("14.mixup")
def _mixup_more(mixup):
    """lam = 0.25"""
    _check_mixup(mixup, 0.25, 1)


@hidden("14.horizontal_flip")
def _flip_more(horizontal_flip):
    """single-channel images"""
    _check_flip(horizontal_flip, (3, 5, 5, 1), 1)


@hidden("14.center_crop")
def _crop_same(center_crop):
    """crop to the full size is the identity"""
    _check_crop(center_crop, (2, 5, 5, 1), 5, 2)
