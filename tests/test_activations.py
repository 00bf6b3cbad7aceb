"""Activations vs numpy/scipy references and their closed-form derivatives."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import special, stats

import dltoolkit as dl

A = dl.activations
X = np.linspace(-6, 6, 41).astype(np.float32) + 0.013  # avoid the kinks at exactly 0


def sig(x):
    return special.expit(x)


# name -> (numpy reference f, numpy closed-form derivative)
REFS = {
    "sigmoid": (sig, lambda x: sig(x) * (1 - sig(x))),
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "relu": (lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float)),
    "leaky_relu": (lambda x: np.where(x >= 0, x, 0.01 * x), lambda x: np.where(x > 0, 1, 0.01)),
    "elu": (lambda x: np.where(x > 0, x, np.expm1(x)), lambda x: np.where(x > 0, 1, np.exp(x))),
    "gelu": (lambda x: x * stats.norm.cdf(x), lambda x: stats.norm.cdf(x) + x * stats.norm.pdf(x)),
    "step": (lambda x: (x >= 0).astype(float), lambda x: np.zeros_like(x)),
    "softplus": (lambda x: np.log1p(np.exp(x)), sig),
    "swish": (lambda x: x * sig(x), lambda x: sig(x) + x * sig(x) * (1 - sig(x))),
    "silu": (lambda x: x * sig(x), lambda x: sig(x) + x * sig(x) * (1 - sig(x))),
    "hard_sigmoid": (lambda x: np.clip(x + 3, 0, 6) / 6, lambda x: ((x > -3) & (x < 3)) / 6.0),
    "linear": (lambda x: x, lambda x: np.ones_like(x)),
}


@pytest.mark.parametrize("name", sorted(REFS))
def test_values_and_derivatives_match_numpy(name):
    f, df = REFS[name]
    fn = A.get(name)
    np.testing.assert_allclose(fn(jnp.asarray(X)), f(X.astype(np.float64)), rtol=2e-5, atol=2e-6)
    grad = jax.vmap(jax.grad(lambda t: fn(t)))(jnp.asarray(X))
    np.testing.assert_allclose(grad, df(X.astype(np.float64)), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", sorted(REFS))
def test_stable_at_plus_minus_1000(name):
    fn = A.get(name)
    x = jnp.array([-1000.0, -88.0, 88.0, 1000.0])
    assert np.all(np.isfinite(fn(x)))
    assert np.all(np.isfinite(jax.vmap(jax.grad(lambda t: fn(t)))(x)))


def test_sigmoid_saturates_exactly():
    np.testing.assert_array_equal(A.sigmoid(jnp.array([-1000.0, 1000.0])), [0.0, 1.0])


def test_gelu_approximate_tanh_form():
    x = X.astype(np.float64)
    ref = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    np.testing.assert_allclose(A.gelu(jnp.asarray(X), approximate=True), ref, rtol=1e-5, atol=1e-6)


def test_leaky_relu_slope_and_elu_alpha_options():
    np.testing.assert_allclose(A.leaky_relu(jnp.array([-2.0, 3.0]), 0.3), [-0.6, 3.0], rtol=1e-6)
    np.testing.assert_allclose(A.elu(jnp.array([-1.0]), alpha=2.0), [2 * np.expm1(-1.0)], rtol=1e-6)


def test_step_at_zero():
    assert float(A.step(jnp.array(0.0))) == 1.0        # the perceptron fires at w.x + b = 0
    assert float(A.step(jnp.array(0.0), at_zero=0.0)) == 0.0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1000, 1000, allow_nan=False, width=32), min_size=1, max_size=8))
def test_softmax_and_log_softmax_vs_scipy(row):
    x = np.array(row, np.float32)
    s = A.softmax(jnp.asarray(x))
    np.testing.assert_allclose(s, special.softmax(x.astype(np.float64)), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(A.log_softmax(jnp.asarray(x)), special.log_softmax(x.astype(np.float64)),
                               rtol=1e-5, atol=1e-3)
    assert np.isclose(float(jnp.sum(s)), 1.0, atol=1e-5)


def test_softmax_jacobian_closed_form_and_axis():
    x = np.array([[0.5, -1.0, 2.0], [1000.0, 0.0, -1000.0]], np.float32)
    for row in x:
        s = special.softmax(row.astype(np.float64))
        jac = jax.jacobian(A.softmax)(jnp.asarray(row))
        np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s), atol=1e-6)
        jl = jax.jacobian(A.log_softmax)(jnp.asarray(row))
        np.testing.assert_allclose(jl, np.eye(3) - s[None, :], atol=1e-6)
        assert np.all(np.isfinite(jl))
    np.testing.assert_allclose(A.softmax(jnp.asarray(x), axis=0), special.softmax(x, axis=0), atol=1e-6)


def test_get_names_callables_and_errors():
    assert A.get(None) is A.linear and A.get("linear") is A.linear
    assert A.get("ReLU") is A.relu and A.get("silu") is A.swish
    f = lambda x: x * 2  # noqa: E731
    assert A.get(f) is f
    with pytest.raises(ValueError, match="relu.*sigmoid"):
        A.get("relu7")
    with pytest.raises(TypeError):
        A.get(3)
