"""Schedules against optax's schedules and closed forms, jit-able, and the plot helper."""
import jax
import jax.numpy as jnp
import matplotlib
import numpy as np
import optax
import pytest

import dltoolkit as dl

S = dl.optim.schedules
T = np.arange(0, 130)


def _values(schedule):
    f = jax.jit(schedule)
    return np.array([float(f(jnp.int32(t))) for t in T])


@pytest.mark.parametrize("ours, ref", [
    (S.exponential_decay(0.1, 10, 0.5), optax.exponential_decay(0.1, 10, 0.5)),
    (S.exponential_decay(0.1, 10, 0.5, staircase=True, transition_begin=5, end_value=0.01),
     optax.exponential_decay(0.1, 10, 0.5, staircase=True, transition_begin=5, end_value=0.01)),
    (S.polynomial_decay(0.1, 0.001, 2.0, 100, transition_begin=10),
     optax.polynomial_schedule(0.1, 0.001, 2.0, 100, transition_begin=10)),
    (S.cosine_decay(0.1, 100, alpha=0.1), optax.cosine_decay_schedule(0.1, 100, alpha=0.1)),
    (S.warmup_cosine_decay(0.0, 0.1, 20, 120, end_value=0.005),
     optax.warmup_cosine_decay_schedule(0.0, 0.1, 20, 120, end_value=0.005)),
    (S.constant(0.3), optax.constant_schedule(0.3)),
])
def test_matches_optax(ours, ref):
    np.testing.assert_allclose(_values(ours), [float(ref(t)) for t in T], rtol=1e-5, atol=1e-9)


def test_closed_forms():
    np.testing.assert_allclose(_values(S.step_decay(0.2, factor=0.5, every=25)),
                               0.2 * 0.5 ** (T // 25), rtol=1e-6)
    np.testing.assert_allclose(_values(S.inverse_time_decay(0.1, decay=0.01)),
                               0.1 / (1 + 0.01 * T), rtol=1e-6)
    np.testing.assert_allclose(_values(S.inverse_time_decay(0.1, 0.5, decay_steps=10, staircase=True)),
                               0.1 / (1 + 0.5 * (T // 10)), rtol=1e-6)
    v = _values(S.piecewise_constant([10, 50], [1.0, 0.5, 0.1]))
    np.testing.assert_allclose(v, np.where(T <= 10, 1.0, np.where(T <= 50, 0.5, 0.1)))


def test_bad_arguments():
    with pytest.raises(ValueError, match="len\\(values\\) == len\\(boundaries\\) \\+ 1"):
        S.piecewise_constant([10, 20], [1.0, 0.5])
    with pytest.raises(ValueError, match="every must be > 0"):
        S.step_decay(0.1, every=0)
    with pytest.raises(ValueError, match="decay_steps > warmup_steps"):
        S.warmup_cosine_decay(0.0, 0.1, 50, 10)


def test_plot_schedule():
    matplotlib.use("Agg")
    ax = dl.optim.plot_schedule(S.step_decay(0.1, 0.5, 10), 40)
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, 0.1 * 0.5 ** (np.arange(40) // 10), rtol=1e-6)
    ax2 = S.plot_schedule(S.piecewise_constant([5], [1.0, 0.1]), 10, ax=ax, label="pc")
    assert ax2 is ax and len(ax.lines) == 2
