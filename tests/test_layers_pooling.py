"""Pooling layers against plain numpy loops (valid/same, overlapping windows), size properties."""
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from dltoolkit.layers import (AvgPool2D, GlobalAvgPool2D, GlobalMaxPool2D, MaxPool2D, MaxPooling2D,
                              AveragePooling2D, ShapeError)


def pool_reference(x, kind, pool, stride, padding):
    """Loop over windows; 'same' windows are clipped to the image (so padding never counts)."""
    n, h, w, c = x.shape
    (fh, fw), (sh, sw) = pool, stride
    if padding == "valid":
        ho, wo, pt, pl = (h - fh) // sh + 1, (w - fw) // sw + 1, 0, 0
    else:  # Keras/TensorFlow 'same'
        ho, wo = math.ceil(h / sh), math.ceil(w / sw)
        pt = max((ho - 1) * sh + fh - h, 0) // 2
        pl = max((wo - 1) * sw + fw - w, 0) // 2
    y = np.zeros((n, ho, wo, c))
    for i in range(ho):
        for j in range(wo):
            r0, c0 = i * sh - pt, j * sw - pl
            win = x[:, max(r0, 0):min(r0 + fh, h), max(c0, 0):min(c0 + fw, w), :]
            y[:, i, j, :] = win.max(axis=(1, 2)) if kind == "max" else win.mean(axis=(1, 2))
    return y


CASES = [((2, 2), None, "valid"), ((3, 3), (2, 2), "valid"), ((3, 3), (1, 1), "valid"),
         ((2, 3), (1, 2), "valid"), ((2, 2), None, "same"), ((3, 3), (2, 2), "same"),
         ((3, 2), (2, 3), "same")]


@pytest.mark.parametrize("cls, kind", [(MaxPool2D, "max"), (AvgPool2D, "avg")])
@pytest.mark.parametrize("pool, strides, padding", CASES)
def test_matches_numpy_loops(cls, kind, pool, strides, padding):
    layer = cls(pool, strides, padding)
    x = np.asarray(jax.random.normal(jax.random.key(0), (2, 7, 6, 3)), np.float64)
    ref = pool_reference(x, kind, layer.pool_size, strides or pool, padding)
    _, _, out = layer.init(jax.random.key(0), (7, 6, 3))
    y, state = layer.apply({}, {}, jnp.asarray(x, jnp.float32))
    assert state == {}
    assert y.shape == ref.shape == (2, *out)
    np.testing.assert_allclose(np.asarray(y), ref, rtol=1e-5, atol=1e-6)


def test_same_avg_pool_averages_only_real_pixels():
    # a 3x3 image of ones: every "same" average is exactly 1 (padding zeros would pull corners down)
    y, _ = AvgPool2D(3, 1, "same").apply({}, {}, jnp.ones((1, 3, 3, 1)))
    np.testing.assert_allclose(y, np.ones((1, 3, 3, 1)), rtol=0, atol=1e-7)
    y, _ = MaxPool2D(3, 1, "same").apply({}, {}, -jnp.ones((1, 3, 3, 1)))
    np.testing.assert_allclose(y, -np.ones((1, 3, 3, 1)))  # -inf padding never wins


def test_alexnet_overlapping_pool():
    assert MaxPool2D(3, 2).output_shape((55, 55, 96)) == (27, 27, 96)


def test_max_pool_gradient_goes_to_the_maximum():
    x = jnp.array([[1.0, 5.0], [3.0, 2.0]]).reshape(1, 2, 2, 1)
    g = jax.grad(lambda x: MaxPool2D(2).apply({}, {}, x)[0].sum())(x)
    np.testing.assert_array_equal(np.asarray(g).reshape(2, 2), [[0, 1], [0, 0]])
    g = jax.grad(lambda x: AvgPool2D(2).apply({}, {}, x)[0].sum())(x)
    np.testing.assert_allclose(np.asarray(g).reshape(2, 2), np.full((2, 2), 0.25))


def test_pooling_under_jit_and_grad():
    f = jax.jit(jax.grad(lambda x: AvgPool2D(3, 2, "same").apply({}, {}, x)[0].sum()))
    assert f(jnp.ones((1, 5, 5, 2))).shape == (1, 5, 5, 2)


def test_global_pools():
    x = np.asarray(jax.random.normal(jax.random.key(1), (2, 4, 5, 3)))
    y, _ = GlobalAvgPool2D().apply({}, {}, x)
    np.testing.assert_allclose(y, x.mean(axis=(1, 2)), rtol=1e-6)
    y, _ = GlobalMaxPool2D().apply({}, {}, x)
    np.testing.assert_allclose(y, x.max(axis=(1, 2)))
    y, _ = GlobalAvgPool2D(keepdims=True).apply({}, {}, x)
    assert y.shape == (2, 1, 1, 3)
    assert GlobalAvgPool2D().init(jax.random.key(0), (4, 5, 3))[2] == (3,)
    assert GlobalMaxPool2D(keepdims=True).output_shape((4, 5, 3)) == (1, 1, 3)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 20), f=st.integers(1, 5), s=st.integers(1, 4), same=st.booleans())
def test_output_size_formula(n, f, s, same):
    expected = math.ceil(n / s) if same else (n - f) // s + 1
    layer = MaxPool2D(f, s, "same" if same else "valid")
    if expected <= 0:
        with pytest.raises(ShapeError, match="MaxPool2D"):
            layer.output_shape((n, n, 2))
        return
    assert layer.output_shape((n, n, 2)) == (expected, expected, 2)
    y, _ = AvgPool2D(f, s, "same" if same else "valid").apply({}, {}, jnp.ones((1, n, n, 2)))
    assert y.shape == (1, expected, expected, 2)


def test_errors_name_the_layer():
    with pytest.raises(ShapeError, match=r"MaxPool2D layer 'p'.*\(8, 8, 3\).*batch"):
        MaxPool2D(name="p").apply({}, {}, jnp.ones((8, 8, 3)))
    with pytest.raises(ShapeError, match="GlobalAvgPool2D"):
        GlobalAvgPool2D().apply({}, {}, jnp.ones((2, 8)))
    with pytest.raises(ShapeError, match=r"AvgPool2D.*\(3, 3\) window"):
        AvgPool2D(3).init(jax.random.key(0), (2, 2, 1))
    with pytest.raises(ValueError, match="MaxPool2D: padding"):
        MaxPool2D(padding=1)


def test_keras_aliases_and_config():
    assert MaxPooling2D is MaxPool2D and AveragePooling2D is AvgPool2D
    layer = AvgPool2D(3, 2, "same", name="a")
    clone = AvgPool2D.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.strides == (2, 2) and clone.padding == "same"
    assert MaxPool2D(3).strides == (3, 3)  # strides default to pool_size
