"""Hyperparameters as data: set between jitted steps without recompiling; Keras names; errors."""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl


def _setup(opt):
    params = {"dense_1": {"kernel": jnp.ones((3, 2)), "bias": jnp.zeros(2)}}
    return params, opt.init(params)


def test_set_hyperparams_compiles_once():
    opt = dl.optim.sgd(0.1, momentum=0.9)
    params, state = _setup(opt)
    traces = []

    @jax.jit
    def train_step(params, state, x):
        traces.append(1)  # runs only while tracing
        grads = jax.grad(lambda p: jnp.sum((x @ p["dense_1"]["kernel"] + p["dense_1"]["bias"]) ** 2))(params)
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    x = jnp.ones((4, 3))
    seen = []
    for lr, mu in [(0.1, 0.9), (0.01, 0.0), (0.5, 0.5), (0.001, 0.99), (0.2, 0.1)]:
        state = dl.optim.set_hyperparams(state, learning_rate=lr, momentum=mu)
        hp = dl.optim.get_hyperparams(state)
        seen.append((float(hp["learning_rate"]), float(hp["momentum"])))
        params, state = train_step(params, state, x)
    assert len(traces) == 1
    np.testing.assert_allclose(seen, [(0.1, 0.9), (0.01, 0.0), (0.5, 0.5), (0.001, 0.99), (0.2, 0.1)],
                               rtol=1e-6)


def test_new_learning_rate_takes_effect():
    opt = dl.optim.sgd(0.1)
    params, state = _setup(opt)
    grads = jax.tree.map(jnp.ones_like, params)
    state = dl.optim.set_hyperparams(state, learning_rate=0.25)
    updates, _ = jax.jit(opt.update)(grads, state, params)
    np.testing.assert_allclose(updates["dense_1"]["kernel"], -0.25)


def test_set_inside_chain_and_inject_hyperparams():
    opt = optax.chain(optax.clip_by_global_norm(1.0), dl.optim.adam(1e-3))
    _, state = _setup(opt)
    state = dl.optim.set_hyperparams(state, learning_rate=0.5, b1=0.8)
    hp = dl.optim.get_hyperparams(state)
    assert float(hp["learning_rate"]) == 0.5 and abs(float(hp["b1"]) - 0.8) < 1e-7
    assert hp["b1"].dtype == jnp.float32

    _, ostate = _setup(optax.inject_hyperparams(optax.sgd)(learning_rate=0.1))
    ostate = dl.optim.scale_learning_rate(ostate, 0.5)
    assert abs(dl.optim.get_learning_rate(ostate) - 0.05) < 1e-8


def test_schedule_with_lr_scale():
    sched = dl.optim.schedules.exponential_decay(0.1, transition_steps=1, decay_rate=0.5)
    opt = dl.optim.sgd(sched)
    params, state = _setup(opt)
    grads = jax.tree.map(jnp.ones_like, params)
    update = jax.jit(opt.update)
    with pytest.raises(ValueError, match="lr_scale"):
        dl.optim.set_hyperparams(state, learning_rate=0.3)
    assert abs(dl.optim.get_learning_rate(state) - 0.1) < 1e-7          # schedule(0)
    _, state = update(grads, state, params)
    assert abs(dl.optim.get_learning_rate(state) - 0.05) < 1e-7         # schedule(1), next step
    state = dl.optim.scale_learning_rate(state, 0.1)                     # ReduceLROnPlateau
    u, state = update(grads, state, params)
    np.testing.assert_allclose(u["dense_1"]["kernel"], -0.005, rtol=1e-6)
    state = dl.optim.set_learning_rate(state, 0.5)                       # LearningRateScheduler
    u, state = update(grads, state, params)
    np.testing.assert_allclose(u["dense_1"]["kernel"], -0.5, rtol=1e-6)
    u, state = update(grads, state, params)                              # schedule keeps decaying
    np.testing.assert_allclose(u["dense_1"]["kernel"], -0.25, rtol=1e-6)


def test_set_learning_rate_constant_resets_scale():
    _, state = _setup(dl.optim.adam(1e-3))
    state = dl.optim.scale_learning_rate(state, 0.5)
    assert abs(dl.optim.get_learning_rate(state) - 5e-4) < 1e-10
    state = dl.optim.set_learning_rate(state, 0.02)
    hp = dl.optim.get_hyperparams(state)
    assert float(hp["lr_scale"]) == 1.0 and abs(float(hp["learning_rate"]) - 0.02) < 1e-9


def test_keras_names_and_defaults():
    lrs = {"sgd": 0.01, "adam": 0.001, "rmsprop": 0.001, "adagrad": 0.001, "adadelta": 0.001,
           "nadam": 0.001, "adamw": 0.001, "SGD": 0.01, "Adam": 0.001}
    for name, lr in lrs.items():
        _, state = _setup(dl.optim.get(name))
        assert abs(dl.optim.get_learning_rate(state) - lr) < 1e-9, name
    _, state = _setup(dl.optim.SGD(learning_rate=0.1))
    hp = dl.optim.get_hyperparams(state)
    assert abs(float(hp["learning_rate"]) - 0.1) < 1e-8 and float(hp["momentum"]) == 0.0
    _, state = _setup(dl.optim.get("sgd", learning_rate=0.3, momentum=0.9))
    assert abs(float(dl.optim.get_hyperparams(state)["momentum"]) - 0.9) < 1e-7
    opt = optax.adam(1e-3)
    assert dl.optim.get(opt) is opt
    for ctor in (dl.optim.Adam, dl.optim.AdamW, dl.optim.Nadam, dl.optim.RMSprop,
                 dl.optim.Adagrad, dl.optim.Adadelta):
        assert isinstance(ctor(), optax.GradientTransformation)


@pytest.mark.parametrize("make, match", [
    (lambda: dl.optim.sgd(-0.1), "learning_rate must be >= 0"),
    (lambda: dl.optim.sgd(0.1, momentum=1.0), r"momentum must be in \[0, 1\)"),
    (lambda: dl.optim.sgd(0.1, momentum=-0.5), r"momentum must be in \[0, 1\)"),
    (lambda: dl.optim.adam(0.1, b1=1.2), r"b1 must be in \[0, 1\)"),
    (lambda: dl.optim.adam(0.1, b2=-0.1), r"b2 must be in \[0, 1\)"),
    (lambda: dl.optim.rmsprop(0.1, decay=1.5), r"decay must be in \[0, 1\)"),
    (lambda: dl.optim.adamw(0.1, weight_decay=-1.0), "weight_decay must be >= 0"),
    (lambda: dl.optim.SGD(learning_rate=-1), "learning_rate must be >= 0"),
    (lambda: dl.optim.get("adamm"), "valid names are: adadelta, adagrad, adam, adamw, nadam, rmsprop, sgd"),
    (lambda: dl.optim.sgd(0.1, nesterov=True), "needs a momentum"),
])
def test_bad_input(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_set_hyperparams():
    _, state = _setup(dl.optim.sgd(0.1))
    with pytest.raises(ValueError, match="momentum=0.0"):
        dl.optim.set_hyperparams(state, momentum=0.9)
    _, state = _setup(dl.optim.sgd(0.1, momentum=0.5))
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        dl.optim.set_hyperparams(state, momentum=1.0)
    with pytest.raises(ValueError, match="learning_rate must be >= 0"):
        dl.optim.set_hyperparams(state, learning_rate=-0.01)
    with pytest.raises(ValueError, match="no optimizer"):
        dl.optim.get_hyperparams(optax.sgd(0.1).init({"w": jnp.ones(2)}))
    with pytest.raises(TypeError, match="name such as 'adam'"):
        dl.optim.get(42)
