"""Sequential: naming, params as plain dicts, nesting, jax.grad, clear errors (issue 2)."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import Dense, ShapeError
from dltoolkit.models import Sequential


def test_params_are_plain_dicts_with_keras_names():
    model = Sequential([Dense(8, activation="relu", input_dim=3), Dense(8), Dense(2)])
    params, state = model.init(jax.random.key(0))
    assert list(params) == ["dense", "dense_1", "dense_2"]
    assert params["dense_1"]["kernel"].shape == (8, 8)
    assert state == {}
    y, new_state = model.apply(params, state, jnp.ones((4, 3)))
    assert y.shape == (4, 2) and new_state == {}


def test_apply_equals_hand_computation():
    model = Sequential([Dense(5, activation="tanh", input_dim=3), Dense(2)])
    params, state = model.init(jax.random.key(1))
    x = np.random.default_rng(0).normal(size=(7, 3)).astype(np.float32)
    p = jax.tree.map(np.asarray, params)
    h = np.tanh(x @ p["dense"]["kernel"] + p["dense"]["bias"])
    expected = h @ p["dense_1"]["kernel"] + p["dense_1"]["bias"]
    y, _ = model.apply(params, state, x)
    np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)


def test_grad_through_model_matches_gradcheck():
    model = Sequential([Dense(4, activation="tanh", input_dim=3), Dense(1)])
    params, state = model.init(jax.random.key(2))
    x = jax.random.normal(jax.random.key(3), (5, 3))

    def loss(p):
        return jnp.mean(model.apply(p, state, x)[0] ** 2)

    result = dl.gradcheck(loss, params)
    assert result.ok, str(result)


def test_nested_sequential_is_a_block():
    block = Sequential([Dense(6, activation="relu"), Dense(6)], name="block")
    model = Sequential([Dense(6, input_dim=4), block, Dense(2)])
    params, state = model.init(jax.random.key(0))
    assert set(params["block"]) == {"dense", "dense_1"}
    y, _ = model.apply(params, state, jnp.ones((3, 4)))
    assert y.shape == (3, 2)
    text = model.summary(print_fn=None)
    assert "block (Sequential)" in text and "  dense (Dense)" in text
    # 4*6+6 + (6*6+6)*2 + 6*2+2
    assert f"Total params: {30 + 84 + 14:,}" in text


def test_wrong_input_shape_names_layer_and_shapes():
    model = Sequential([Dense(5, input_dim=100), Dense(3)])
    params, state = model.init(jax.random.key(0))
    with pytest.raises(ShapeError) as e:
        model.apply(params, state, jnp.ones((2, 99)))
    msg = str(e.value)
    assert "dense" in msg and "100" in msg and "99" in msg
    with pytest.raises(ShapeError, match="batch dimension"):
        model.apply(params, state, jnp.ones((100,)))


def test_duplicate_names_and_bad_add():
    model = Sequential([Dense(2, name="a", input_dim=2)])
    with pytest.raises(ValueError, match="already"):
        model.add(Dense(2, name="a"))
    with pytest.raises(TypeError, match="instance"):
        model.add(Dense)


def test_unknown_names_list_valid_ones():
    with pytest.raises(ValueError, match="relu"):
        Sequential([Dense(2, activation="rleu", input_dim=2)]).init(jax.random.key(0))
    model = Sequential([Dense(2, input_dim=2)])
    with pytest.raises(ValueError, match="categorical_crossentropy"):
        model.compile(optimizer="sgd", loss="crossentropy_categorical")
    with pytest.raises(ValueError, match="adam"):
        model.compile(optimizer="adamm", loss="mse")


def test_out_of_range_labels_are_reported():
    model = Sequential([Dense(3, activation="softmax", input_dim=2)])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.zeros((4, 2), np.float32)
    with pytest.raises(ValueError, match=r"label 3 is outside \[0, 3\)"):
        model.fit(x, np.array([0, 1, 2, 3]), verbose=0)
    with pytest.raises(ValueError, match=r"outside"):
        model.fit(x, np.array([0, -1, 2, 1]), verbose=0)
    model2 = Sequential([Dense(3, activation="softmax", input_dim=2)])
    model2.compile(optimizer="sgd", loss="categorical_crossentropy")
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        model2.fit(x, np.array([0, 1, 2, 1]), verbose=0)
