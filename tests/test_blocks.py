"""Residual / Parallel / Identity containers, ConvTranspose2D, UpSampling2D and InstanceNorm
against numpy oracles; nesting, summary, configs, checkpoints and finite-difference gradients."""
import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import (BatchNorm, Conv2D, ConvTranspose2D, Dense, Flatten, Identity, InstanceNorm,
                              Parallel, Residual, ShapeError, UpSampling2D)
from dltoolkit.models import Sequential
from dltoolkit.layers.config import layer_from_config, layer_to_config

RNG = np.random.default_rng(0)


def test_residual_is_main_plus_skip():
    block = Residual([Dense(4, activation="tanh", name="d1"), Dense(4, name="d2")], activation="relu")
    params, state, out = block.init(jax.random.key(0), (4,))
    assert out == (4,) and set(params) == {"main"} and set(params["main"]) == {"d1", "d2"}
    x = RNG.normal(size=(3, 4)).astype(np.float32)
    p = jax.tree.map(np.asarray, params["main"])
    f = np.tanh(x @ p["d1"]["kernel"] + p["d1"]["bias"]) @ p["d2"]["kernel"] + p["d2"]["bias"]
    y, _ = block.apply(params, state, x)
    np.testing.assert_allclose(y, np.maximum(f + x, 0), rtol=1e-5, atol=1e-6)


def test_residual_projection_shortcut_and_shape_error():
    block = Residual([Conv2D(8, 3, strides=2, padding="same")], shortcut=[Conv2D(8, 1, strides=2, name="proj")])
    params, _, out = block.init(jax.random.key(0), (6, 6, 3))
    assert out == (3, 3, 8) and set(params) == {"main", "shortcut"}
    with pytest.raises(ShapeError, match="Residual layer .*projection shortcut"):
        Residual([Conv2D(8, 3, padding="same")]).init(jax.random.key(0), (6, 6, 3))


def test_parallel_concatenates_branches():
    block = Parallel([Conv2D(2, 1, name="a"), [Conv2D(3, 3, padding="same")], Identity(name="skip")])
    params, _, out = block.init(jax.random.key(0), (5, 5, 4))
    assert out == (5, 5, 9) and set(params) == {"a", "branch_1"}
    x = RNG.normal(size=(2, 5, 5, 4)).astype(np.float32)
    y, _ = block.apply(params, {}, x)
    a, _ = block.children[0].apply(params["a"], {}, x)
    np.testing.assert_allclose(y[..., :2], a, rtol=1e-6)
    np.testing.assert_allclose(y[..., 5:], x)
    with pytest.raises(ShapeError, match="padding='same'"):
        Parallel([Conv2D(2, 3), Identity()]).init(jax.random.key(0), (5, 5, 4))
    add = Parallel([Dense(3, name="u"), Dense(3, name="v")], merge="add")
    p, _, _ = add.init(jax.random.key(1), (2,))
    z = RNG.normal(size=(4, 2)).astype(np.float32)
    expect = sum(z @ np.asarray(p[k]["kernel"]) + np.asarray(p[k]["bias"]) for k in "uv")
    np.testing.assert_allclose(add.apply(p, {}, z)[0], expect, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="unique"):
        Parallel([Dense(2, name="x"), Dense(2, name="x")])


def conv_transpose_numpy(x, w, s, padding):
    """Scatter definition: full[i*S+u, j*S+v, o] += x[i, j, c] * W[u, v, o, c]; crop for 'same'."""
    n, h, wd, c = x.shape
    fh, fw, o, _ = w.shape
    full = np.zeros((n, (h - 1) * s + fh, (wd - 1) * s + fw, o))
    for i in range(h):
        for j in range(wd):
            full[:, i * s:i * s + fh, j * s:j * s + fw, :] += np.einsum("nc,uvoc->nuvo", x[:, i, j], w)
    if padding == "valid":
        return full
    crop = max(fh - s, 0) // 2
    full = np.pad(full, ((0, 0), (0, max(0, h * s + crop - full.shape[1])), (0, max(0, wd * s + crop - full.shape[2])), (0, 0)))
    return full[:, crop:crop + h * s, crop:crop + wd * s]


@pytest.mark.parametrize("k,s,padding", [(3, 2, "valid"), (3, 2, "same"), (4, 2, "same"), (2, 2, "same"),
                                          (1, 3, "same"), (3, 1, "valid")])
def test_conv_transpose_matches_scatter_definition(k, s, padding):
    layer = ConvTranspose2D(3, k, strides=s, padding=padding)
    params, _, out = layer.init(jax.random.key(0), (4, 5, 2))
    x = RNG.normal(size=(2, 4, 5, 2)).astype(np.float32)
    params["bias"] = jnp.asarray(RNG.normal(size=3), jnp.float32)
    y, _ = layer.apply(params, {}, x)
    expect = conv_transpose_numpy(x.astype(np.float64), np.asarray(params["kernel"], np.float64), s, padding)
    expect = expect + np.asarray(params["bias"])
    assert y.shape[1:] == out == expect.shape[1:]
    np.testing.assert_allclose(y, expect, rtol=1e-4, atol=1e-5)


def test_conv_transpose_is_the_adjoint_of_conv():
    # <conv(z), x> == <z, conv_transpose(x)> for the same kernel (valid, stride 2)
    conv = Conv2D(3, 3, strides=2, use_bias=False)
    pc, _, _ = conv.init(jax.random.key(0), (9, 9, 2))
    tconv = ConvTranspose2D(2, 3, strides=2, use_bias=False)
    z = RNG.normal(size=(1, 9, 9, 2)).astype(np.float32)
    x = RNG.normal(size=(1, 4, 4, 3)).astype(np.float32)
    lhs = np.sum(np.asarray(conv.apply(pc, {}, z)[0]) * x)
    rhs = np.sum(z * np.asarray(tconv.apply({"kernel": pc["kernel"]}, {}, x)[0]))
    assert lhs == pytest.approx(rhs, rel=1e-4)


def test_upsampling():
    x = RNG.normal(size=(2, 3, 4, 2)).astype(np.float32)
    y, _ = UpSampling2D((2, 3)).apply({}, {}, x)
    np.testing.assert_array_equal(y, x.repeat(2, 1).repeat(3, 2))
    assert UpSampling2D(2, "bilinear").output_shape((3, 4, 2)) == (6, 8, 2)
    yb, _ = UpSampling2D(2, "bilinear").apply({}, {}, np.ones((1, 3, 3, 1), np.float32) * 5)
    np.testing.assert_allclose(yb, 5.0, rtol=1e-6)


def test_instance_norm_per_image_per_channel():
    x = RNG.normal(2, 3, size=(2, 4, 4, 3)).astype(np.float32)
    layer = InstanceNorm()
    params, state, _ = layer.init(jax.random.key(0), (4, 4, 3))
    params = {"gamma": jnp.array([1.0, 2.0, 3.0]), "beta": jnp.array([0.0, 1.0, -1.0])}
    y, _ = layer.apply(params, state, x)
    mu, var = x.mean((1, 2), keepdims=True), x.var((1, 2), keepdims=True)
    np.testing.assert_allclose(y, (x - mu) / np.sqrt(var + 1e-5) * [1, 2, 3] + [0, 1, -1], rtol=1e-4, atol=1e-5)


def nested_model():
    return Sequential([
        Conv2D(4, 3, padding="same", input_shape=(6, 6, 2), name="stem"),
        Residual([Conv2D(4, 3, padding="same"), BatchNorm()], activation="relu", name="res"),
        Parallel([Identity(name="skip"), Sequential([Conv2D(2, 1), UpSampling2D(1)])], name="cat"),
        ConvTranspose2D(3, 2, strides=2, name="up"), InstanceNorm(name="norm"), Flatten(), Dense(2, name="out"),
    ])


def test_gradients_through_blocks_match_finite_differences():
    model = nested_model()
    params, state = model.init(jax.random.key(0), (6, 6, 2))
    x = jnp.asarray(RNG.normal(size=(2, 6, 6, 2)), jnp.float32)
    loss = lambda p, x: jnp.sum(model.apply(p, state, x, train=True)[0] ** 2)  # noqa: E731
    assert dl.gradcheck(loss, params, x, max_elements=8, rtol=1e-5)


def test_config_round_trip_summary_and_checkpoint(tmp_path):
    model = nested_model()
    cfg = json.loads(json.dumps(layer_to_config(model)))
    rebuilt = layer_from_config(cfg)
    assert layer_to_config(rebuilt) == cfg
    text = model.summary(print_fn=None)
    for row in ("res (Residual)", "  main (Sequential)", "cat (Parallel)", "  skip (Identity)",
                "up (ConvTranspose2D)", "norm (InstanceNorm)"):
        assert row in text
    model.compile(optimizer="sgd", loss="mse")
    x = RNG.normal(size=(8, 6, 6, 2)).astype(np.float32)
    model.fit(x, RNG.normal(size=(8, 2)).astype(np.float32), epochs=1, batch_size=4, verbose=0)
    model.save(tmp_path / "m.npz")
    loaded = dl.models.load(tmp_path / "m.npz")
    assert isinstance(loaded.layers[1], Residual) and isinstance(loaded.layers[2], Parallel)
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), rtol=1e-6)
    assert "mean" in loaded.state["res"]["main"]["batch_norm"]
