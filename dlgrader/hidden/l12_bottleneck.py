"""Hidden cases for l12_bottleneck: deeper ResNet-50 blocks (published counts)."""
from __future__ import annotations

from dltoolkit.grading.checks.l12_bottleneck import check_bottleneck
from dltoolkit.grading.registry import hidden


@hidden("12.bottleneck_params")
def _bneck_deeper(bottleneck_params):
    """conv4_x (1024 -> 256 -> 1024) and conv5_x's first block (1024 -> 512 -> 2048)"""
    check_bottleneck(bottleneck_params, 1024, 256, 1024)
    check_bottleneck(bottleneck_params, 1024, 512, 2048)
