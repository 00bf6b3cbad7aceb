"""How fit executes steps: executions per epoch, no host transfers between them, one compile per
mode, the same trajectory in a loop as one step per call, and the keep-or-reject of a bad step.

Oracles: counted calls of ``Trainer.run`` against ceil(steps / K); JAX's transfer guard; a
hand-written optax loop; bitwise-unchanged weights after a rejected step.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, Dense, Flatten
from dltoolkit.models import Sequential
from dltoolkit.train import exec_mode
from dltoolkit.train.batching import ArrayFeeder


def _dense():
    return Sequential([Dense(8, activation="tanh", input_dim=4), Dense(3, activation="softmax")])


def _conv():
    return Sequential([Conv2D(3, 3, activation="relu", input_shape=(6, 6, 1)), AvgPool2D(2),
                       Flatten(), Dense(3, activation="softmax")])


def _data(shape, n=37, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, *shape)).astype(np.float32), rng.integers(0, 3, n).astype(np.int32)


def _count_runs(model):
    calls = []
    run = model.trainer.run
    model.trainer.run = lambda jitted, *a: (calls.append(jitted), run(jitted, *a))[1]
    return calls


def test_mode_comes_from_the_traced_operations_and_the_platform():
    dense, conv = _dense(), _conv()
    dense.build(seed=0)
    conv.build(seed=0)
    assert "conv_general_dilated" in exec_mode.step_primitives(conv, (2, 6, 6, 1), np.float32)
    assert "conv_general_dilated" not in exec_mode.step_primitives(dense, (2, 4), np.float32)
    assert exec_mode.runs_per_step(conv, (2, 6, 6, 1), np.float32, "cpu")
    assert not exec_mode.runs_per_step(dense, (2, 4), np.float32, "cpu")
    assert not exec_mode.runs_per_step(conv, (2, 6, 6, 1), np.float32, "gpu")


@pytest.mark.parametrize("make,shape,spe,per_step", [
    (_dense, (4,), None, False), (_dense, (4,), 3, False), (_conv, (6, 6, 1), None, True),
    (_conv, (6, 6, 1), 4, True)])
def test_executions_per_epoch_and_one_compile(make, shape, spe, per_step):
    x, y = _data(shape)
    model = make()
    model.compile(optimizer=dl.optim.adam(0.01), loss="sparse_categorical_crossentropy")
    calls = _count_runs(model)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, steps_per_execution=spe)
    steps = math.ceil(37 / 8)
    k = spe or (1 if per_step else steps)
    if per_step:        # K one-step calls per execution: one call per step, never a loop
        assert calls == [model.engine.train_step] * (2 * steps)
    else:               # one on-device loop per execution
        assert calls == [model.engine.train_loop] * (2 * math.ceil(steps / k))
    model.learning_rate = 0.003                       # a knob and a second fit compile nothing
    model.fit(x, y, epochs=1, batch_size=8, verbose=0, steps_per_execution=spe)
    assert model.engine.traces["train"] == 1 and model.trainer.step == 3 * steps


def test_an_execution_sends_and_fetches_nothing():
    x, y = _data((4,))
    model = _dense()
    model.compile(optimizer=dl.optim.sgd(0.1), loss="sparse_categorical_crossentropy")
    model.build(seed=0)
    tr, eng = model.trainer, model.engine
    feeder = ArrayFeeder(x, y, batch_size=8, steps_per_execution=2)
    batches, acc, n = feeder.epoch_batches(0), eng.zero_sums(), feeder.device_count(2)
    tr.begin_run(0)
    acc = tr.run(eng.train_loop, acc, batches, n)           # compiles (constants may move)
    acc = tr.run(eng.train_step, acc, batches)
    with jax.transfer_guard("disallow"):
        acc = tr.run(eng.train_loop, acc, batches, n)
        acc = tr.run(eng.train_step, acc, batches)
    assert int(acc["_pos"]) == 6 and int(tr.state.step) == 6
    tr.end_run()


def _hand_loop(model, p0, s0, x, y, w, batch, epochs, lr):
    """Plain optax Adam over x[i:i+B] in order, weighted mean of the per-example losses."""
    opt = optax.adam(lr)
    params, state = jax.tree.map(jnp.array, p0), opt.init(p0)

    def loss_fn(p, xb, yb, wb):
        logits = model.apply_with_logits(p, s0, xb, train=True, key=jax.random.key(0))[1]
        ce = optax.softmax_cross_entropy_with_integer_labels(logits, yb)
        return jnp.sum(ce * wb) / jnp.sum(wb)

    for _ in range(epochs):
        for i in range(0, len(x), batch):
            g = jax.grad(loss_fn)(params, x[i:i + batch], y[i:i + batch], w[i:i + batch])
            u, state = opt.update(g, state, params)
            params = optax.apply_updates(params, u)
    return params


@pytest.mark.parametrize("make,shape,op", [(_dense, (4,), "tanh"), (_conv, (6, 6, 1), "conv_general_dilated")])
@pytest.mark.parametrize("per_step", [True, False])
def test_loop_and_per_step_follow_the_hand_written_trajectory(make, shape, op, per_step, monkeypatch):
    # force the mode either way (declare one of the model's own operations slow in a loop, or
    # none): both must train exactly like the reference. 37 = 4*8 + 5: the last batch is
    # padded with weight-0 rows; sample weights weight each batch's mean.
    monkeypatch.setitem(exec_mode.LOOP_SLOW, "cpu", (op,) if per_step else ())
    monkeypatch.setattr(exec_mode, "_DECIDED", type(exec_mode._DECIDED)())
    x, y = _data(shape)
    w = np.random.default_rng(1).uniform(0.5, 2.0, len(x)).astype(np.float32)
    model = make()
    model.compile(optimizer=dl.optim.adam(0.01), loss="sparse_categorical_crossentropy")
    model.build(seed=0)
    p0, s0 = model.params, model.state
    calls = _count_runs(model)
    model.fit(x, y, epochs=2, batch_size=8, shuffle=False, sample_weight=w, verbose=0,
              steps_per_execution=2)
    assert set(calls) == {model.engine.train_step if per_step else model.engine.train_loop}
    ref = _hand_loop(model, p0, s0, x, y, w, 8, 2, 0.01)
    for a, b in zip(jax.tree.leaves(model.params), jax.tree.leaves(ref)):
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-5)


def test_a_non_finite_step_is_rejected_in_place_and_later_steps_wait():
    x, y = _data((4,), n=16)
    model = _dense()
    model.compile(optimizer=dl.optim.adam(0.01), loss="sparse_categorical_crossentropy")
    model.build(seed=0)
    eng = model.engine
    ts = eng.init_train_state(model.params, model.state, jax.random.key(0))
    xs, ys, ws = jnp.asarray(x[:8])[None], jnp.asarray(y[:8])[None], jnp.ones((1, 8))
    ts, _ = eng.train_chunk(ts, xs, ys, ws)                      # step 0: fine
    kept = jax.tree.map(np.asarray, (ts.params, ts.opt_state))
    bad = xs.at[0, 3, 1].set(np.nan)
    ts, sums = eng.train_chunk(ts, bad, ys, ws)                 # step 1: NaN loss, rejected
    assert int(ts.bad_step) == 1 and int(ts.step) == 1 and float(sums["_weight"]) == 0.0
    ts, _ = eng.train_chunk(ts, xs, ys, ws)                      # sticky: nothing more applied
    for a, b in zip(jax.tree.leaves(kept), jax.tree.leaves((ts.params, ts.opt_state))):
        np.testing.assert_array_equal(a, np.asarray(b))
    assert int(ts.bad_step) == 1 and int(ts.step) == 1


def test_weights_that_overflow_with_a_finite_loss_mark_the_step():
    # f(w) = mean (w x)^2, x = 1: SGD at lr 1e20 moves w = 0.5 to about -1e20, finite, but the
    # squares of such weights overflow: the execution marks that step as the bad one
    model = Sequential([Dense(1, use_bias=False, input_dim=1,
                              kernel_initializer=dl.initializers.constant(0.5))])
    model.compile(optimizer=dl.optim.sgd(1e20), loss="mse")
    model.build(seed=0)
    eng = model.engine
    ts = eng.init_train_state(model.params, model.state, jax.random.key(0))
    ones = jnp.ones((1, 8, 1))
    ts, sums = eng.train_chunk(ts, ones, jnp.zeros((1, 8, 1)), jnp.ones((1, 8)))
    assert np.isfinite(np.asarray(ts.params["dense"]["kernel"])).all()
    assert float(sums["loss"]) == pytest.approx(0.25 * 8) and int(ts.bad_step) == 0
