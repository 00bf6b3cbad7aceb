"""Closed-form behaviour on f(w) = 1/2 a w^2 (gradient a w), checked in float64 numpy."""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl


def _run(opt, w0, a, steps):
    w, state, ws = jnp.asarray(w0, jnp.float32), None, []
    state = opt.init(w)
    update = jax.jit(opt.update)
    for _ in range(steps):
        ws.append(float(w))
        u, state = update(a * w, state, w)
        w = optax.apply_updates(w, u)
    ws.append(float(w))
    return np.array(ws)


@pytest.mark.parametrize("lr", [0.05, 0.3, 0.9])
def test_sgd_geometric_decay(lr):
    a, w0, T = 2.0, 1.5, 30
    ws = _run(dl.optim.sgd(lr), w0, a, T)
    np.testing.assert_allclose(ws, w0 * (1 - lr * a) ** np.arange(T + 1), rtol=1e-5, atol=1e-12)


def test_sgd_diverges_above_two_over_a():
    a = 4.0
    assert abs(_run(dl.optim.sgd(2 / a * 1.05), 1.0, a, 50)[-1]) > 1.0     # |1 - lr a| > 1
    assert abs(_run(dl.optim.sgd(2 / a * 0.95), 1.0, a, 50)[-1]) < 1e-1


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_two_term_recurrence(nesterov):
    # optax convention v_t = g_t + mu v_{t-1}, w_{t+1} = w_t - lr v_t gives (w_{-1} = w_0, g_{-1} = 0)
    #   heavy ball: w_{t+1} = w_t - lr g_t + mu (w_t - w_{t-1})
    #   nesterov:   w_{t+1} = w_t + mu (w_t - w_{t-1}) - lr ((1 + mu) g_t - mu g_{t-1})
    a, lr, mu, w0, T = 3.0, 0.1, 0.8, 1.0, 40
    ws = _run(dl.optim.sgd(lr, momentum=mu, nesterov=nesterov), w0, a, T)
    ref, prev, g_prev = [w0], w0, 0.0
    for _ in range(T):
        w = ref[-1]
        g = a * w
        if nesterov:
            nxt = w + mu * (w - prev) - lr * ((1 + mu) * g - mu * g_prev)
        else:
            nxt = w - lr * g + mu * (w - prev)
        prev, g_prev = w, g
        ref.append(nxt)
    np.testing.assert_allclose(ws, ref, rtol=1e-5, atol=1e-6)
    # the recurrence really uses momentum: it differs from plain SGD
    assert not np.allclose(ws, _run(dl.optim.sgd(lr), w0, a, T), atol=1e-3)


def test_heavy_ball_matches_characteristic_roots():
    # w_{t+1} = (1 + mu - lr a) w_t - mu w_{t-1}: w_t = c1 r1^t + c2 r2^t
    a, lr, mu, w0, T = 1.0, 0.5, 0.3, 2.0, 25
    r = np.roots([1, -(1 + mu - lr * a), mu]).astype(complex)
    c = np.linalg.solve(np.array([[1, 1], r], dtype=complex), np.array([w0, w0 * (1 - lr * a)]))
    closed = (c[:, None] * r[:, None] ** np.arange(T + 1)).sum(0).real
    np.testing.assert_allclose(_run(dl.optim.sgd(lr, momentum=mu), w0, a, T), closed,
                               rtol=1e-4, atol=1e-6)


def test_adam_first_step_has_magnitude_lr():
    lr = 0.01
    g = {"w": jnp.array([2e-2, -0.5, 3.0, -200.0, 7e4])}
    params = {"w": jnp.zeros(5)}
    opt = dl.optim.adam(lr)
    u, _ = opt.update(g, opt.init(params), params)
    # |u_i| = lr |g_i| / (|g_i| + eps)
    np.testing.assert_allclose(np.abs(u["w"]), lr, rtol=1e-5)
    np.testing.assert_array_equal(np.sign(u["w"]), -np.sign(g["w"]))
