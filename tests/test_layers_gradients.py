"""Every layer's gradients (w.r.t. params and inputs) agree with ``dl.gradcheck``
(float64 central differences, per-element relative error <= 1e-6).

The scalar under test is sum(apply(params, state, x) * R) for a fixed random R, so that every
output element contributes with a different weight.
"""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit import layers as L

TOL = 1e-6


def _max_rel_error(f, *args):
    """Worst per-element relative error of jax.grad vs float64 central differences (all args)."""
    result = dl.gradcheck(f, *args, argnums=tuple(range(len(args))))
    return result.max_rel_error, result


def _check(layer, input_shape, *, train=False, key=None, batch=2, seed=0, x=None):
    k1, k2, k3 = jax.random.split(jax.random.key(seed), 3)
    params, state, out_shape = layer.init(k1, input_shape)
    if x is None:
        x = jax.random.normal(k2, (batch, *input_shape))
    r = np.asarray(jax.random.normal(k3, (batch, *out_shape)), np.float64)
    state64 = jax.tree.map(lambda a: np.asarray(a, np.float64), state)

    def f(p, xx):
        s = jax.tree.map(jnp.asarray, state64)
        y, _ = layer.apply(p, s, xx, train=train, key=key)
        return jnp.sum(y * r)

    err, result = _max_rel_error(f, params, x)
    assert result, f"{layer}:\n{result}"
    assert err < TOL


@pytest.mark.parametrize("layer, shape", [
    (L.Dense(3), (4,)),
    (L.Dense(3, activation="tanh"), (2, 4)),           # rank-3 input: acts on the last axis
    (L.Dense(2, activation="sigmoid", use_bias=False), (3,)),
])
def test_dense(layer, shape):
    _check(layer, shape)


@pytest.mark.parametrize("kw", [
    dict(kernel_size=3),
    dict(kernel_size=3, padding="same", strides=2),
    dict(kernel_size=2, padding=1, dilation_rate=2),
    dict(kernel_size=(2, 3), padding=((1, 0), (0, 2)), activation="tanh"),
])
def test_conv2d(kw):
    _check(L.Conv2D(2, **kw), (5, 4, 2), batch=1)


@pytest.mark.parametrize("layer", [
    L.MaxPool2D(2), L.MaxPool2D(3, 2), L.MaxPool2D(2, padding="same"),
    L.AvgPool2D(2), L.AvgPool2D(3, 2), L.AvgPool2D(3, 2, padding="same"),
    L.GlobalAvgPool2D(), L.GlobalMaxPool2D(),
])
def test_pooling(layer):
    _check(layer, (5, 5, 2), batch=1)


@pytest.mark.parametrize("layer, shape", [
    (L.Flatten(), (2, 3, 2)), (L.Reshape((3, -1)), (2, 3)),
    (L.Activation("sigmoid"), (5,)), (L.ReLU(), (5,)),
    (L.ReLU(max_value=0.5, negative_slope=0.1, threshold=-0.2), (6,)),
    (L.LeakyReLU(), (5,)), (L.ELU(alpha=0.7), (5,)), (L.Softmax(), (4,)),
    (L.PReLU(alpha_initializer=dl.initializers.constant(0.25)), (5,)),
    (L.PReLU(alpha_initializer=dl.initializers.constant(0.1), shared_axes=(1, 2)), (3, 3, 2)),
])
def test_shape_and_activation_layers(layer, shape):
    _check(layer, shape)


def test_dropout_with_fixed_key():
    _check(L.Dropout(0.4), (6,), train=True, key=jax.random.key(3))


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm(train):
    layer = L.BatchNorm(momentum=0.9)
    # non-trivial gamma/beta through a random init, so their gradients are not degenerate
    layer_g = L.BatchNorm(gamma_initializer=dl.initializers.normal(1.0, 0.3),
                          beta_initializer=dl.initializers.normal(0.0, 0.3))
    _check(layer, (3,), train=train, batch=4)
    _check(layer_g, (2, 2, 3), train=train, batch=3)


def test_the_checker_catches_a_wrong_gradient():
    """The oracle can fail: a function with a deliberately wrong custom VJP is rejected."""
    @jax.custom_vjp
    def bad(x):
        return jnp.sin(x)

    bad.defvjp(lambda x: (jnp.sin(x), x), lambda x, g: (g * 1.1 * jnp.cos(x),))
    err, result = _max_rel_error(lambda x: jnp.sum(bad(x)), jnp.linspace(0.1, 1.0, 4))
    assert not result and err > 1e-2
