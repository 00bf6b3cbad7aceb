"""Keras callbacks on the shared engine: checkpoints, CSV logs, learning-rate control."""
import csv

import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.callbacks import (CSVLogger, LearningRateScheduler, ModelCheckpoint,
                                 ReduceLROnPlateau, TerminateOnNaN)
from dltoolkit.layers import Dense
from dltoolkit.models import Sequential


def _setup(lr=0.05):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5], [0.0]], np.float32)).astype(np.float32)
    model = Sequential([Dense(8, activation="tanh", input_dim=4), Dense(1)])
    model.compile(optimizer=dl.optim.sgd(lr, momentum=0.9), loss="mse", metrics=["mae"])
    return model, x, y


def test_learning_rate_scheduler_sets_lr_each_epoch_without_recompiling():
    model, x, y = _setup()
    seen = []
    sched = LearningRateScheduler(lambda epoch, lr: 0.1 * 0.5 ** epoch)
    h = model.fit(x, y, epochs=4, batch_size=16, verbose=0, callbacks=[sched])
    np.testing.assert_allclose(h.history["learning_rate"], [0.1, 0.05, 0.025, 0.0125], rtol=1e-6)
    assert model.engine.traces["train"] == 1


def test_lr_scheduler_changes_the_trajectory_like_a_manual_lr_change():
    a, x, y = _setup()
    b, _, _ = _setup()
    a.build(seed=0)
    b.build(seed=0)
    a.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0,
          callbacks=[LearningRateScheduler(lambda e: [0.05, 0.01][e])])
    b.fit(x, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    b.learning_rate = 0.01
    b.fit(x, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    for p, q in zip(dl.train.engine.jax.tree.leaves(a.params), dl.train.engine.jax.tree.leaves(b.params)):
        np.testing.assert_allclose(p, q, rtol=1e-6)


def test_reduce_lr_on_plateau_cuts_the_rate_when_the_loss_stalls():
    model, x, y = _setup(lr=1e-9)                     # lr ~0: the loss never improves by 1.0
    cb = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, min_delta=1.0)
    h = model.fit(x, y, epochs=7, batch_size=16, verbose=0, callbacks=[cb])
    lrs = h.history["learning_rate"]
    # epoch 0 sets the best; epochs 1,2 stall -> cut at epoch 2; cooldown 0 -> stall 3,4 -> cut at 4; 5,6 -> cut at 6
    np.testing.assert_allclose(lrs, [1e-9, 1e-9, 5e-10, 5e-10, 2.5e-10, 2.5e-10, 1.25e-10], rtol=1e-5)


def test_model_checkpoint_save_best_only(tmp_path):
    model, x, y = _setup()
    path = tmp_path / "best.npz"
    best_vals = []

    class Track(dl.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            best_vals.append(logs["val_loss"])

    cb = ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    model.fit(x, y, epochs=6, batch_size=16, validation_split=0.25, verbose=0, callbacks=[Track(), cb])
    restored = dl.models.load(path)
    best = min(best_vals)
    assert restored.evaluate(x[48:], y[48:], return_dict=True)["loss"] == pytest.approx(best, rel=1e-5)
    pattern = tmp_path / "e{epoch:02d}.npz"
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[ModelCheckpoint(str(pattern))])
    assert sorted(p.name for p in tmp_path.glob("e*.npz")) == ["e01.npz", "e02.npz"]


def test_csv_logger_writes_one_row_per_epoch(tmp_path):
    model, x, y = _setup()
    path = tmp_path / "log.csv"
    h = model.fit(x, y, epochs=3, batch_size=16, verbose=0, callbacks=[CSVLogger(path)])
    rows = list(csv.DictReader(open(path)))
    assert [int(r["epoch"]) for r in rows] == [0, 1, 2]
    np.testing.assert_allclose([float(r["loss"]) for r in rows], h.history["loss"], rtol=1e-6)


def test_terminate_on_nan_and_history_plot():
    import matplotlib

    matplotlib.use("Agg")
    model, x, y = _setup()
    h = model.fit(x, y, epochs=2, batch_size=16, verbose=0, validation_split=0.25,
                  callbacks=[TerminateOnNaN()])
    fig = h.plot()
    assert len(fig.axes) == 2                          # loss and mae panels
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2 and list(lines[0].get_ydata()) == h.history["loss"]


def test_verbose_levels_print_progress(capsys):
    model, x, y = _setup()
    model.fit(x, y, epochs=2, batch_size=16, verbose=2)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out and "loss:" in out
    model.fit(x, y, epochs=1, batch_size=16, verbose=1)
    cap = capsys.readouterr()
    assert "Epoch 1/1" in cap.err + cap.out               # tqdm bar
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    cap = capsys.readouterr()
    assert cap.out == "" and cap.err == ""


def test_batch_end_logs_per_execution_average_to_the_epoch():
    model, x, y = _setup()
    seen = []

    class Batches(dl.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append((batch, logs["loss"]))

    h = model.fit(x, y, epochs=1, batch_size=16, verbose=0, steps_per_execution=2,
                  callbacks=[Batches()])
    assert [b for b, _ in seen] == [2, 2]                 # 4 steps in executions of 2
    assert abs(np.mean([l for _, l in seen]) - h.history["loss"][0]) < 1e-5
