"""Activation layers against numpy formulas (Keras semantics); PReLU learns its slope."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import ELU, Activation, LeakyReLU, PReLU, ReLU, ShapeError, Softmax

X = np.linspace(-3, 3, 13).reshape(1, 13)


def _y(layer, x=X):
    params, state, out = layer.init(jax.random.key(0), x.shape[1:])
    y, s = layer.apply(params, state, jnp.asarray(x, jnp.float32))
    assert y.shape == (x.shape[0], *out) and s == state
    return np.asarray(y)


def test_activation_layer_by_name_and_callable():
    np.testing.assert_allclose(_y(Activation("sigmoid")), 1 / (1 + np.exp(-X)), rtol=1e-6)
    np.testing.assert_allclose(_y(Activation(jnp.tanh)), np.tanh(X), rtol=1e-6)
    np.testing.assert_allclose(_y(Activation(None)), X, rtol=1e-6)
    with pytest.raises(ValueError, match="relu"):  # the error lists valid names
        Activation("rellu")


@pytest.mark.parametrize("kw", [dict(), dict(max_value=1.5), dict(negative_slope=0.2),
                                dict(threshold=1.0), dict(max_value=2.0, negative_slope=0.1, threshold=-1.0)])
def test_relu_matches_keras_formula(kw):
    m, a, t = kw.get("max_value", np.inf), kw.get("negative_slope", 0.0), kw.get("threshold", 0.0)
    ref = np.where(X >= m, m, np.where(X >= t, X, a * (X - t)))
    np.testing.assert_allclose(_y(ReLU(**kw)), ref, rtol=1e-6, atol=1e-7)


def test_leaky_relu_default_and_alpha_alias():
    np.testing.assert_allclose(_y(LeakyReLU()), np.where(X >= 0, X, 0.3 * X), rtol=1e-6)
    a, b = LeakyReLU(alpha=0.1), LeakyReLU(negative_slope=0.1)
    np.testing.assert_allclose(_y(a), np.where(X >= 0, X, 0.1 * X), rtol=1e-6)
    assert a.get_config() == b.get_config()


def test_elu_and_softmax():
    np.testing.assert_allclose(_y(ELU()), np.where(X > 0, X, np.expm1(X)), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(_y(ELU(0.5)), np.where(X > 0, X, 0.5 * np.expm1(X)), rtol=1e-5, atol=1e-7)
    x = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 0.0]])
    e = np.exp(x - x.max(-1, keepdims=True))
    np.testing.assert_allclose(_y(Softmax(), x), e / e.sum(-1, keepdims=True), rtol=1e-6, atol=1e-30)
    x3 = np.arange(12.0).reshape(1, 3, 4) / 4
    e = np.exp(x3)
    np.testing.assert_allclose(_y(Softmax(axis=1), x3), e / e.sum(1, keepdims=True), rtol=1e-6)


def test_prelu_init_shape_and_formula():
    layer = PReLU(shared_axes=[1, 2])
    params, _, out = layer.init(jax.random.key(0), (4, 4, 3))
    assert params["alpha"].shape == (1, 1, 3) and out == (4, 4, 3)
    np.testing.assert_array_equal(params["alpha"], 0.0)  # Keras: starts as a plain ReLU
    alpha = jnp.array([0.1, 0.2, 0.3]).reshape(1, 1, 3)
    x = np.asarray(jax.random.normal(jax.random.key(1), (2, 4, 4, 3)))
    y, _ = layer.apply({"alpha": alpha}, {}, x)
    np.testing.assert_allclose(y, np.where(x > 0, x, np.asarray(alpha) * x), rtol=1e-6)
    with pytest.raises(ShapeError, match="PReLU"):
        layer.apply({"alpha": alpha}, {}, jnp.ones((2, 4, 4, 5)))


def test_prelu_learns_its_slope():
    """The slope gets gradient sum_{x<0} x * dL/dy, and gradient descent moves it to the truth."""
    layer = PReLU()
    params, _, _ = layer.init(jax.random.key(0), (6,))
    x = jax.random.normal(jax.random.key(2), (64, 6))
    target = jnp.where(x > 0, x, 0.25 * x)

    def loss(p):
        y, _ = layer.apply(p, {}, x)
        return jnp.mean((y - target) ** 2)

    g = jax.grad(loss)(params)["alpha"]
    xn = np.minimum(np.asarray(x), 0)
    # loss is a mean over 64*6 entries; dL/dalpha_j = sum_b 2 (y - t) min(x, 0) / (64*6)
    np.testing.assert_allclose(g, np.sum(2 * (0 - 0.25) * xn * xn, axis=0) / (64 * 6), rtol=1e-5)
    assert np.all(np.asarray(g) < 0)
    step = jax.jit(lambda p: jax.tree.map(lambda w, d: w - 2.0 * d, p, jax.grad(loss)(p)))
    for _ in range(100):
        params = step(params)
    np.testing.assert_allclose(params["alpha"], 0.25, atol=1e-3)


def test_prelu_regularizer_and_config():
    layer = PReLU(alpha_initializer=dl.initializers.constant(0.5), alpha_regularizer=dl.regularizers.l1(0.1))
    params, _, _ = layer.init(jax.random.key(0), (4,))
    np.testing.assert_allclose(layer.penalty(params), 0.1 * 4 * 0.5, rtol=1e-6)
    cfg = layer.get_config()
    assert PReLU.from_config(cfg).get_config() == cfg


@pytest.mark.parametrize("layer", [Activation("relu"), ReLU(6.0), LeakyReLU(0.2), ELU(), Softmax(0),
                                   PReLU(shared_axes=1)])
def test_config_round_trip(layer):
    cfg = layer.get_config()
    assert type(layer).from_config(cfg).get_config() == cfg
    if isinstance(layer, Activation):
        assert cfg["activation"] == "relu"
