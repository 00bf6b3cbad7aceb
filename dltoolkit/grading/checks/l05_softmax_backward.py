"""Lesson 05, the backward pass of softmax (a vector-Jacobian product, by hand).

    s = softmax(z) row-wise; J = diag(s) - s s^T per row
    dz = J^T ds = s * (ds - sum_k ds_k s_k)          (ds: upstream gradient, same shape as s)
With ds = -onehot(y) / (N s) (the gradient of the mean cross-entropy w.r.t. s) this gives
the familiar (s - onehot(y)) / N.
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, rng


def check_softmax_backward(softmax_backward, z, ds, what):
    s = expected("05.softmax")(z)
    out = arr(softmax_backward(s.astype(np.float32), ds.astype(np.float32)), what)
    want = expected("05.softmax_backward")(s, ds)
    if out.shape == s.shape and np.allclose(out, s * (1 - s) * ds, rtol=1e-4, atol=1e-6):
        raise Fail(f"{what}: you kept only the diagonal of the Jacobian, s_k (1 - s_k)",
                   "every output depends on every logit: dz_j = s_j (ds_j - sum_k ds_k s_k)")
    if out.shape == s.shape and np.allclose(out, s * (ds - (ds * s).sum()), rtol=1e-4, atol=1e-6) and s.shape[0] > 1:
        raise Fail(f"{what}: the sum ran over the whole batch", "sum over the last axis only, keepdims=True")
    expect_close(out, want, what, rtol=1e-4, atol=1e-6, hint="dz = s * (ds - sum(ds * s, axis=-1, keepdims=True))")


@public("05.softmax_backward", "softmax_backward", "Backward pass of softmax")
def _sb_random(softmax_backward):
    """a batch of 3 with a random upstream gradient"""
    r = rng(50)
    check_softmax_backward(softmax_backward, r.normal(size=(3, 4)), r.normal(size=(3, 4)), "softmax_backward")


@public("05.softmax_backward", "softmax_backward")
def _sb_ce(softmax_backward):
    """with the cross-entropy's upstream gradient it gives (s - onehot) / N"""
    z, y = rng(51).normal(size=(2, 5)), np.array([3, 0])
    ds = -np.eye(5)[y] / (2 * expected("05.softmax")(z))
    check_softmax_backward(softmax_backward, z, ds, "softmax_backward with the cross-entropy gradient")
