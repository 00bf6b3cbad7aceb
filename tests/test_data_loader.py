"""DataLoader coverage, per-epoch shuffling, drop_last, prefetch; preprocessing helpers."""
from __future__ import annotations

import threading

import jax
import numpy as np
import pytest

from dltoolkit.data import (DataLoader, MeanImage, Standardizer, to_categorical,
                            train_val_test_split)

N = 103
X = np.arange(N * 2, dtype=np.float32).reshape(N, 2)  # row i is (2i, 2i+1): identifies the example
Y = np.arange(N)


@pytest.mark.parametrize("prefetch", [0, 2])
def test_every_example_once_per_epoch_and_reshuffled(prefetch):
    dl = DataLoader(X, Y, batch_size=10, seed=1, prefetch=prefetch)
    assert len(dl) == 11
    epochs = []
    for _ in range(3):
        batches = list(dl)
        assert [len(b[1]) for b in batches] == [10] * 10 + [3]
        xs = np.concatenate([np.asarray(b[0]) for b in batches])
        ys = np.concatenate([np.asarray(b[1]) for b in batches])
        assert sorted(ys.tolist()) == list(range(N))       # each example exactly once
        assert np.array_equal(xs[:, 0], 2 * ys)               # x and y stay paired
        epochs.append(ys)
    assert not np.array_equal(epochs[0], epochs[1]) and not np.array_equal(epochs[1], epochs[2])
    # the order of an epoch depends only on (seed, epoch)
    again = DataLoader(X, Y, batch_size=10, seed=1, prefetch=prefetch)
    assert np.array_equal(np.concatenate([np.asarray(b[1]) for b in again.iter_epoch(2)]), epochs[2])
    other = DataLoader(X, Y, batch_size=10, seed=2, prefetch=prefetch)
    assert not np.array_equal(np.concatenate([np.asarray(b[1]) for b in other]), epochs[0])


def test_drop_last_and_no_shuffle():
    dl = DataLoader(X, Y, batch_size=10, shuffle=False, drop_last=True, prefetch=0, device_put=False)
    batches = list(dl)
    assert len(dl) == len(batches) == 10 and all(len(b[1]) == 10 for b in batches)
    assert np.array_equal(np.concatenate([b[1] for b in batches]), np.arange(100))
    assert isinstance(batches[0][0], np.ndarray)
    shuffled = DataLoader(X, Y, batch_size=10, drop_last=True, seed=0)
    seen = np.concatenate([np.asarray(b[1]) for b in shuffled])
    assert len(seen) == 100 and len(set(seen.tolist())) == 100  # 3 examples skipped this epoch
    assert len(list(DataLoader(X, batch_size=200, drop_last=True))) == 0


def test_prefetch_puts_on_device_and_stops_cleanly():
    dl = DataLoader(X, None, batch_size=7, prefetch=3)
    first = next(iter(dl))
    assert isinstance(first, jax.Array) and first.shape == (7, 2)
    before = threading.active_count()
    for i, _ in enumerate(dl):
        if i == 1:
            break  # early exit must not leave a producer thread behind
    assert threading.active_count() <= before


def test_producer_error_reaches_consumer():
    class Failing(DataLoader):
        def _put(self, batch):
            if int(np.asarray(batch[1]).min()) >= 0 and self._calls == 2:
                raise RuntimeError("boom in the prefetch thread")
            self._calls += 1
            return batch

    dl = Failing(X, Y, batch_size=10, prefetch=2)
    dl._calls = 0
    got = []
    with pytest.raises(RuntimeError, match="boom"):
        for b in dl:
            got.append(b)
    assert len(got) == 2


def test_bad_arguments():
    with pytest.raises(ValueError, match="same number"):
        DataLoader(X, Y[:5])
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(X, Y, batch_size=0)


def test_to_categorical_and_splits():
    y = np.array([0, 2, 1, 2])
    oh = to_categorical(y)
    assert oh.shape == (4, 3) and oh.dtype == np.float32
    assert np.array_equal(oh.argmax(1), y) and np.all(oh.sum(1) == 1)
    assert to_categorical(y, 5).shape == (4, 5)
    with pytest.raises(ValueError, match="0..2"):
        to_categorical([0, 3], num_classes=3)
    labels = np.repeat(np.arange(4), [50, 30, 100, 20])
    x = np.arange(200)
    (xtr, ytr), (xva, yva), (xte, yte) = train_val_test_split(x, labels, 0.1, 0.2, seed=0)
    assert len(xva) == 20 and len(xte) == 40 and len(xtr) == 140
    assert sorted(np.concatenate([xtr, xva, xte]).tolist()) == list(range(200))
    for part, frac in [(yva, 0.1), (yte, 0.2)]:
        assert np.array_equal(np.bincount(part, minlength=4), (np.array([50, 30, 100, 20]) * frac).astype(int))
    assert np.array_equal(train_val_test_split(x, labels, seed=0)[2][0],
                          train_val_test_split(x, labels, seed=0)[2][0])


def test_standardizer_and_mean_image():
    rng = np.random.default_rng(0)
    train = rng.normal([1, -2, 5], [2, 0.5, 3], size=(500, 4, 4, 3)).astype(np.float32)
    test = rng.normal(size=(10, 4, 4, 3)).astype(np.float32)
    s = Standardizer().fit(train)
    z = s.transform(train)
    np.testing.assert_allclose(z.mean(axis=(0, 1, 2)), 0, atol=1e-4)
    np.testing.assert_allclose(z.std(axis=(0, 1, 2)), 1, atol=1e-4)
    # test data uses the training statistics, computed independently here
    mu, sd = train.reshape(-1, 3).mean(0), train.reshape(-1, 3).std(0)
    np.testing.assert_allclose(s.transform(test), (test - mu) / sd, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(s.inverse_transform(s.transform(test)), test, atol=1e-4)
    with pytest.raises(RuntimeError, match="not fitted"):
        Standardizer().transform(test)
    with pytest.raises(ValueError, match="3 channels"):
        s.transform(test[..., :2])
    m = MeanImage().fit(train)
    np.testing.assert_allclose(m.transform(test), test - train.mean(0), atol=1e-5)
