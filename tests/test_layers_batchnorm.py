"""BatchNorm: train/eval semantics and the Keras momentum update, against hand-written numpy."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import BatchNorm, BatchNormalization, ShapeError


def _np_train(x, gamma, beta, axis, eps):
    red = tuple(i for i in range(x.ndim) if i != axis % x.ndim)
    mu = x.mean(axis=red, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=red, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta, mu.squeeze(), var.squeeze()


def test_init_shapes_and_defaults():
    bn = BatchNorm()
    params, state, out = bn.init(jax.random.key(0), (4, 4, 3))
    assert out == (4, 4, 3)
    assert set(params) == {"gamma", "beta"} and set(state) == {"mean", "var"}
    np.testing.assert_array_equal(params["gamma"], np.ones(3))
    np.testing.assert_array_equal(params["beta"], np.zeros(3))
    np.testing.assert_array_equal(state["mean"], np.zeros(3))
    np.testing.assert_array_equal(state["var"], np.ones(3))
    assert (bn.momentum, bn.epsilon) == (0.99, 1e-3)
    assert BatchNormalization is BatchNorm
    p, _, _ = BatchNorm(center=False, scale=False).init(jax.random.key(0), (5,))
    assert p == {}


@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 2, 5)])
def test_train_uses_batch_statistics_and_updates_running_stats(shape):
    bn = BatchNorm(momentum=0.9, epsilon=1e-3,
                   gamma_initializer=dl.initializers.normal(1.0, 0.5),
                   beta_initializer=dl.initializers.normal(0.0, 0.5))
    params, state, _ = bn.init(jax.random.key(0), shape[1:])
    x = np.asarray(jax.random.normal(jax.random.key(1), shape)) * 3 + 2
    c = shape[-1]
    g, b = np.asarray(params["gamma"]), np.asarray(params["beta"])
    ref, mu, var = _np_train(x.astype(np.float64), g, b, -1, 1e-3)
    y, new_state = bn.apply(params, state, jnp.asarray(x), train=True)
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-4)
    # Keras: running = momentum * running + (1 - momentum) * batch (biased variance)
    np.testing.assert_allclose(new_state["mean"], 0.9 * np.zeros(c) + 0.1 * mu, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(new_state["var"], 0.9 * np.ones(c) + 0.1 * var, rtol=1e-5)
    # input state untouched (apply is pure)
    np.testing.assert_array_equal(state["mean"], np.zeros(c))


def test_eval_uses_running_statistics_and_leaves_state_alone():
    bn = BatchNorm(epsilon=1e-3)
    params, state, _ = bn.init(jax.random.key(0), (3,))
    state = {"mean": jnp.array([1.0, -2.0, 0.5]), "var": jnp.array([4.0, 0.25, 1.0])}
    params = {"gamma": jnp.array([2.0, 1.0, 0.5]), "beta": jnp.array([0.0, 1.0, -1.0])}
    x = np.asarray(jax.random.normal(jax.random.key(2), (5, 3)))
    y, new_state = bn.apply(params, state, x, train=False)
    ref = np.array([2.0, 1.0, 0.5]) * (x - [1.0, -2.0, 0.5]) / np.sqrt(np.array([4.0, 0.25, 1.0]) + 1e-3) \
        + [0.0, 1.0, -1.0]
    np.testing.assert_allclose(y, ref, rtol=1e-5)
    assert new_state is state
    # eval output of one example does not depend on the rest of the batch
    y1, _ = bn.apply(params, state, x[:1], train=False)
    np.testing.assert_allclose(y1, y[:1], rtol=1e-6)


def test_running_stats_converge_to_data_statistics():
    bn = BatchNorm(momentum=0.5)
    params, state, _ = bn.init(jax.random.key(0), (2,))
    step = jax.jit(lambda s, x: bn.apply(params, s, x, train=True)[1])
    x = np.array([[1.0, 10.0], [3.0, 14.0]])  # mean (2, 12), biased var (1, 4)
    for _ in range(40):
        state = step(state, x)
    np.testing.assert_allclose(state["mean"], [2.0, 12.0], rtol=1e-5)
    np.testing.assert_allclose(state["var"], [1.0, 4.0], rtol=1e-5)


def test_channel_axis_other_than_last():
    bn = BatchNorm(axis=1)  # channels-first (N, C, L)
    params, state, _ = bn.init(jax.random.key(0), (3, 4))
    assert params["gamma"].shape == (3,)
    x = np.asarray(jax.random.normal(jax.random.key(3), (2, 3, 4)))
    y, s = bn.apply(params, state, x, train=True)
    ref, mu, _ = _np_train(x, 1.0, 0.0, 1, 1e-3)
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(s["mean"], 0.01 * mu, rtol=1e-4, atol=1e-7)


def test_batch_statistics_normalise():
    bn = BatchNorm()
    params, state, _ = bn.init(jax.random.key(0), (4,))
    x = jax.random.normal(jax.random.key(4), (64, 4)) * 5 + 3
    y, _ = bn.apply(params, state, x, train=True)
    np.testing.assert_allclose(np.mean(y, 0), 0, atol=1e-5)
    np.testing.assert_allclose(np.var(y, 0), 1, atol=2e-3)  # var/(var+eps)


def test_errors_and_config():
    bn = BatchNorm(name="bn1")
    params, state, _ = bn.init(jax.random.key(0), (3,))
    with pytest.raises(ShapeError, match=r"BatchNorm layer 'bn1'.*3.*got 4"):
        bn.apply(params, state, jnp.ones((2, 4)))
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm(momentum=1.5)
    cfg = BatchNorm(momentum=0.9, axis=1, center=False, gamma_regularizer="l2").get_config()
    assert BatchNorm.from_config(cfg).get_config() == cfg
