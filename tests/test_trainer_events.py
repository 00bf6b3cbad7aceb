"""Pause/Resume and the event log: a paused run loses nothing, a knob change made while paused
applies from the recorded step (checked by replaying the log), and the log is saved with the
model."""
import threading
import time

import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.train import Callback

RNG = np.random.default_rng(0)
X = RNG.normal(size=(256, 4)).astype(np.float32)
Y = (X[:, 0] - X[:, 1] > 0).astype(np.int32)


def mlp(lr=0.05):
    model = dl.models.Sequential([dl.layers.Dense(8, activation="tanh", input_dim=4),
                                  dl.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=dl.optim.sgd(lr, momentum=0.9), loss="sparse_categorical_crossentropy")
    model.build((4,), seed=3)
    return model


def fit_in_thread(model, **kw):
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("h", model.fit(X, Y, verbose=0, **kw)))
    t.start()
    return t, out


def wait_for(cond, timeout=60.0):
    end = time.time() + timeout
    while not cond():
        assert time.time() < end, "timed out"
        time.sleep(0.01)


class SetAt(Callback):
    """Replays a ``set_hyperparams`` event: the new values from step ``step`` on."""

    def __init__(self, step, values):
        super().__init__()
        self.step, self.values, self.done = step, values, False

    def on_train_batch_end(self, batch, logs=None):
        if not self.done and int(self.model.trainer.state.step) == self.step:
            self.model.trainer.set_hyperparams(**self.values)
            self.done = True


def leaves(model):
    import jax
    return [np.asarray(a) for a in jax.tree_util.tree_leaves(model.params)]


def test_pause_holds_the_run_and_a_knob_change_replays_to_the_same_weights():
    model = mlp()
    t, out = fit_in_thread(model, batch_size=16, epochs=6, steps_per_execution=1, shuffle=False)
    wait_for(lambda: model.trainer.running and model.trainer.current_step() >= 5)
    model.trainer.pause()
    held = model.trainer.current_step()
    time.sleep(0.4)
    assert model.trainer.paused and model.trainer.current_step() == held     # nothing runs
    model.trainer.set_hyperparams(learning_rate=0.01)                         # live, while paused
    model.trainer.resume()
    t.join(120)
    h = out["h"]
    assert h.stop_reason is None and model.trainer.step == 6 * 16
    kinds = [e["event"] for e in h.events]
    assert kinds == ["fit", "pause", "set_hyperparams", "resume", "end"]
    change = h.events[2]
    assert change["step"] == held and change["learning_rate"] == pytest.approx(0.01)

    # replay the log on a fresh model: the same weights, so the log says exactly what happened
    replay = mlp()
    replay.fit(X, Y, batch_size=16, epochs=6, steps_per_execution=1, shuffle=False, verbose=0,
               callbacks=[SetAt(change["step"], {"learning_rate": change["learning_rate"]})])
    for a, b in zip(leaves(model), leaves(replay)):
        np.testing.assert_array_equal(a, b)
    # ... and without the change the weights differ: the event mattered
    plain = mlp()
    plain.fit(X, Y, batch_size=16, epochs=6, steps_per_execution=1, shuffle=False, verbose=0)
    assert max(np.abs(a - b).max() for a, b in zip(leaves(model), leaves(plain))) > 1e-4


def test_stop_while_paused_ends_the_run_at_once():
    model = mlp()
    t, out = fit_in_thread(model, batch_size=16, epochs=1000, steps_per_execution=1)
    wait_for(lambda: model.trainer.running and model.trainer.current_step() >= 3)
    model.trainer.pause()
    time.sleep(0.2)
    start = time.perf_counter()
    model.trainer.stop()
    t.join(30)
    assert not t.is_alive() and time.perf_counter() - start < 5
    h = out["h"]
    assert h.stop_reason == "stopped"
    assert [e["event"] for e in h.events][-3:] == ["pause", "stop", "end"]
    assert not model.trainer.paused and model.trainer.state is None


def test_events_are_saved_with_the_model(tmp_path):
    model = mlp()
    model.fit(X, Y, batch_size=32, epochs=2, verbose=0)
    model.trainer.set_hyperparams(momentum=0.5, schedule=dl.optim.schedules.step_decay(1.0, 0.5, 1))
    model.fit(X, Y, batch_size=32, epochs=3, initial_epoch=2, verbose=0)
    model.save(tmp_path / "m.npz")
    log = model.trainer.events
    assert [e["event"] for e in log] == ["fit", "end", "set_hyperparams", "fit", "end", "save"]
    assert log[2]["momentum"] == pytest.approx(0.5) and log[2]["schedule"].startswith("step_decay(")
    assert log[1]["step"] == 16 and log[4]["step"] == 24 and log[5]["step"] == 24   # 8 steps/epoch
    loaded = dl.models.load(tmp_path / "m.npz")
    assert loaded.trainer.events == log
    text = dl.train.format_events(log)
    assert text.splitlines()[2].startswith("step 16 (epoch 3): set_hyperparams momentum=0.5")
