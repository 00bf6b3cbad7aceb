"""Dropout: identity in eval, keeps ~(1 - rate) of units scaled by 1/(1 - rate), needs a key."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

from dltoolkit.layers import Dropout


def test_identity_in_eval_even_with_a_key():
    x = jax.random.normal(jax.random.key(0), (4, 10))
    for key in (None, jax.random.key(1)):
        y, s = Dropout(0.5).apply({}, {}, x, train=False, key=key)
        np.testing.assert_array_equal(y, x)
        assert s == {}


@pytest.mark.parametrize("rate", [0.1, 0.5, 0.8])
def test_keep_fraction_scale_and_mean(rate):
    x = jnp.full((200, 500), 2.0)
    y, _ = Dropout(rate).apply({}, {}, x, train=True, key=jax.random.key(2))
    y = np.asarray(y)
    kept = y != 0
    n = kept.size
    # keep fraction ~ Binomial(n, 1 - rate)/n: within 5 standard deviations
    assert abs(kept.mean() - (1 - rate)) < 5 * np.sqrt(rate * (1 - rate) / n)
    np.testing.assert_allclose(y[kept], 2.0 / (1 - rate), rtol=1e-6)  # inverted scaling
    assert abs(y.mean() - 2.0) < 5 * 2.0 * np.sqrt(rate / ((1 - rate) * n))  # E[y] = x


def test_different_keys_give_different_masks_same_key_same_mask():
    x = jnp.ones((1, 100))
    d = Dropout(0.5)
    a, _ = d.apply({}, {}, x, train=True, key=jax.random.key(0))
    b, _ = d.apply({}, {}, x, train=True, key=jax.random.key(1))
    c, _ = d.apply({}, {}, x, train=True, key=jax.random.key(0))
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, c)


def test_rate_zero_is_identity_and_jit_works():
    x = jax.random.normal(jax.random.key(0), (3, 4))
    y, _ = Dropout(0.0).apply({}, {}, x, train=True)
    np.testing.assert_array_equal(y, x)
    f = jax.jit(lambda x, k: Dropout(0.3).apply({}, {}, x, train=True, key=k)[0])
    assert f(x, jax.random.key(0)).shape == (3, 4)


def test_noise_shape_drops_whole_channels():
    x = jnp.ones((2, 4, 4, 8))
    y, _ = Dropout(0.5, noise_shape=(2, 1, 1, 8)).apply({}, {}, x, train=True, key=jax.random.key(5))
    y = np.asarray(y)
    assert np.all((y == y[:, :1, :1, :]))  # constant over H, W for each (example, channel)


def test_training_without_key_is_a_clear_error():
    with pytest.raises(ValueError, match=r"Dropout layer 'drop'.*train=True.*key=") as e:
        Dropout(0.5, name="drop").apply({}, {}, jnp.ones((2, 3)), train=True)
    assert "fit" in str(e.value)


@pytest.mark.parametrize("rate", [1.0, -0.1, 1.5, "half"])
def test_rate_is_validated(rate):
    with pytest.raises(ValueError, match="Dropout"):
        Dropout(rate)


def test_shape_and_config():
    d = Dropout(0.25, name="d")
    assert d.init(jax.random.key(0), (3, 4))[2] == (3, 4)
    assert Dropout.from_config(d.get_config()).get_config() == d.get_config()
