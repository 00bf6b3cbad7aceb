"""The perceptron rule: Novikoff's mistake bound on separable data, no convergence on XOR."""
import numpy as np
import pytest

from dltoolkit.models.perceptron import DeltaRule, Perceptron


def _separable(seed=0, n=200):
    rng = np.random.default_rng(seed)
    w_star, b_star = np.array([2.0, -1.0]), 0.5
    X = rng.uniform(-3, 3, size=(n, 2))
    z = X @ w_star + b_star
    keep = np.abs(z) > 0.5           # leave a margin around the true boundary
    X, z = X[keep], z[keep]
    return X, (z > 0).astype(int), np.concatenate([[b_star], w_star])


@pytest.mark.parametrize("seed, lr", [(0, 1.0), (1, 0.1), (2, 3.0)])
def test_converges_within_mistake_bound(seed, lr):
    X, y, w_star = _separable(seed)
    Xa = np.hstack([np.ones((len(X), 1)), X])
    u = w_star / np.linalg.norm(w_star)
    gamma = np.min(np.where(y == 1, 1, -1) * (Xa @ u))  # margin of the known separator
    R = np.max(np.linalg.norm(Xa, axis=1))
    assert gamma > 0
    p = Perceptron(learning_rate=lr, max_epochs=1000, seed=seed).fit(X, y)
    assert p.converged and p.mistakes_per_epoch[-1] == 0
    assert sum(p.mistakes_per_epoch) <= (R / gamma) ** 2
    assert sum(p.mistakes_per_epoch) > 0
    np.testing.assert_array_equal(p.predict(X), y)


def test_minus_one_plus_one_labels():
    X, y, _ = _separable(3)
    ypm = np.where(y == 1, 1, -1)
    p = Perceptron(seed=3).fit(X, ypm)
    assert p.converged
    np.testing.assert_array_equal(p.predict(X), ypm)
    # the same run as with {0, 1} labels
    q = Perceptron(seed=3).fit(X, y)
    np.testing.assert_allclose(p.weights, q.weights)
    assert p.mistakes_per_epoch == q.mistakes_per_epoch


def test_xor_does_not_converge():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0, 1, 1, 0])
    p = Perceptron(max_epochs=50, seed=0).fit(X, y)
    assert not p.converged
    assert len(p.mistakes_per_epoch) == 50 and min(p.mistakes_per_epoch) > 0
    assert (p.predict(X) != y).any()


def test_single_update_is_the_rule():
    # one example, w = 0: y_hat = step(0) = 1, y = 0 -> w = -alpha * x (with x_0 = 1)
    p = Perceptron(learning_rate=0.5, max_epochs=1, shuffle=False).fit([[2.0, -1.0]], [0])
    np.testing.assert_allclose(p.weights, [-1.0, 0.5])
    assert p.bias == -0.5 and p.mistakes_per_epoch == [1]


def test_delta_rule_is_sgd_on_squared_error():
    X = np.array([[1.0, 2.0], [0.5, -1.0], [-1.0, 0.3]])
    y = np.array([1, 0, 1])
    d = DeltaRule(learning_rate=0.1, max_epochs=1, shuffle=False).fit(X, y)
    w = np.zeros(3)
    for x, t in zip(np.hstack([np.ones((3, 1)), X]), y):
        w = w - 0.1 * (w @ x - t) * x        # gradient of 1/2 (w.x - t)^2
    np.testing.assert_allclose(np.concatenate([[d.bias], d.weights]), w)


def test_delta_rule_learns_separable_data():
    X, y, _ = _separable(4)
    d = DeltaRule(learning_rate=0.01, max_epochs=50, seed=0).fit(X, y)
    assert np.mean(d.predict(X) == y) > 0.9
    assert d.loss_per_epoch[-1] < d.loss_per_epoch[0]


def test_bad_input():
    with pytest.raises(ValueError, match="labels must be in"):
        Perceptron().fit([[0.0], [1.0]], [0, 2])
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        Perceptron(learning_rate=-1)
    with pytest.raises(ValueError, match="X has 2 examples but y has 3"):
        Perceptron().fit([[0.0], [1.0]], [0, 1, 1])
    with pytest.raises(RuntimeError, match="call fit"):
        Perceptron().predict([[0.0]])
