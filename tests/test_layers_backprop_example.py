"""The course notes' hand-worked backprop example (notes 002), reproduced with dl.layers and jax.grad.

Three scalar sigmoid neurons in a chain, x = 0.5, y = 1, every W = 1, every b = -0.5,
loss l = 1/2 (y - a)^2. Every pre-activation is z = 1*0.5 - 0.5 = 0, so every activation is
sigma(0) = 1/2 and sigma'(0) = 1/4. By hand (chain rule):
    dl/da3 = -(y - a3) = -1/2;   delta3 = -1/2 * 1/4 = -1/8
    dl/dW3 = delta3 * a2 = -1/16,   dl/db3 = -1/8
    delta2 = delta3 * W3 * 1/4 = -1/32 -> dl/dW2 = -1/64, dl/db2 = -1/32
    delta1 = delta2 * W2 * 1/4 = -1/128 -> dl/dW1 = -1/256, dl/db1 = -1/128
All these are exact binary fractions, so float32 reproduces them exactly.
One SGD step w <- w - 0.1 g: W3 = 1 + 0.00625 = 1.00625, b3 = -0.5 + 0.0125 = -0.4875
(the notes print W3 = 0.99375: their update has the wrong sign).
"""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import Dense


def _chain():
    return [Dense(1, activation="sigmoid", kernel_initializer=dl.initializers.constant(1.0),
                  bias_initializer=dl.initializers.constant(-0.5), name=f"n{i}") for i in (1, 2, 3)]


def _init(layers):
    keys = jax.random.split(jax.random.key(0), len(layers))
    params, shape = [], (1,)
    for layer, k in zip(layers, keys):
        p, s, shape = layer.init(k, shape)
        assert s == {}
        params.append(p)
    return params


def _forward(layers, params, x):
    acts = []
    a = x
    for layer, p in zip(layers, params):
        a, _ = layer.apply(p, {}, a)
        acts.append(a)
    return acts


X = jnp.array([[0.5]])
Y = 1.0


def _loss(layers):
    def loss(params):
        a3 = _forward(layers, params, X)[-1]
        return 0.5 * jnp.sum((Y - a3) ** 2)
    return loss


def test_initial_weights_are_as_in_the_notes():
    params = _init(_chain())
    for p in params:
        assert p["kernel"].shape == (1, 1) and p["bias"].shape == (1,)
        assert float(p["kernel"][0, 0]) == 1.0 and float(p["bias"][0]) == -0.5


def test_all_activations_are_one_half():
    layers = _chain()
    acts = _forward(layers, _init(layers), X)
    assert [float(a[0, 0]) for a in acts] == [0.5, 0.5, 0.5]


def test_gradients_match_the_hand_computation_exactly():
    layers = _chain()
    grads = jax.grad(_loss(layers))(_init(layers))
    expected_w = [-0.00390625, -0.015625, -0.0625]
    expected_b = [-0.0078125, -0.03125, -0.125]
    for g, ew, eb in zip(grads, expected_w, expected_b):
        assert float(g["kernel"][0, 0]) == ew
        assert float(g["bias"][0]) == eb


def test_one_sgd_step():
    layers = _chain()
    params = _init(layers)
    grads = jax.grad(_loss(layers))(params)
    new = jax.tree.map(lambda w, g: w - 0.1 * g, params, grads)
    assert float(new[2]["kernel"][0, 0]) == pytest.approx(1.00625, abs=1e-7)
    assert float(new[2]["bias"][0]) == pytest.approx(-0.4875, abs=1e-7)
    assert float(new[1]["kernel"][0, 0]) == pytest.approx(1.0015625, abs=1e-7)
    assert float(new[0]["bias"][0]) == pytest.approx(-0.49921875, abs=1e-7)
    # the step lowers the loss (the notes' sign slip would raise it)
    loss = _loss(layers)
    assert float(loss(new)) < float(loss(params))
    wrong_sign = jax.tree.map(lambda w, g: w + 0.1 * g, params, grads)
    assert float(loss(wrong_sign)) > float(loss(params))


def test_loss_value():
    layers = _chain()
    assert float(_loss(layers)(_init(layers))) == 0.125
    np.testing.assert_equal(float(_forward(layers, _init(layers), X)[-1][0, 0]), 0.5)
