"""After divergence the model is usable: fit puts back its last good state.

The rule (``dl.train.good_state``): the copy of the train state taken at the start of the epoch
in which the loss turned NaN/inf, or of an earlier epoch if the epoch before was already blowing
up (mean loss more than 10x the best epoch so far). Oracles: a fresh model with the same seed
(epoch 1 restores the initial weights exactly), and the closed form of gradient descent on
f(w) = w^2, where every step multiplies w by (1 - 2 lr).
"""
import jax
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.callbacks import Callback
from dltoolkit.layers import Dense, Flatten
from dltoolkit.models import Sequential


def _digits_mlp():
    # a tanh MLP with a linear head on squared error: at lr 10 the loss overflows in epoch 1
    return Sequential([Flatten(input_shape=(8, 8, 1)), Dense(32, activation="tanh"), Dense(10)])


@pytest.fixture(scope="module")
def digits():
    (x, y), _ = dl.data.load_digits()
    return x, np.eye(10, dtype=np.float32)[y], y


def test_lr_10_restores_a_usable_model_that_trains_again(digits, capsys):
    x, t, y = digits
    model = _digits_mlp()
    model.compile(optimizer=dl.optim.sgd(10.0), loss="mse", metrics=["accuracy"])
    h = model.fit(x, t, epochs=5, batch_size=32, verbose=0)
    out = capsys.readouterr().out
    assert h.stop_reason == "diverged" and h.restored_epoch == 0
    assert "NaN or infinite" in out and "last good state" in out and "start of epoch 1" in out
    assert "Lower the learning rate (now 10)" in out

    # oracle: the restored weights are the initial ones, i.e. a fresh model's with the same seed
    fresh = _digits_mlp()
    fresh.compile(optimizer=dl.optim.sgd(0.01), loss="mse", metrics=["accuracy"])
    fresh.build()
    for a, b in zip(jax.tree.leaves(model.params), jax.tree.leaves(fresh.params)):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    ev = model.evaluate(x, t, return_dict=True)
    assert np.isfinite(ev["loss"]) and ev["loss"] == pytest.approx(
        fresh.evaluate(x, t, return_dict=True)["loss"], rel=1e-6)

    # lowering the learning rate and fitting again trains exactly like the fresh model
    model.learning_rate = 0.01
    h2 = model.fit(x, t, epochs=3, batch_size=32, verbose=0)
    h3 = fresh.fit(x, t, epochs=3, batch_size=32, verbose=0)
    assert h2.stop_reason is None
    assert h2.history["loss"][-1] < 0.5 * h2.history["loss"][0] or h2.history["loss"][-1] < ev["loss"]
    np.testing.assert_allclose(h2.history["loss"], h3.history["loss"], rtol=1e-5)


class _SetLR(Callback):
    """Set the learning rate at the start of given epochs: {epoch: lr}."""

    def __init__(self, plan):
        super().__init__()
        self.plan = plan

    def on_epoch_begin(self, epoch, logs=None):
        if epoch in self.plan:
            self.model.learning_rate = self.plan[epoch]


def _quadratic(w0=0.5):
    """f(w) = mean (w x - 0)^2 with x = 1: one step of SGD gives w <- w (1 - 2 lr)."""
    model = Sequential([Dense(1, use_bias=False, input_dim=1,
                              kernel_initializer=dl.initializers.constant(w0))])
    model.compile(optimizer=dl.optim.sgd(0.1), loss="mse")
    return model, np.ones((8, 1), np.float32), np.zeros((8, 1), np.float32)


def test_growing_loss_before_the_nan_goes_back_further():
    # one step per epoch. lr 1.5: w <- -2 w, the loss x4 per epoch (L, 4L, 16L); 16L > 10 L is
    # not healthy, so the copy from the start of epoch 3 (w = 4 w0) is the last good one.
    # lr 1e20 at epoch 4 overflows the update: divergence there.
    model, x, y = _quadratic(0.5)
    h = model.fit(x, y, epochs=6, batch_size=8, verbose=0, shuffle=False,
                  callbacks=[_SetLR({0: 1.5, 3: 1e20})])
    np.testing.assert_allclose(h.history["loss"][:3], [0.25, 1.0, 4.0], rtol=1e-6)
    assert h.stop_reason == "diverged" and h.restored_epoch == 2
    w = float(np.asarray(model.params["dense"]["kernel"]).ravel()[0])
    assert w == pytest.approx(0.5 * (1 - 2 * 1.5) ** 2)              # 2.0: the start of epoch 3
    assert model.trainer.step == 2                                  # the step count went back too
    assert model.learning_rate == pytest.approx(1e20)               # the knob stays as it was set
    model.learning_rate = 0.1                                       # w <- 0.8 w
    model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    w = float(np.asarray(model.params["dense"]["kernel"]).ravel()[0])
    assert w == pytest.approx(2.0 * 0.8 ** 3, rel=1e-5)


def test_healthy_growth_keeps_the_latest_copy():
    # lr 1.2: w <- -1.4 w, the loss x1.96 per epoch: every epoch stays within 10x the best
    model, x, y = _quadratic(0.5)
    h = model.fit(x, y, epochs=6, batch_size=8, verbose=0, shuffle=False,
                  callbacks=[_SetLR({0: 1.2, 3: 1e20})])
    assert h.stop_reason == "diverged" and h.restored_epoch == 3
    w = float(np.asarray(model.params["dense"]["kernel"]).ravel()[0])
    assert w == pytest.approx(0.5 * (1 - 2 * 1.2) ** 3, rel=1e-5)  # the start of epoch 4
