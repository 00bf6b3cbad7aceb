"""Metrics vs hand-worked examples and numpy references."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import dltoolkit as dl

M = dl.metrics
Y = np.array([0, 2, 1, 1, 0])
P = np.array([[.7, .2, .1],   # pred 0, correct
              [.1, .6, .3],   # pred 1, true 2: wrong (2nd best)
              [.2, .5, .3],   # pred 1, correct
              [.5, .1, .4],   # pred 0, true 1: wrong (worst)
              [.3, .3, .4]])  # pred 2, true 0: wrong (tied 2nd)


def test_accuracy_int_onehot_and_column_labels():
    assert float(M.accuracy(Y, P)) == pytest.approx(2 / 5)
    assert float(M.accuracy(np.eye(3)[Y], P)) == pytest.approx(2 / 5)
    assert float(M.get("acc")(Y[:, None], P)) == pytest.approx(2 / 5)
    assert float(M.get("sparse_categorical_accuracy")(Y, P)) == pytest.approx(2 / 5)
    assert float(M.get("categorical_accuracy")(np.eye(3)[Y], P)) == pytest.approx(2 / 5)
    assert float(M.accuracy(Y, np.log(P))) == pytest.approx(2 / 5)  # logits: argmax unchanged


def test_binary_accuracy_single_column():
    y = np.array([1, 0, 1, 0])
    p = np.array([[.9], [.6], [.2], [.4]])
    assert float(M.accuracy(y, p)) == pytest.approx(0.5)
    assert float(M.accuracy(y, p[:, 0])) == pytest.approx(0.5)
    assert float(M.accuracy(y, np.log(p / (1 - p)), threshold=0.0)) == pytest.approx(0.5)


def test_top_k():
    assert float(M.top_k_accuracy(Y, P, k=1)) == pytest.approx(2 / 5)
    assert float(M.top_k_accuracy(Y, P, k=2)) == pytest.approx(4 / 5)  # row 3 misses, tie in row 4 counts
    assert float(M.top_k_accuracy(Y, P, k=3)) == 1.0
    assert float(M.get("top_k_categorical_accuracy", k=2)(np.eye(3)[Y], P)) == pytest.approx(4 / 5)


def test_sample_weight_and_jit():
    w = np.array([1, 0, 1, 0, 0], np.float32)  # keep only the correct rows
    assert float(M.accuracy(Y, P, sample_weight=w)) == 1.0
    w2 = np.array([2, 1, 1, 1, 1], np.float32)
    assert float(M.accuracy(Y, P, sample_weight=w2)) == pytest.approx(3 / 6)
    assert float(jax.jit(M.accuracy)(Y, P, w2)) == pytest.approx(3 / 6)
    assert float(jax.jit(lambda y, p: M.top_k_accuracy(y, p, k=2))(Y, P)) == pytest.approx(4 / 5)


def test_confusion_matrix_hand_example():
    expected = np.array([[1, 0, 1],   # true 0: pred 0, pred 2
                         [1, 1, 0],   # true 1: pred 1, pred 0
                         [0, 1, 0]])  # true 2: pred 1
    np.testing.assert_array_equal(M.confusion_matrix(Y, P), expected)
    np.testing.assert_array_equal(M.confusion_matrix(np.eye(3)[Y], np.argmax(P, 1), 3), expected)
    np.testing.assert_array_equal(jax.jit(M.confusion_matrix, static_argnums=2)(Y, P, 3), expected)
    np.testing.assert_allclose(M.confusion_matrix(Y, P, 3, sample_weight=np.array([2., 1, 1, 1, 0])),
                               [[2, 0, 0], [1, 1, 0], [0, 1, 0]])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=40))
def test_confusion_matrix_vs_numpy_counting(pairs):
    t, p = np.array(pairs).T
    ref = np.zeros((4, 4), int)
    np.add.at(ref, (t, p), 1)
    cm = np.asarray(M.confusion_matrix(t, p, 4))
    np.testing.assert_array_equal(cm, ref)
    assert float(M.accuracy(t, jnp.asarray(p))) == pytest.approx(np.trace(ref) / len(t))


def test_precision_recall_f1_hand_example():
    # from the confusion matrix above: per-class precision = tp / column sums, recall = tp / row sums
    prec = np.array([1 / 2, 1 / 2, 0 / 1])
    rec = np.array([1 / 2, 1 / 2, 0 / 1])
    np.testing.assert_allclose(M.precision(Y, P, average=None), prec)
    np.testing.assert_allclose(M.recall(Y, P, average=None), rec)
    np.testing.assert_allclose(M.f1_score(Y, P), np.mean([0.5, 0.5, 0.0]))
    yb, pb = np.array([1, 1, 0, 0, 1]), np.array([1, 0, 0, 1, 1])
    assert float(M.precision(yb, pb, 2, average="binary")) == pytest.approx(2 / 3)
    assert float(M.recall(yb, pb, 2, average="binary")) == pytest.approx(2 / 3)


def test_regression_metrics_and_errors():
    a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.5, 2.0], [2.0, 4.0]])
    assert float(M.get("mae")(a, b)) == pytest.approx(1.5 / 4)
    assert float(M.get("mse")(a, b)) == pytest.approx(1.25 / 4)
    with pytest.raises(ValueError, match="label 3"):
        M.accuracy(np.array([0, 3, 1, 1, 0]), P)
    with pytest.raises(ValueError, match="confusion_matrix.*label 5"):
        M.confusion_matrix(np.array([0, 5]), np.array([0, 1]), 3)
    with pytest.raises(ValueError, match="valid names.*accuracy"):
        M.get("accurracy")
