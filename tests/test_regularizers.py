"""Regularizers against numpy, and L2 regularization vs decoupled weight decay."""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl

W = np.array([[0.5, -1.0], [2.0, 0.0], [-0.25, 3.0]], np.float32)


def test_penalties_and_gradients():
    np.testing.assert_allclose(dl.regularizers.l1(0.1)(W), 0.1 * np.abs(W).sum(), rtol=1e-6)
    np.testing.assert_allclose(dl.regularizers.l2(0.1)(W), 0.1 * (W ** 2).sum(), rtol=1e-6)
    np.testing.assert_allclose(dl.regularizers.l1_l2(0.1, 0.2)(W),
                               0.1 * np.abs(W).sum() + 0.2 * (W ** 2).sum(), rtol=1e-6)
    np.testing.assert_allclose(jax.grad(dl.regularizers.l2(0.1))(jnp.asarray(W)), 2 * 0.1 * W, rtol=1e-6)
    params = {"dense_1": {"kernel": W, "bias": np.ones(2, np.float32)}}
    np.testing.assert_allclose(dl.regularizers.l2_penalty(params, 0.5), 0.5 * (W ** 2).sum(), rtol=1e-6)
    np.testing.assert_allclose(dl.regularizers.l2_penalty(params, 0.5, kernels_only=False),
                               0.5 * ((W ** 2).sum() + 2), rtol=1e-6)


def test_get_and_errors():
    assert dl.regularizers.get(None) is None
    assert dl.regularizers.get("l2").l2 == 0.01
    assert dl.regularizers.get({"l1": 0.3}).l1 == 0.3
    with pytest.raises(ValueError, match="valid names are: l1, l1_l2, l2"):
        dl.regularizers.get("l3")
    with pytest.raises(ValueError, match="l2 must be >= 0"):
        dl.regularizers.l2(-1.0)


def _data():
    k1, k2 = jax.random.split(jax.random.key(1))
    x = jax.random.normal(k1, (32, 5))
    y = x @ jnp.arange(1.0, 6.0) + 0.1 * jax.random.normal(k2, (32,))
    return x, y


def _loss(w, x, y):
    return jnp.mean((x @ w - y) ** 2)


def _run(opt, loss, steps=50):
    x, y = _data()
    w = jnp.full(5, 0.5)
    state = opt.init(w)
    grad, update = jax.jit(jax.grad(loss)), jax.jit(opt.update)
    for _ in range(steps):
        u, state = update(grad(w, x, y), state, w)
        w = optax.apply_updates(w, u)
    return np.asarray(w)


def test_l2_equals_weight_decay_for_sgd_but_not_for_adam():
    lr, l2 = 0.05, 0.1
    reg = dl.regularizers.l2(l2)  # Keras convention: l2 * sum w^2, gradient 2 l2 w
    l2_loss = lambda w, x, y: _loss(w, x, y) + reg(w)

    # SGD on the L2-regularized loss == SGD with decoupled decay w <- w - lr g - decay w,
    # decay = 2 lr l2 (written out by hand as the oracle)
    x, y = _data()
    w = jnp.full(5, 0.5)
    grad = jax.jit(jax.grad(_loss))
    for _ in range(50):
        w = w - lr * grad(w, x, y) - 2 * lr * l2 * w
    np.testing.assert_allclose(_run(dl.optim.sgd(lr), l2_loss), w, rtol=1e-5)

    # Adam on the L2-regularized loss != AdamW with the matching decay (lr * wd = 2 lr l2)
    adam_l2 = _run(dl.optim.adam(lr), l2_loss)
    adamw = _run(dl.optim.adamw(lr, weight_decay=2 * l2), _loss)
    assert np.max(np.abs(adam_l2 - adamw)) > 1e-2

    # AdamW is "Adam on the plain loss, then shrink every weight by lr * wd" (by hand)
    opt = dl.optim.adam(lr)
    w, state = jnp.full(5, 0.5), None
    state = opt.init(w)
    update = jax.jit(opt.update)
    for _ in range(50):
        u, state = update(grad(w, x, y), state, w)
        w = w + u - lr * (2 * l2) * w
    np.testing.assert_allclose(adamw, w, rtol=1e-5)
