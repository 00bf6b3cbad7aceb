"""Hidden cases for l12_deep_cnns: lesson 12, deep CNNs: batch normalization (train and eval), residual blocks, global pooling."""
from __future__ import annotations

import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l12_deep_cnns import _check_eval, _check_res, _check_train


@hidden("12.batchnorm_train")
def _bn_train_more(bn_train):
    """another NHWC batch"""
    _check_train(bn_train, (8, 5, 5, 3), 2)


@hidden("12.batchnorm_eval")
def _bn_eval_4d(bn_eval):
    """NHWC input"""
    _check_eval(bn_eval, (2, 4, 4, 3), 5)


@hidden("12.residual_block")
def _res_more(residual_block):
    """a bigger batch"""
    _check_res(residual_block, 16, 8, 2)


@hidden("12.global_avg_pool")
def _gap_more(gap):
    """1x1 spatial size"""
    x = rng(4).normal(size=(3, 1, 1, 7)).astype(np.float32)
    expect_close(gap(x), x.astype(np.float64).mean((1, 2)), "global_avg_pool(x (3, 1, 1, 7))", rtol=1e-5)
