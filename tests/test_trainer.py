"""The Trainer: typed train state, live knobs (checked against hand-computed SGD steps),
per-epoch schedules switched live, stop(), and loud keyword arguments."""
import jax
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.train import Callback, Trainer, TrainState

X = np.random.default_rng(0).normal(size=(8, 3)).astype(np.float32)
Y = (X @ np.array([[1.0], [-2.0], [0.5]], np.float32)) + 0.1


def linear(lr=0.1, momentum=0.0, **compile_kw):
    model = dl.models.Sequential([dl.layers.Dense(1, use_bias=False, input_dim=3)])
    model.compile(optimizer=dl.optim.sgd(lr, momentum=momentum), loss="mse", **compile_kw)
    model.build((3,), seed=1)
    return model


def mse_grad(w, x, y):
    """d/dw mean((x w - y)^2) in float64: 2/N x^T (x w - y)."""
    x, y = x.astype(np.float64), y.astype(np.float64)
    return 2.0 / len(x) * x.T @ (x @ w - y)


class AtStep(Callback):
    def __init__(self, step, action):
        super().__init__()
        self.step, self.action, self.seen = step, action, []

    def on_train_batch_end(self, batch, logs=None):
        ts = self.model.trainer.state
        self.seen.append(ts)
        if int(ts.step) == self.step:
            self.action(self.model.trainer)


def test_compile_makes_a_trainer_whose_state_is_a_typed_pytree():
    model = linear()
    assert isinstance(model.trainer, Trainer) and model.trainer.state is None
    cb = AtStep(-1, None)
    model.fit(X, Y, batch_size=4, epochs=1, shuffle=False, steps_per_execution=1, verbose=0, callbacks=[cb])
    ts = cb.seen[0]
    assert isinstance(ts, TrainState) and ts._fields == ("params", "state", "opt_state", "step", "key",
                                                         "bad_step")
    assert ts.params["dense"]["kernel"].shape == (3, 1)
    assert len(jax.tree_util.tree_leaves(ts)) > 3        # a pytree jax can map over
    assert model.trainer.state is None and model.trainer.step == 2    # the run is over


def test_set_hyperparams_mid_run_changes_the_next_step_and_compiles_nothing():
    """Step 1 with lr a and momentum 0; then, live: lr b and momentum 0.9. SGD with momentum
    (optax's trace): t_k = g_k + mu t_{k-1}, w_k = w_{k-1} - lr t_k."""
    a, b, mu = 0.05, 0.2, 0.9
    model = linear(a)
    w0 = np.asarray(model.params["dense"]["kernel"], np.float64)
    cb = AtStep(1, lambda tr: tr.set_hyperparams(learning_rate=b, momentum=mu))
    model.fit(X, Y, batch_size=4, epochs=1, shuffle=False, steps_per_execution=1, verbose=0, callbacks=[cb])
    g1 = mse_grad(w0, X[:4], Y[:4])
    w1 = w0 - a * g1
    t2 = mse_grad(w1, X[4:], Y[4:]) + mu * g1
    w2 = w1 - b * t2
    np.testing.assert_allclose(np.asarray(model.params["dense"]["kernel"]), w2, rtol=1e-5, atol=1e-6)
    assert model.engine.traces["train"] == 1
    assert model.trainer.hyperparams()["momentum"] == pytest.approx(mu)
    assert model.learning_rate == pytest.approx(b)


def test_set_hyperparams_between_runs_is_the_same_route():
    model = linear(0.05)
    model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    w1 = np.asarray(model.params["dense"]["kernel"], np.float64)
    model.trainer.set_hyperparams(learning_rate=0.3)
    model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    np.testing.assert_allclose(np.asarray(model.params["dense"]["kernel"]),
                               w1 - 0.3 * mse_grad(w1, X, Y), rtol=1e-5, atol=1e-6)
    assert model.engine.traces["train"] == 1


def test_schedule_from_optim_schedules_switched_live():
    model = linear(0.1)
    seen = []

    class Watch(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            seen.append(self.model.trainer.learning_rate)

        def on_epoch_end(self, epoch, logs=None):
            if epoch == 2:
                self.model.trainer.set_hyperparams(schedule=None)      # back to constant, live

    model.trainer.set_hyperparams(schedule=dl.optim.schedules.step_decay(1.0, factor=0.5, every=2))
    model.fit(X, Y, batch_size=8, epochs=5, verbose=0, callbacks=[Watch()])
    np.testing.assert_allclose(seen, [0.1, 0.1, 0.05, 0.1, 0.1], rtol=1e-6)
    assert model.engine.traces["train"] == 1


def test_stop_halts_after_the_current_execution():
    model = linear(0.01)
    cb = AtStep(3, lambda tr: tr.stop())
    x, y = np.tile(X, (4, 1)), np.tile(Y, (4, 1))
    h = model.fit(x, y, batch_size=4, epochs=5, steps_per_execution=1, verbose=0, callbacks=[cb])
    assert model.trainer.step == 3 and h.stop_reason == "stopped" and len(h.epoch) == 1
    model.stop_training = True       # Keras' spelling is the same flag
    assert model.trainer.stop_requested


@pytest.mark.parametrize("call, hint", [
    (lambda m: m.fit(X, Y, epoch=5), "did you mean 'epochs'"),
    (lambda m: m.fit(X, Y, batchsize=4), "did you mean 'batch_size'"),
    (lambda m: m.evaluate(X, Y, verbos=0), "did you mean 'verbose'"),
    (lambda m: m.predict(X, batch_sise=2), "did you mean 'batch_size'"),
    (lambda m: m.compile(optimiser="adam", loss="mse"), "did you mean 'optimizer'"),
    (lambda m: m.trainer.set_hyperparams(momentun=0.9), "did you mean 'momentum'"),
    (lambda m: dl.optim.get("sgd", momentun=0.9), "did you mean 'momentum'"),
    (lambda m: dl.layers.Dense(3, activaton="relu"), "did you mean 'activation'"),
    (lambda m: dl.losses.get("categorical_crossentropy", from_logit=True), "did you mean 'from_logits'"),
])
def test_unknown_keyword_arguments_raise_with_a_suggestion(call, hint):
    model = linear()
    before = np.asarray(model.params["dense"]["kernel"]).copy()
    with pytest.raises(TypeError, match=hint):
        call(model)
    np.testing.assert_array_equal(np.asarray(model.params["dense"]["kernel"]), before)  # nothing trained
    assert model.trainer.step == 0
