"""What students do to fit: a learning rate of 10, the Stop button, a crash mid-save (issue 5)."""
import os
import signal

import jax
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.callbacks import Callback, EarlyStopping
from dltoolkit.layers import Dense, Flatten
from dltoolkit.models import Sequential


def _digits_mlp(activation="relu", head="softmax"):
    (x, y), _ = dl.data.load_digits()
    model = Sequential([Flatten(input_shape=x.shape[1:]), Dense(32, activation=activation),
                        Dense(10, activation=head)])
    return model, x, y


def test_learning_rate_10_stops_with_message_and_finite_params(capsys):
    # A tanh MLP with a linear head on squared error: at lr 10 every step overshoots further,
    # the loss grows geometrically and overflows within the first epoch. (A softmax head with
    # cross-entropy does not overflow at lr 10: its ReLUs die and the loss sits at ln 10.)
    model, x, y = _digits_mlp("tanh", None)
    model.compile(optimizer=dl.optim.sgd(10.0), loss="mse", metrics=["accuracy"])
    h = model.fit(x, np.eye(10, dtype=np.float32)[y], epochs=5, batch_size=32, verbose=0)
    out = capsys.readouterr().out
    assert h.stop_reason == "diverged"
    assert "NaN or infinite" in out and "Lower the learning rate" in out
    assert len(h.epoch) == 1 and np.isnan(h.history["loss"][-1])
    assert f"at step {h.diverged_at_step}" in out
    assert all(np.all(np.isfinite(l)) for l in jax.tree.leaves(model.params))
    # the kept params are usable: predictions are finite
    assert np.all(np.isfinite(model.predict(x[:8])))


class _InterruptAt(Callback):
    def __init__(self, at, how):
        super().__init__()
        self.at, self.how, self.calls = at, how, 0

    def on_train_batch_end(self, batch, logs=None):
        self.calls += 1
        if self.calls == self.at:
            if self.how == "raise":
                raise KeyboardInterrupt
            signal.raise_signal(signal.SIGINT)      # what the notebook's Stop button sends


@pytest.mark.parametrize("how", ["raise", "signal"])
def test_interrupt_mid_epoch_returns_usable_model(how):
    model, x, y = _digits_mlp()
    model.compile(optimizer=dl.optim.adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    cb = _InterruptAt(60, how)                # steps_per_execution=1: epoch 2 has 45 steps
    h = model.fit(x, y, epochs=5, batch_size=32, verbose=0, steps_per_execution=1, callbacks=[cb])
    assert h.stop_reason == "interrupted"
    assert len(h.epoch) == 1                  # epoch 1 completed, epoch 2 interrupted
    assert model.trainer.step == 60 if how == "signal" else model.trainer.step in (59, 60)
    acc = model.evaluate(x, y, return_dict=True)["loss"]
    assert np.isfinite(acc)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)     # and it trains on afterwards


def test_checkpoint_interrupted_mid_write_leaves_previous_intact(tmp_path, monkeypatch):
    model, x, y = _digits_mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, verbose=0)
    path = tmp_path / "model.npz"
    model.save(path)
    before = path.read_bytes()
    model.fit(x, y, epochs=1, verbose=0)

    real_savez = np.savez

    def crashing_savez(f, **arrays):
        f.write(b"PK\x03\x04 partial")        # some bytes reach the disk, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", crashing_savez)
    with pytest.raises(OSError):
        model.save(path)
    monkeypatch.setattr(np, "savez", real_savez)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]   # no temp file left
    restored = dl.models.load(path)
    assert np.all(np.isfinite(restored.predict(x[:4])))


def test_save_load_roundtrip_and_mismatch_names_leaf(tmp_path):
    model, x, y = _digits_mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as z:   # plain arrays, no pickle
        assert "params/dense/kernel" in z.files
    loaded = dl.models.load(tmp_path / "m.npz")
    np.testing.assert_array_equal(loaded.predict(x[:16]), model.predict(x[:16]))
    assert loaded.evaluate(x, y) == pytest.approx(model.evaluate(x, y), rel=1e-6)
    loaded.fit(x, y, epochs=1, verbose=0)                           # optimizer state came back too
    other = Sequential([Flatten(input_shape=(8, 8, 1)), Dense(32, activation="relu"),
                        Dense(7, activation="softmax")])
    with pytest.raises(ValueError, match=r"params/dense_1/\w+ has shape \(\d+(, \d+)?\) in the checkpoint"):
        other.load_weights(tmp_path / "m.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a readable"):
        dl.models.load(tmp_path / "junk.npz")


def test_early_stopping_restores_best_weights():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 5)).astype(np.float32)
    y = rng.normal(size=(40, 1)).astype(np.float32)            # pure noise: val loss soon rises
    model = Sequential([Dense(64, activation="relu", input_dim=5), Dense(1)])
    model.compile(optimizer=dl.optim.adam(0.05), loss="mse")
    snaps = []

    class Snap(Callback):
        def on_epoch_end(self, epoch, logs=None):
            snaps.append(jax.tree.map(np.array, self.model.params))

    es = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    h = model.fit(x, y, epochs=60, batch_size=8, validation_split=0.5, verbose=0, callbacks=[Snap(), es])
    val = h.history["val_loss"]
    best = int(np.argmin(val))
    assert len(val) < 60 and h.stop_reason == "early stopping"
    assert len(val) == best + 1 + 2                           # stopped `patience` epochs after the best
    for a, b in zip(jax.tree.leaves(model.params), jax.tree.leaves(snaps[best])):
        np.testing.assert_array_equal(np.asarray(a), b)
