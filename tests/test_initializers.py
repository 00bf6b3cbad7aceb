"""Initializer samples vs the variance/limit formulas, for Dense and HWIO conv shapes."""
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl

I = dl.initializers
KEY = jax.random.key(42)
SHAPES = [(400, 300), (5, 5, 32, 64)]  # Dense (in, out) and conv HWIO


def fans(shape):  # independent reference
    if len(shape) == 2:
        return shape
    rf = shape[0] * shape[1]
    return shape[2] * rf, shape[3] * rf


def test_compute_fans():
    assert I.compute_fans((784, 128)) == (784, 128)
    assert I.compute_fans((3, 3, 16, 32)) == (144, 288)
    assert I.compute_fans((7, 4, 8)) == (28, 56)  # 1-D conv kernel (W, in, out)
    assert I.compute_fans((10,)) == (10, 10)


# name -> expected variance as a function of (fan_in, fan_out)
VARIANCES = {
    "he_normal": lambda fi, fo: 2 / fi, "he_uniform": lambda fi, fo: 2 / fi,
    "glorot_normal": lambda fi, fo: 2 / (fi + fo), "glorot_uniform": lambda fi, fo: 2 / (fi + fo),
    "lecun_normal": lambda fi, fo: 1 / fi, "lecun_uniform": lambda fi, fo: 1 / fi,
    "normal": lambda fi, fo: 0.05 ** 2, "uniform": lambda fi, fo: 0.1 ** 2 / 12,
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", sorted(VARIANCES))
def test_sample_variance_matches_formula(name, shape):
    raw = I.get(name)(KEY, shape)
    assert raw.shape == shape and raw.dtype == jnp.float32
    w = np.asarray(raw, np.float64)
    expected = VARIANCES[name](*fans(shape))
    n = w.size  # sampling sd of a variance estimate is about var * sqrt(2/n) (normal); use 5 sd
    assert abs(w.var() - expected) < 5 * expected * math.sqrt(2 / n), (w.var(), expected)
    assert abs(w.mean()) < 5 * math.sqrt(expected / n)


@pytest.mark.parametrize("shape", SHAPES)
def test_uniform_limits(shape):
    fi, fo = fans(shape)
    for name, limit in [("glorot_uniform", math.sqrt(6 / (fi + fo))), ("he_uniform", math.sqrt(6 / fi)),
                        ("lecun_uniform", math.sqrt(3 / fi))]:
        w = np.asarray(I.get(name)(KEY, shape))
        assert np.abs(w).max() <= limit * (1 + 1e-6)
        assert np.abs(w).max() > 0.99 * limit  # fills the whole interval


@pytest.mark.parametrize("name", ["he_normal", "glorot_normal", "lecun_normal"])
def test_normal_variants_are_truncated_at_two_stddev(name):
    shape = (400, 300)
    fi, fo = shape
    var = VARIANCES[name](fi, fo)
    std_untrunc = math.sqrt(var) / 0.87962566103423978
    w = np.asarray(I.get(name)(KEY, shape))
    assert np.abs(w).max() <= 2 * std_untrunc * (1 + 1e-6)
    assert np.abs(w).max() > 1.9 * std_untrunc


@pytest.mark.parametrize("shape", [(300, 50), (50, 300), (3, 3, 16, 32)])
def test_orthogonal(shape):
    w = np.asarray(I.orthogonal(gain=2.0)(KEY, shape), np.float64).reshape(-1, shape[-1])
    if w.shape[0] >= w.shape[1]:
        np.testing.assert_allclose(w.T @ w, 4 * np.eye(w.shape[1]), atol=1e-4)
    else:
        np.testing.assert_allclose(w @ w.T, 4 * np.eye(w.shape[0]), atol=1e-4)


def test_constants_and_dtype():
    np.testing.assert_array_equal(I.zeros(KEY, (2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(I.ones(KEY, (4,)), np.ones(4))
    np.testing.assert_array_equal(I.constant(0.5)(KEY, (2, 2)), np.full((2, 2), 0.5))
    assert I.get("he_normal")(KEY, (3, 4), jnp.bfloat16).dtype == jnp.bfloat16
    with pytest.raises(TypeError, match="floating"):
        I.he_normal()(KEY, (3, 4), jnp.int32)


def test_deterministic_in_key():
    init = I.get("glorot_uniform")
    np.testing.assert_array_equal(init(KEY, (5, 5)), init(KEY, (5, 5)))
    assert not np.array_equal(init(KEY, (5, 5)), init(jax.random.key(1), (5, 5)))


def test_get_names_aliases_and_errors():
    for a, b in [("xavier_uniform", "glorot_uniform"), ("GlorotUniform", "glorot_uniform"),
                 ("kaiming_normal", "he_normal"), ("HeNormal", "he_normal"), ("RandomNormal", "normal")]:
        np.testing.assert_array_equal(I.get(a)(KEY, (6, 7)), I.get(b)(KEY, (6, 7)))
    assert I.get(I.he_normal).name == "he_normal"  # an uncalled factory is called with defaults
    custom = I.constant(3.0)
    assert I.get(custom) is custom
    with pytest.raises(ValueError, match="glorot_uniform"):
        I.get("glorot")
    with pytest.raises(ValueError, match="mode"):
        I.variance_scaling(mode="fan_sideways")
