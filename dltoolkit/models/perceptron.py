"""Rosenblatt's perceptron learning rule, and the delta rule, as small trainers.

With the bias folded in as ``w_0`` (input ``x_0 = 1``), for each example in turn::

    y_hat = step(w . x)            step(z) = 1 if z >= 0 else 0
    w    <- w - alpha * (y_hat - y) * x

Nothing changes when the prediction is right; a mistake moves ``w`` towards (y = 1) or
away from (y = 0) the example. On linearly separable data the rule stops making
mistakes after at most ``(R / gamma)^2`` updates (Novikoff 1962), where ``R = max ||x||``
and ``gamma`` is the margin of a unit-norm separating ``w*`` (both with ``x_0 = 1``).
On XOR no line separates the classes and it never converges.

The delta rule (Widrow-Hoff / ADALINE) is the *same update* with a linear activation,
``y_hat = w . x``: it is stochastic gradient descent on ``1/2 (y_hat - y)^2``.

Labels may be {0, 1} or {-1, 1}; ``predict`` answers in the labels you gave.
"""
from __future__ import annotations

from typing import Optional

import numpy as np


class Perceptron:
    """Perceptron trainer: ``Perceptron(learning_rate=1.0, max_epochs=100, seed=0).fit(X, y)``.

    After ``fit``: ``weights`` (n_features,), ``bias`` (float), ``mistakes_per_epoch``
    (list of int, one per epoch run), ``converged`` (an epoch with no mistakes happened).
    Weights start at zero (as in the convergence theorem); ``seed`` shuffles the order
    of examples each epoch (``shuffle=False`` keeps the given order).
    """

    linear = False  # step activation

    def __init__(self, learning_rate: float = 1.0, max_epochs: int = 100, seed: int = 0,
                 shuffle: bool = True, tol: float = 0.0):
        if not learning_rate > 0:
            raise ValueError(f"{type(self).__name__}: learning_rate must be > 0, got {learning_rate!r}")
        if int(max_epochs) < 1:
            raise ValueError(f"{type(self).__name__}: max_epochs must be >= 1, got {max_epochs!r}")
        self.learning_rate, self.max_epochs = float(learning_rate), int(max_epochs)
        self.seed, self.shuffle, self.tol = seed, shuffle, float(tol)
        self.weights: Optional[np.ndarray] = None
        self.bias = 0.0
        self.mistakes_per_epoch: list[int] = []
        self.loss_per_epoch: list[float] = []
        self.converged = False

    def _labels(self, y: np.ndarray, n: int) -> np.ndarray:
        y = np.asarray(y).reshape(-1)
        if y.shape[0] != n:
            raise ValueError(f"{type(self).__name__}.fit: X has {n} examples but y has {y.shape[0]}")
        values = set(np.unique(y).tolist())
        if values <= {0, 1}:
            self._neg = 0
        elif values <= {-1, 1}:
            self._neg = -1
        else:
            raise ValueError(f"{type(self).__name__}.fit: labels must be in {{0, 1}} or {{-1, 1}}, "
                             f"got values {sorted(values)}")
        return (y == 1).astype(np.float64)

    def _activation(self, z: np.ndarray) -> np.ndarray:
        return z if self.linear else (z >= 0).astype(np.float64)

    def fit(self, X, y) -> "Perceptron":
        X = np.asarray(X, np.float64)
        if X.ndim != 2:
            raise ValueError(f"{type(self).__name__}.fit: X must be (n_examples, n_features), "
                             f"got shape {X.shape}")
        t = self._labels(y, X.shape[0])
        Xa = np.hstack([np.ones((X.shape[0], 1)), X])        # x_0 = 1 carries the bias
        w = np.zeros(Xa.shape[1])
        rng = np.random.default_rng(self.seed)
        self.mistakes_per_epoch, self.loss_per_epoch, self.converged = [], [], False
        for _ in range(self.max_epochs):
            order = rng.permutation(len(t)) if self.shuffle else np.arange(len(t))
            mistakes, sq = 0, 0.0
            for i in order:
                y_hat = self._activation(Xa[i] @ w)
                err = y_hat - t[i]
                w = w - self.learning_rate * err * Xa[i]    # the learning rule
                mistakes += int((y_hat >= 0.5) != (t[i] == 1)) if self.linear else int(err != 0)
                sq += 0.5 * err**2
            self.mistakes_per_epoch.append(mistakes)
            self.loss_per_epoch.append(sq / len(t))
            done = (self.loss_per_epoch[-1] <= self.tol) if self.linear else mistakes == 0
            if done:
                self.converged = True
                break
        self.bias, self.weights = float(w[0]), w[1:]
        return self

    def decision_function(self, X) -> np.ndarray:
        """``w . x + b`` for each row of X: shape (n,)."""
        if self.weights is None:
            raise RuntimeError(f"{type(self).__name__}: call fit(X, y) before predicting")
        return np.asarray(X, np.float64) @ self.weights + self.bias

    def predict(self, X) -> np.ndarray:
        """Class labels (n,) in the label set used for ``fit``."""
        z = self.decision_function(X)
        positive = z >= (0.5 if self.linear else 0.0)
        return np.where(positive, 1, self._neg)


class DeltaRule(Perceptron):
    """The delta rule: the same update ``w <- w - alpha (y_hat - y) x`` with a linear
    activation ``y_hat = w . x`` -- SGD on the squared error ``1/2 (y_hat - y)^2`` with
    targets {0, 1}. Predictions threshold ``w . x`` at 0.5. ``converged`` means the mean
    squared-error loss of an epoch fell to ``tol`` (default 0: use e.g. ``tol=0.05``);
    ``loss_per_epoch`` records it, ``mistakes_per_epoch`` the misclassifications.
    Use a small ``learning_rate`` (e.g. 0.01): too large a step diverges.
    """

    linear = True

    def __init__(self, learning_rate: float = 0.01, max_epochs: int = 100, seed: int = 0,
                 shuffle: bool = True, tol: float = 0.0):
        super().__init__(learning_rate, max_epochs, seed, shuffle, tol)


def perceptron(**kwargs) -> Perceptron:
    """``Perceptron(**kwargs)``."""
    return Perceptron(**kwargs)


def delta_rule(**kwargs) -> DeltaRule:
    """``DeltaRule(**kwargs)``."""
    return DeltaRule(**kwargs)
