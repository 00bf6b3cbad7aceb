"""Embedded digits and generated data sets: determinism per seed and the stated geometry."""
from __future__ import annotations

import gzip
import hashlib

import jax
import numpy as np
import pytest

import dltoolkit.data as D
from dltoolkit.data.embedded import DIGITS_SHA256, EMBEDDED_DIR

TWO_D = [D.make_linearly_separable, D.make_xor, D.make_blobs, D.make_moons, D.make_circles,
         D.make_spirals]


def test_digits_is_the_real_uci_set():
    raw = (EMBEDDED_DIR / "digits.csv.gz").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == DIGITS_SHA256
    rows = gzip.decompress(raw).decode().strip().splitlines()
    assert len(rows) == 1797  # published size of the UCI test set copy in scikit-learn
    (xtr, ytr), (xte, yte) = D.load_digits()
    assert xtr.shape == (1437, 8, 8, 1) and xte.shape == (360, 8, 8, 1)
    assert xtr.dtype == np.float32 and ytr.dtype == np.int32
    assert xtr.min() == 0 and xtr.max() == 1
    # published class counts of the 1,797 digits (scikit-learn docs / UCI)
    counts = np.bincount(np.concatenate([ytr, yte]))
    assert counts.tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    # stratified: every class has ~20% in test
    assert np.all(np.abs(np.bincount(yte) - 0.2 * counts) <= 1)
    # first row of the file (the published first digit, a 0) is present, scaled by 1/16
    first = np.array(rows[0].split(","), float)
    x_all = np.concatenate([xtr, xte]).reshape(-1, 64)
    assert np.any(np.all(np.isclose(x_all, first[:64] / 16), axis=1)) and first[64] == 0
    (a, _), _ = D.load_digits(seed=0)
    (b, _), _ = D.load_digits(seed=1)
    assert np.array_equal(a, D.load_digits(seed=0)[0][0]) and not np.array_equal(a, b)


@pytest.mark.parametrize("make", TWO_D, ids=lambda f: f.__name__)
def test_2d_sets_deterministic(make):
    X, y = make(seed=3)
    X2, y2 = make(seed=3)
    X3, _ = make(seed=4)
    assert np.array_equal(X, X2) and np.array_equal(y, y2) and not np.array_equal(X, X3)
    assert X.dtype == np.float32 and y.dtype == np.int32 and X.shape == (len(y), 2)
    Xk, _ = make(seed=jax.random.key(3))
    assert np.array_equal(Xk, make(seed=jax.random.key(3))[0])


def test_geometry():
    X, y = D.make_circles(400, noise=0.0, factor=0.3)
    r = D.to_polar(X)[:, 0]
    assert np.allclose(r[y == 0], 1, atol=1e-6) and np.allclose(r[y == 1], 0.3, atol=1e-6)
    X, y = D.make_xor(300, noise=0.0)
    assert np.array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    X, y = D.make_linearly_separable(300, noise=0.0, seed=5)
    w, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], 2.0 * y - 1, rcond=None)
    assert np.all(np.sign(np.c_[X, np.ones(len(X))] @ w) == 2 * y - 1)  # a line separates them
    X, y = D.make_spirals(300, n_classes=3)
    assert np.bincount(y).tolist() == [100, 100, 100] and np.abs(X).max() <= 1 + 1e-6
    X, y = D.make_moons(200, noise=0.0)
    assert np.allclose(np.hypot(*X[y == 0].T), 1)
    X, y = D.make_blobs(300, centers=[[0, 0], [10, 10]], noise=0.5)
    assert np.abs(X[y == 1].mean(0) - 10).max() < 0.2
    x, t = D.make_regression_1d(50, kind="sine", noise=0.0)
    assert x.shape == (50, 1) and np.allclose(t, np.sin(np.pi * x), atol=1e-6)
    x, t = D.make_regression_1d(50, kind="polynomial", degree=2, noise=0.0)
    coef = np.polyfit(x[:, 0], t[:, 0], 2)
    assert np.allclose(np.polyval(coef, x[:, 0]), t[:, 0], atol=1e-4)


def test_shapes_labels_masks_boxes():
    s = D.make_shapes(60, size=24, seed=0)
    assert s.images.shape == (60, 24, 24, 3) and s.images.dtype == np.float32
    assert s.masks.shape == (60, 24, 24) and s.boxes.shape == (60, 4)
    assert set(np.unique(s.labels)) == {0, 1, 2}
    for img, lab, m, b in zip(s.images, s.labels, s.masks, s.boxes):
        assert set(np.unique(m)) == {0, lab + 1}
        rows, cols = np.nonzero(m)
        assert b.tolist() == [cols.min(), rows.min(), cols.max() + 1, rows.max() + 1]
        fill = m.sum() / (lab + 1) / ((b[2] - b[0]) * (b[3] - b[1]))  # fraction of box covered
        assert {0: (0.7, 0.85), 1: (0.95, 1.01), 2: (0.4, 0.62)}[lab][0] < fill < \
            {0: (0.7, 0.85), 1: (0.95, 1.01), 2: (0.4, 0.62)}[lab][1]  # circle pi/4, square 1, triangle 1/2
        assert img[m > 0].mean() > img[m == 0].mean() + 0.2  # the shape is brighter than background
    s2 = D.make_shapes(60, size=24, seed=0, normalize_boxes=True)
    assert np.array_equal(s.images, s2.images) and np.allclose(s2.boxes, s.boxes / 24)
    assert not np.array_equal(s.images, D.make_shapes(60, size=24, seed=1).images)


def test_rotated_and_two_domain():
    x, a = D.make_rotated(20, size=16, source="arrow", seed=0)
    x2, a2 = D.make_rotated(20, size=16, source="arrow", seed=0)
    assert np.array_equal(x, x2) and np.array_equal(a, a2) and x.shape == (20, 16, 16, 1)
    assert np.all(np.abs(a) <= 45)
    # angle 0 reproduces the upright arrow; a larger angle moves more pixels
    zero, _ = D.make_rotated(1, size=16, source="arrow", max_angle=0.0)
    diffs = [np.abs(xi - zero[0]).sum() for xi in x]
    assert np.corrcoef(np.abs(a), diffs)[0, 1] > 0.7
    xd, ad = D.make_rotated(10, size=20, seed=1)
    assert xd.shape == (10, 20, 20, 1) and 0 <= xd.min() and xd.max() <= 1
    A_, B_ = D.make_two_domain(10, size=16, seed=0)
    A2, B2 = D.make_two_domain(10, size=16, seed=0)
    assert np.array_equal(A_, A2) and np.array_equal(B_, B2) and A_.shape == B_.shape == (10, 16, 16, 3)
    assert A_.mean() < 0.4 < 0.7 < B_.mean()  # dark domain A, light domain B
