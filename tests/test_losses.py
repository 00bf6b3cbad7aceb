"""Losses vs numpy hand computations; stability at saturation; sample_weight; label errors."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import special

import dltoolkit as dl

L = dl.losses
RNG = np.random.default_rng(0)
LOGITS = RNG.normal(size=(6, 4)).astype(np.float32) * 3
LABELS = np.array([0, 3, 1, 2, 2, 0])
ONEHOT = np.eye(4, dtype=np.float32)[LABELS]
PROBS = special.softmax(LOGITS.astype(np.float64), axis=-1)


def np_cce(y, p):
    p = np.clip(p / p.sum(-1, keepdims=True), 1e-7, 1 - 1e-7)
    return -(y * np.log(p)).sum(-1)


def test_categorical_crossentropy_probs_and_logits():
    np.testing.assert_allclose(L.categorical_crossentropy(ONEHOT, PROBS.astype(np.float32)),
                               np_cce(ONEHOT, PROBS).mean(), rtol=1e-5)
    np.testing.assert_allclose(L.categorical_crossentropy(ONEHOT, LOGITS, from_logits=True),
                               -(ONEHOT * special.log_softmax(LOGITS, -1)).sum(-1).mean(), rtol=1e-5)
    np.testing.assert_allclose(L.categorical_crossentropy.per_example(ONEHOT, LOGITS, from_logits=True),
                               -(ONEHOT * special.log_softmax(LOGITS, -1)).sum(-1), rtol=1e-5)


def test_label_smoothing():
    s = 0.1
    ys = ONEHOT * (1 - s) + s / 4
    np.testing.assert_allclose(L.categorical_crossentropy(ONEHOT, LOGITS, from_logits=True, label_smoothing=s),
                               -(ys * special.log_softmax(LOGITS, -1)).sum(-1).mean(), rtol=1e-5)


def test_softmax_then_cce_at_saturation_is_finite_with_finite_grads():
    z = jnp.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]])
    y = jnp.array([[1.0, 0, 0], [0, 0, 1.0]])  # second row confidently wrong
    f = lambda z: L.categorical_crossentropy(y, dl.activations.softmax(z))  # noqa: E731
    val, grad = jax.value_and_grad(f)(z)
    assert np.isfinite(val) and np.all(np.isfinite(grad))
    np.testing.assert_allclose(val, (-np.log(1 - 1e-7) - np.log(1e-7)) / 2, rtol=1e-4)
    g2 = jax.grad(lambda z: L.categorical_crossentropy(y, z, from_logits=True))(z)
    np.testing.assert_allclose(g2, (special.softmax(np.asarray(z), -1) - np.asarray(y)) / 2, atol=1e-6)


def test_sparse_matches_categorical_and_accepts_column_labels():
    for kw, pred in [({}, PROBS.astype(np.float32)), ({"from_logits": True}, LOGITS)]:
        a = L.sparse_categorical_crossentropy(LABELS, pred, **kw)
        np.testing.assert_allclose(a, L.categorical_crossentropy(ONEHOT, pred, **kw), rtol=1e-6)
        np.testing.assert_allclose(L.sparse_categorical_crossentropy(LABELS[:, None], pred, **kw), a, rtol=1e-6)


@pytest.mark.parametrize("bad", [4, -1, 7])
def test_sparse_out_of_range_labels_raise(bad):
    labels = LABELS.copy()
    labels[2] = bad
    with pytest.raises(ValueError, match=rf"label {bad} .*\[0, 4\)"):
        L.sparse_categorical_crossentropy(labels, LOGITS, from_logits=True)
    with pytest.raises(ValueError, match=rf"label {bad}"):
        L.nll(labels, LOGITS)
    out = jax.jit(L.sparse_categorical_crossentropy.per_example)(labels, PROBS)  # traced: NaN, not wrapped
    assert np.isnan(out[2]) and np.all(np.isfinite(np.delete(np.asarray(out), 2)))


def test_softmax_cross_entropy_soft_labels_mixup():
    lam = 0.3
    y = lam * ONEHOT + (1 - lam) * ONEHOT[::-1]
    np.testing.assert_allclose(L.softmax_cross_entropy(y, LOGITS),
                               -(y * special.log_softmax(LOGITS, -1)).sum(-1).mean(), rtol=1e-5)


def test_binary_crossentropy_probs_and_logits():
    z = RNG.normal(size=(8, 1)).astype(np.float32) * 4
    y = (RNG.random((8, 1)) > 0.5).astype(np.float32)
    p = special.expit(z.astype(np.float64))
    ref = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean()
    np.testing.assert_allclose(L.binary_crossentropy(y, p.astype(np.float32)), ref, rtol=1e-5)
    np.testing.assert_allclose(L.binary_crossentropy(y, z, from_logits=True), ref, rtol=1e-5)
    big = jnp.array([[1000.0], [-1000.0]])
    val, g = jax.value_and_grad(lambda z: L.binary_crossentropy(jnp.array([[0.0], [1.0]]), z, from_logits=True))(big)
    np.testing.assert_allclose(val, 1000.0)
    np.testing.assert_allclose(g, [[0.5], [-0.5]])


def test_regression_losses():
    a = RNG.normal(size=(5, 3)).astype(np.float32)
    b = RNG.normal(size=(5, 3)).astype(np.float32) * 2
    np.testing.assert_allclose(L.get("mse")(a, b), ((a - b) ** 2).mean(), rtol=1e-6)
    np.testing.assert_allclose(L.get("mean_absolute_error")(a, b), np.abs(a - b).mean(), rtol=1e-6)
    e = np.abs(a - b)
    hub = np.where(e <= 1.0, 0.5 * e ** 2, e - 0.5)
    np.testing.assert_allclose(L.huber(a, b), hub.mean(), rtol=1e-6)
    p, q = special.softmax(a, -1), special.softmax(b, -1)
    np.testing.assert_allclose(L.kl_divergence(p, q), (p * np.log(p / q)).sum(-1).mean(), rtol=1e-5)


def test_nll_takes_log_probabilities():
    logp = special.log_softmax(LOGITS, -1)
    np.testing.assert_allclose(L.nll(LABELS, logp), -logp[np.arange(6), LABELS].mean(), rtol=1e-6)
    np.testing.assert_allclose(L.nll(ONEHOT, logp), -logp[np.arange(6), LABELS].mean(), rtol=1e-6)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0]), min_size=6, max_size=6))
def test_sample_weight_rule_and_masking_equals_dropping_rows(w):
    w = np.array(w, np.float32)
    per = np.asarray(L.categorical_crossentropy.per_example(ONEHOT, LOGITS, from_logits=True))
    got = L.categorical_crossentropy(ONEHOT, LOGITS, from_logits=True, sample_weight=w)
    expected = (w * per).sum() / max(w.sum(), 1e-30)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
    keep = w > 0
    if keep.any() and set(w[keep]) == {1.0}:
        np.testing.assert_allclose(got, L.categorical_crossentropy(ONEHOT[keep], LOGITS[keep], from_logits=True),
                                   rtol=1e-6)


def test_zero_weight_rows_cannot_poison_the_mean_and_bad_weight_shape():
    pred = LOGITS.copy()
    pred[5] = np.nan  # a padded garbage row
    w = np.array([1, 1, 1, 1, 1, 0], np.float32)
    got = L.sparse_categorical_crossentropy(LABELS, pred, from_logits=True, sample_weight=w)
    np.testing.assert_allclose(got, L.sparse_categorical_crossentropy(LABELS[:5], LOGITS[:5], from_logits=True),
                               rtol=1e-6)
    with pytest.raises(ValueError, match="sample_weight"):
        L.mse(ONEHOT, PROBS, sample_weight=np.ones(5))


def test_get_names_options_and_errors():
    assert L.get("categorical_crossentropy") is L.categorical_crossentropy
    assert L.get("CategoricalCrossentropy") is L.categorical_crossentropy
    assert L.get("mean_squared_error") is L.mse
    cfg = L.get("categorical_crossentropy", from_logits=True)
    np.testing.assert_allclose(cfg(ONEHOT, LOGITS), L.softmax_cross_entropy(ONEHOT, LOGITS), rtol=1e-6)
    custom = L.get(lambda yt, yp: jnp.sum((yt - yp) ** 2, -1))
    np.testing.assert_allclose(custom(ONEHOT, PROBS, sample_weight=np.ones(6)), ((ONEHOT - PROBS) ** 2).sum(-1).mean(),
                               rtol=1e-5)
    with pytest.raises(ValueError, match="valid names.*mse"):
        L.get("categorical_crossentropyy")
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        L.categorical_crossentropy(LABELS, PROBS)


def test_losses_jit():
    f = jax.jit(lambda y, z, w: L.sparse_categorical_crossentropy(y, z, from_logits=True, sample_weight=w))
    np.testing.assert_allclose(f(LABELS, LOGITS, np.ones(6)), L.sparse_categorical_crossentropy(LABELS, LOGITS, from_logits=True),
                               rtol=1e-6)
