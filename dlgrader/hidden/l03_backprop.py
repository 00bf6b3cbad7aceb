"""Hidden cases for l03_backprop: lesson 03, backpropagation: the three-sigmoid chain by hand and a dense layer's backward pass."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from dltoolkit.grading.checks._util import expect_close
from dltoolkit.grading.checks._util import rng
from dltoolkit.grading.checks._util import tuple_of
from dltoolkit.grading.registry import hidden
from dltoolkit.grading.checks.l03_backprop import _check_dense


@hidden("03.chain_backward")
def _bwd_autodiff(bwd):
    """random weights agree with jax.grad"""
    r = rng(7)
    W, b = r.normal(size=3), r.normal(size=3)

    def loss(W, b):
        a = 0.8
        for i in range(3):
            a = jax.nn.sigmoid(W[i] * a + b[i])
        return 0.5 * (0.3 - a) ** 2
    gW, gb = jax.grad(loss, argnums=(0, 1))(jnp.asarray(W), jnp.asarray(b))
    out = tuple_of(bwd(0.8, 0.3, list(W), list(b)), 2, "chain_backward", "(dW, db)")
    expect_close(out[0], np.asarray(gW), "chain_backward dW", rtol=1e-4, atol=1e-7)
    expect_close(out[1], np.asarray(gb), "chain_backward db", rtol=1e-4, atol=1e-7)


@hidden("03.dense_backward")
def _dense_other(dense_backward):
    """another shape"""
    _check_dense(dense_backward, 7, 5, 6, 9)


@hidden("03.chain_forward")
def _fwd_random(fwd):
    """random weights and input"""
    from dltoolkit.grading.checks._util import seq_of
    from dlgrader.references.l03_backprop import ref_chain_forward
    r = rng(17)
    x, W, b = float(r.normal()), list(r.normal(size=3) * 2), list(r.normal(size=3))
    out = seq_of(fwd(x, W, b), 3, "chain_forward", "(a1, a2, a3)")
    expect_close(np.array([float(np.asarray(o)) for o in out]), ref_chain_forward(x, W, b), "chain_forward")


@hidden("03.dense_backward")
def _dense_batch1(dense_backward):
    """a batch of one example"""
    _check_dense(dense_backward, 1, 6, 2, 19)
