"""Dense, Flatten, Reshape against numpy; shape errors; config round trips for every layer."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit import layers as L
from dltoolkit.layers import Dense, Flatten, Reshape, ShapeError


def test_dense_matches_numpy_on_any_rank():
    layer = Dense(4, activation="tanh", bias_initializer=dl.initializers.normal(0.0, 1.0))
    for shape in [(3,), (2, 3), (2, 2, 3)]:
        params, state, out = layer.init(jax.random.key(0), shape)
        assert params["kernel"].shape == (3, 4) and params["bias"].shape == (4,) and state == {}
        assert out == shape[:-1] + (4,)
        x = np.asarray(jax.random.normal(jax.random.key(1), (5, *shape)))
        y, _ = layer.apply(params, state, x)
        ref = np.tanh(x @ np.asarray(params["kernel"]) + np.asarray(params["bias"]))
        np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-6)


def test_dense_defaults_follow_keras():
    params, _, _ = Dense(3).init(jax.random.key(0), (200,))
    np.testing.assert_array_equal(params["bias"], 0.0)
    limit = np.sqrt(6 / (200 + 3))  # glorot_uniform
    k = np.asarray(params["kernel"])
    assert np.all(np.abs(k) <= limit) and np.abs(k).max() > 0.8 * limit
    assert set(Dense(3, use_bias=False).init(jax.random.key(0), (2,))[0]) == {"kernel"}


def test_keras_example_param_count():
    p1, _, out = Dense(64, activation="relu", input_dim=100).init(jax.random.key(0), (100,))
    p2, _, _ = Dense(5, activation="softmax").init(jax.random.key(1), out)
    assert sum(a.size for p in (p1, p2) for a in p.values()) == 6789
    assert Dense(64, input_dim=100).input_shape == (100,)


def test_dense_penalty_sums_regularizers():
    layer = Dense(3, kernel_regularizer=dl.regularizers.l2(0.1), bias_regularizer="l1",
                  bias_initializer=dl.initializers.constant(-2.0))
    params, _, _ = layer.init(jax.random.key(0), (4,))
    expected = 0.1 * np.sum(np.square(params["kernel"])) + 0.01 * 3 * 2.0
    np.testing.assert_allclose(layer.penalty(params), expected, rtol=1e-6)
    assert float(Dense(3).penalty(params)) == 0.0


def test_dense_wrong_features_names_layer_and_both_shapes():
    layer = Dense(5, name="hidden")
    params, _, _ = layer.init(jax.random.key(0), (100,))
    with pytest.raises(ShapeError, match=r"Dense layer 'hidden'.*100 features.*99 features.*\(8, 99\)"):
        layer.apply(params, {}, jnp.ones((8, 99)))
    with pytest.raises(ShapeError, match=r"Dense layer 'dense'.*batch"):
        Dense(5).apply(params, {}, jnp.ones((100,)))


def test_dense_bad_arguments():
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="Dense: units"):
            Dense(bad)
    with pytest.raises(ValueError, match="glorot_uniform"):
        Dense(3, kernel_initializer="glorot_unifrom")


def test_flatten_and_reshape():
    x = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
    assert Flatten().init(jax.random.key(0), (3, 4, 5))[2] == (60,)
    y, _ = Flatten().apply({}, {}, x)
    np.testing.assert_array_equal(y, x.reshape(2, 60))
    r = Reshape((4, -1))
    assert r.init(jax.random.key(0), (3, 4, 5))[2] == (4, 15)
    y, _ = r.apply({}, {}, x)
    np.testing.assert_array_equal(y, x.reshape(2, 4, 15))
    with pytest.raises(ShapeError, match=r"Reshape layer 'reshape'.*\(7, 7\).*60"):
        Reshape((7, 7)).init(jax.random.key(0), (3, 4, 5))
    with pytest.raises(ShapeError, match="Reshape"):
        Reshape((7, -1)).apply({}, {}, x)
    with pytest.raises(ValueError, match="at most one -1"):
        Reshape((-1, -1))


ALL_LAYERS = [
    L.Dense(3, activation="relu", kernel_initializer="he_normal", kernel_regularizer=dl.regularizers.l2(1e-3),
            input_dim=4, name="d"),
    L.Conv2D(2, 3, padding="same", activation="relu", input_shape=(5, 5, 1)),
    L.MaxPool2D(3, 2), L.AvgPool2D(padding="same"), L.GlobalAvgPool2D(), L.GlobalMaxPool2D(),
    L.Flatten(), L.Reshape((2, -1)), L.Dropout(0.3), L.BatchNorm(momentum=0.9),
    L.Activation("softmax"), L.ReLU(), L.LeakyReLU(), L.PReLU(), L.ELU(), L.Softmax(),
]


@pytest.mark.parametrize("layer", ALL_LAYERS, ids=lambda l: type(l).__name__)
def test_config_round_trip_builds_an_equal_layer(layer):
    cfg = layer.get_config()
    clone = type(layer).from_config(cfg)
    assert type(clone) is type(layer)
    assert clone.get_config() == cfg
    assert clone.input_shape == layer.input_shape and clone.name == layer.name
    shape = (4, 4, 2)
    if isinstance(layer, L.Dense):
        shape = (4,)
    p1, s1, o1 = layer.init(jax.random.key(0), shape)
    p2, s2, o2 = clone.init(jax.random.key(0), shape)
    assert o1 == o2
    jax.tree.map(np.testing.assert_array_equal, (p1, s1), (p2, s2))
    assert repr(layer).startswith(type(layer).__name__)


def test_public_names():
    for name in ["Layer", "ShapeError", "Dense", "Conv2D", "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D",
                 "GlobalMaxPool2D", "Flatten", "Reshape", "Dropout", "BatchNorm", "BatchNormalization",
                 "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"]:
        assert name in L.__all__ and hasattr(dl.layers, name)
    assert issubclass(L.ShapeError, ValueError)
