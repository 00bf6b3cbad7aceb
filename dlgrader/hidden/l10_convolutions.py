"""Hidden cases for l10_convolutions: lesson 10, convolutions: output size, a naive conv2d and max pooling (NHWC, HWIO)."""
from __future__ import annotations

from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l10_convolutions import _check_conv, _check_pool, _check_sizes


@hidden("10.conv_output_size")
def _sizes_more(conv_output_size):
    """strides that do not divide evenly"""
    _check_sizes(conv_output_size, [(10, 3, 3, 0), (11, 4, 2, 1), (5, 5, 1, 0), (64, 11, 4, 2)])


@hidden("10.conv2d")
def _conv_more(conv2d):
    """a LeNet-sized layer"""
    _check_conv(conv2d, (2, 14, 14, 6), (5, 5, 6, 4), 1, 2)


@hidden("10.max_pool")
def _pool_more(max_pool):
    """odd input with 2x2 windows drops the last row and column"""
    _check_pool(max_pool, (3, 5, 5, 4), 2, 2, 2)
