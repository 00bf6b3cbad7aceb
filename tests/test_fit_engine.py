"""The engine behind fit: same trajectory as a hand-written optax loop, pad+mask, compile counts."""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl
from dltoolkit.layers import Dense
from dltoolkit.models import Sequential


def _data(n=50, d=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype(np.float32)
    y = (x @ rng.normal(size=(d, 1)) + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
    return x, y


def _model():
    return Sequential([Dense(4, activation="tanh", input_dim=3), Dense(1)])


@pytest.mark.parametrize("batch_size,spe", [(16, None), (16, 1), (16, 3), (50, None)])
def test_fit_matches_hand_written_optax_loop(batch_size, spe):
    """No shuffle: fit must equal a plain loop over x[i:i+B] with optax.sgd, including the last
    partial batch (50 = 3*16 + 2), whose mean is over its 2 real rows only."""
    x, y = _data()
    model = _model()
    model.compile(optimizer=dl.optim.sgd(0.05, momentum=0.9), loss="mse")
    model.build(seed=0)
    p0, s0 = model.params, model.state
    model.fit(x, y, epochs=3, batch_size=batch_size, shuffle=False, verbose=0, steps_per_execution=spe)

    opt = optax.sgd(0.05, momentum=0.9)
    params = jax.tree.map(jnp.array, p0)
    opt_state = opt.init(params)

    def loss_fn(p, xb, yb):
        return jnp.mean((model.apply(p, s0, xb)[0] - yb) ** 2)

    for _ in range(3):
        for i in range(0, len(x), batch_size):
            g = jax.grad(loss_fn)(params, x[i:i + batch_size], y[i:i + batch_size])
            u, opt_state = opt.update(g, opt_state, params)
            params = optax.apply_updates(params, u)
    for a, b in zip(jax.tree.leaves(model.params), jax.tree.leaves(params)):
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=1e-6)
    assert model.trainer.step == 3 * int(np.ceil(50 / batch_size))


def test_history_loss_is_the_epoch_mean_of_batch_losses():
    x, y = _data(n=32)
    model = _model()
    model.compile(optimizer=dl.optim.sgd(0.0), loss="mse")   # lr 0: params never move
    model.build(seed=0)
    h = model.fit(x, y, epochs=1, batch_size=10, shuffle=False, verbose=0)
    pred = np.asarray(model.apply(model.params, model.state, x)[0])
    assert abs(h.history["loss"][0] - np.mean((pred - y) ** 2)) < 1e-5


def test_learning_rate_and_momentum_changes_compile_nothing():
    x, y = _data()
    model = _model()
    model.compile(optimizer=dl.optim.sgd(0.1, momentum=0.5), loss="mse")
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    assert model.engine.traces["train"] == 1
    for lr, mom in [(0.01, 0.9), (0.3, 0.1), (1e-4, 0.0), (0.05, 0.99)]:
        model.learning_rate = lr
        model.opt_state = dl.optim.set_hyperparams(model.opt_state, momentum=mom)
        model.fit(x, y, epochs=1, batch_size=16, verbose=0)
        assert abs(model.learning_rate - lr) < 1e-7 * max(1, lr)
    assert model.engine.traces["train"] == 1
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)         # a new batch size: one compile
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    assert model.engine.traces["train"] == 2


def test_shuffling_is_seeded_and_changes_per_epoch():
    from dltoolkit.train.batching import ArrayFeeder

    x = np.arange(10, dtype=np.float32)[:, None]
    f = ArrayFeeder(x, x, batch_size=4, shuffle=True, seed=3)
    e0 = [np.asarray(c[0]).ravel() for c in f.chunks(0)][0]
    e1 = [np.asarray(c[0]).ravel() for c in f.chunks(1)][0]
    w = [np.asarray(c[2]).ravel() for c in f.chunks(0)][0]
    assert sorted(e0[w > 0]) == list(range(10)) and len(e0) == 12 and w.sum() == 10
    assert not np.array_equal(e0, e1)
    again = [np.asarray(c[0]).ravel() for c in ArrayFeeder(x, x, batch_size=4, seed=3).chunks(0)][0]
    np.testing.assert_array_equal(e0, again)


def test_validation_split_holds_out_the_last_fraction():
    x, y = _data(n=40)
    model = _model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    h = model.fit(x, y, epochs=1, validation_split=0.25, verbose=0)
    assert set(h.history) == {"loss", "mae", "val_loss", "val_mae"}
    pred = model.predict(x[30:])
    assert abs(h.history["val_loss"][0] - np.mean((pred - y[30:]) ** 2)) < 1e-5


def test_optax_optimizers_work_inside_fit():
    x, y = _data()
    ours, theirs = _model(), _model()
    ours.compile(optimizer=dl.optim.adam(0.01), loss="mse")
    theirs.compile(optimizer=optax.chain(optax.clip_by_global_norm(1e6), optax.adam(0.01)), loss="mse")
    ours.fit(x, y, epochs=2, batch_size=10, shuffle=False, verbose=0)
    theirs.fit(x, y, epochs=2, batch_size=10, shuffle=False, verbose=0)
    for a, b in zip(jax.tree.leaves(ours.params), jax.tree.leaves(theirs.params)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_iterable_of_batches_pads_last_batch_without_recompiling():
    x, y = _data(n=25)
    batches = [(x[i:i + 10], y[i:i + 10]) for i in range(0, 25, 10)]     # 10, 10, 5
    model = _model()
    model.compile(optimizer=dl.optim.sgd(0.05), loss="mse")
    model.build(seed=0)
    p0 = model.params
    model.fit(batches, epochs=1, verbose=0)
    assert model.engine.traces["train"] == 1
    ref = _model()
    ref.compile(optimizer=dl.optim.sgd(0.05), loss="mse")
    ref.params, ref.state = p0, {}
    ref.output_shape_ = (1,)
    ref.fit(x, y, epochs=1, batch_size=10, shuffle=False, verbose=0)
    for a, b in zip(jax.tree.leaves(model.params), jax.tree.leaves(ref.params)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_regularization_penalty_is_added_to_the_loss():
    x, y = _data(n=16)
    model = Sequential([Dense(1, input_dim=3, kernel_regularizer=dl.regularizers.l2(0.5))])
    model.compile(optimizer=dl.optim.sgd(0.0), loss="mse")
    model.build(seed=0)
    h = model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    w = np.asarray(model.params["dense"]["kernel"])
    pred = x @ w + np.asarray(model.params["dense"]["bias"])
    expected = np.mean((pred - y) ** 2) + 0.5 * np.sum(w ** 2)
    assert abs(h.history["loss"][0] - expected) < 1e-5
