"""The checks' references against independent oracles (naive loops, optax, jax.grad, published numbers)."""
from __future__ import annotations

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from dlgrader.references import l03_backprop, l05_softmax, l07_optimizers, l10_convolutions, l11_lenet5, l15_beyond


def test_conv_reference_matches_a_naive_loop():
    r = np.random.default_rng(0)
    x, w, b = r.normal(size=(2, 7, 6, 3)), r.normal(size=(3, 2, 3, 4)), r.normal(size=4)
    for s in (1, 2):
        oh, ow = (7 - 3) // s + 1, (6 - 2) // s + 1
        y = np.zeros((2, oh, ow, 4))
        for n, i, j, o in itertools.product(range(2), range(oh), range(ow), range(4)):
            y[n, i, j, o] = (x[n, s * i:s * i + 3, s * j:s * j + 2, :] * w[..., o]).sum() + b[o]
        np.testing.assert_allclose(l10_convolutions.ref_conv2d(x, w, b, s), y, rtol=1e-4, atol=1e-4)
        assert l10_convolutions.ref_out_size(7, 3, s) == oh


def test_max_pool_reference_matches_a_naive_loop():
    x = np.random.default_rng(1).normal(size=(1, 5, 5, 2))
    y = np.array([[[x[0, 2 * i:2 * i + 3, 2 * j:2 * j + 3, c].max() for c in range(2)] for j in range(2)] for i in range(2)])
    np.testing.assert_allclose(l10_convolutions.ref_max_pool(x, 3, 2)[0], y)


def test_lenet5_counts_are_the_published_ones():
    assert sum(l11_lenet5.LENET5_COUNTS.values()) == 61706
    for name, shape in l11_lenet5.LENET5_SHAPES.items():
        assert int(np.prod(shape)) + shape[-1] == l11_lenet5.LENET5_COUNTS[name]


def test_chain_backward_reference_is_the_worked_example_and_matches_jax_grad():
    dW, db = l03_backprop.ref_chain_backward(0.5, 1.0, [1.0] * 3, [-0.5] * 3)
    np.testing.assert_allclose(dW, [-0.00390625, -0.015625, -0.0625])  # the course notes' example, corrected
    np.testing.assert_allclose(db, [-0.0078125, -0.03125, -0.125])
    a1 = 1 / (1 + np.exp(-(0.5 * 0.5 + 0.1)))  # the checks' worked example, by hand
    a2 = 1 / (1 + np.exp(-(-1.0 * a1 + 0.2)))
    a3 = 1 / (1 + np.exp(-(2.0 * a2 - 0.3)))
    d3 = (a3 - 1.0) * a3 * (1 - a3)
    d2 = d3 * 2.0 * a2 * (1 - a2)
    dW, _ = l03_backprop.ref_chain_backward(0.5, 1.0, [0.5, -1.0, 2.0], [0.1, 0.2, -0.3])
    np.testing.assert_allclose(dW, [d2 * -1.0 * a1 * (1 - a1) * 0.5, d2 * a1, d3 * a2], rtol=1e-12)
    np.testing.assert_allclose(dW, [0.005142, -0.024878, -0.035609], atol=1e-6)
    W, b = np.array([0.3, -2.0, 1.1]), np.array([0.1, 0.4, -0.7])

    def loss(W, b):
        a = 1.5
        for i in range(3):
            a = jax.nn.sigmoid(W[i] * a + b[i])
        return 0.5 * (0.0 - a) ** 2
    gW, gb = jax.grad(loss, (0, 1))(W, b)
    rW, rb = l03_backprop.ref_chain_backward(1.5, 0.0, W, b)
    np.testing.assert_allclose(rW, gW, rtol=1e-5)
    np.testing.assert_allclose(rb, gb, rtol=1e-5)


def test_cross_entropy_references_match_optax():
    z, y = np.random.default_rng(2).normal(size=(5, 4)), np.array([0, 1, 2, 3, 1])
    np.testing.assert_allclose(l05_softmax.ref_ce(z, y),
                               optax.softmax_cross_entropy_with_integer_labels(z, y).mean(), rtol=1e-5)
    g = jax.grad(lambda z: optax.softmax_cross_entropy_with_integer_labels(z, y).mean())(jnp.asarray(z))
    np.testing.assert_allclose(l05_softmax.ref_ce_grad(z, y), g, rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(l05_softmax.ref_softmax(z), jax.nn.softmax(z), rtol=1e-5)


def test_optimizer_references_match_optax():
    r = np.random.default_rng(3)
    w0, grads = r.normal(size=3), r.normal(size=(4, 3))
    for opt, step in ((optax.adam(0.1), "adam"), (optax.sgd(0.1, momentum=0.9), "momentum")):
        state, w_ref, w, m, v = opt.init(w0), w0.copy(), w0.copy(), np.zeros(3), np.zeros(3)
        for t, g in enumerate(grads, 1):
            upd, state = opt.update(g, state)
            w_ref = w_ref + np.asarray(upd)
            if step == "adam":
                w, m, v = l07_optimizers.ref_adam(w, m, v, g, t, 0.1)
            else:
                w, v = l07_optimizers.ref_momentum(w, v, g, 0.1, 0.9)
        np.testing.assert_allclose(w, w_ref, rtol=1e-5)


def test_iou_and_nms_references_on_hand_cases():
    boxes = np.array([[0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6]], float)
    np.testing.assert_allclose(l15_beyond.ref_iou(boxes[0], boxes), [1.0, 1 / 7, 0.0])
    assert l15_beyond.ref_nms(boxes, np.array([0.5, 0.9, 0.1]), 0.1) == [1, 2]
    assert l15_beyond.ref_nms(boxes, np.array([0.5, 0.9, 0.1]), 0.5) == [1, 0, 2]


def test_new_references_against_independent_oracles():
    from dlgrader.references import l03_gradcheck, l04_activations, l05_softmax_backward, l09_adamw, l12_backward
    from dltoolkit.grading.checks import l17_generalization
    r = np.random.default_rng(5)
    # batch-norm backward (closed form) against jax.vjp of the forward pass, float64 on the host side
    x, g, dy = r.normal(size=(6, 3)), 1 + r.random(3), r.normal(size=(6, 3))

    def fwd(x, g, b):
        return g * (x - x.mean(0)) / jnp.sqrt(x.var(0) + 1e-5) + b
    _, vjp = jax.vjp(fwd, jnp.asarray(x, jnp.float32), jnp.asarray(g, jnp.float32), jnp.zeros(3))
    for mine, auto in zip(l12_backward.ref_bn_backward(dy, x, g), vjp(jnp.asarray(dy, jnp.float32))):
        np.testing.assert_allclose(mine, auto, rtol=2e-3, atol=2e-4)
    # receptive fields published for VGG (3x3 convs: 5, 7 after two/three) and ResNet's stem (11 after pool)
    assert l12_backward.ref_receptive_field([(3, 1)] * 3) == 7
    assert l12_backward.ref_receptive_field([(7, 2), (3, 2)]) == 11
    # softmax backward against jax.vjp
    z, ds = r.normal(size=(2, 4)), r.normal(size=(2, 4))
    _, vjp = jax.vjp(jax.nn.softmax, jnp.asarray(z))
    s = l05_softmax.ref_softmax(z)
    np.testing.assert_allclose(l05_softmax_backward.ref_softmax_backward(s, ds), vjp(jnp.asarray(ds))[0],
                               rtol=1e-4, atol=1e-6)
    # depth gradients against the product of local derivatives written out by hand (w = 1, sigmoid)
    a, prod = 0.5, 1.0
    for _ in range(3):
        a = 1 / (1 + np.exp(-a))
        prod *= a * (1 - a)
    assert l04_activations.ref_depth_grads(0.5, [1.0] * 3, "sigmoid")[0] == pytest.approx(prod, rel=1e-5)
    # AdamW and Adam + L2 against optax, one step
    w, gr = r.normal(size=3), r.normal(size=3)
    for ref, opt in ((l09_adamw.ref_adamw, optax.adamw(0.1, weight_decay=0.2)),
                     (l09_adamw.ref_adam_l2, optax.chain(optax.add_decayed_weights(0.2), optax.adam(0.1)))):
        upd, _ = opt.update(gr, opt.init(w), w)
        np.testing.assert_allclose(ref(w, np.zeros(3), np.zeros(3), gr, 1, 0.1, 0.2)[0], w + upd, rtol=1e-5)
    # relative error: CS231n's definition on a hand example; double descent's minimum-norm fits interpolate
    assert l03_gradcheck.ref_rel_error([1.0, 0.0], [1.1, 0.0]) == pytest.approx(0.1 / 2.1)
    X, y, Xt, yt = l17_generalization.double_descent_data(0)
    w = np.linalg.pinv(X[:, :30]) @ y
    np.testing.assert_allclose(X[:, :30] @ w, y, atol=1e-8)
