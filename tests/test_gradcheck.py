"""dl.gradcheck: passes on correct gradients, fails on wrong ones, never leaks x64."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl

KEY = jax.random.key(0)


def _x64_state():
    return bool(jax.config.jax_enable_x64), jnp.zeros(1).dtype, jnp.asarray(1.0).dtype


def test_passes_on_dl_dense_network_with_params_dict():
    layers = [dl.layers.Dense(5, activation="tanh"), dl.layers.Dense(3)]
    k1, k2 = jax.random.split(KEY)
    p1, _, s1 = layers[0].init(k1, (4,))
    p2, _, _ = layers[1].init(k2, s1)
    params = {"dense_1": p1, "dense_2": p2}
    x = jax.random.normal(jax.random.key(1), (8, 4))
    y = jnp.arange(8) % 3

    def loss(params, x, y):
        h, _ = layers[0].apply(params["dense_1"], {}, x)
        z, _ = layers[1].apply(params["dense_2"], {}, h)
        return dl.losses.sparse_categorical_crossentropy(y, z, from_logits=True)

    result = dl.gradcheck(loss, params, x, y)
    assert result, str(result)
    assert {leaf.path for leaf in result.leaves} == {
        "['dense_1']['bias']", "['dense_1']['kernel']", "['dense_2']['bias']", "['dense_2']['kernel']"}
    assert result.max_rel_error < 1e-6 and all(leaf.checked == np.prod(leaf.shape) for leaf in result.leaves)


def test_computes_in_float64_and_does_not_leak_x64():
    before = _x64_state()
    seen = []

    def f(x):
        seen.append(x.dtype)
        return jnp.sum(jnp.sin(x) ** 2)

    result = dl.gradcheck(f, np.linspace(0.1, 2.0, 7).astype(np.float32))
    assert result.ok
    assert all(d == jnp.float64 for d in seen)
    assert _x64_state() == before and before[0] is False
    assert isinstance(result.max_rel_error, float) and isinstance(result.leaves[0].max_rel_error, float)
    assert jnp.asarray(np.float64(1.0)).dtype == jnp.float32  # caller's default still float32


@jax.custom_vjp
def wrong_sin(x):
    return jnp.sin(x)


def _fwd(x):
    return jnp.sin(x), x


def _bwd(x, g):
    return (g * 1.01 * jnp.cos(x),)  # a 1% error in the derivative


wrong_sin.defvjp(_fwd, _bwd)


def test_fails_on_deliberately_wrong_custom_vjp():
    x = jnp.linspace(-1.0, 1.0, 9)
    good = dl.gradcheck(lambda x: jnp.sum(jnp.sin(x) * x), x)
    bad = dl.gradcheck(lambda x: jnp.sum(wrong_sin(x) * x), x)
    assert good and not bad
    assert bad.max_rel_error > 1e-3
    text = str(bad)
    assert "FAIL" in text and "FAILED" in text
    assert "<table>" in bad._repr_html_() and "FAILED" in bad._repr_html_()


def test_only_the_wrong_leaf_fails_and_argnums():
    params = {"a": jnp.array([0.3, -0.7]), "b": jnp.array([0.5, 1.5, 2.5])}

    def f(p, x):
        return jnp.sum(wrong_sin(p["a"])) + jnp.sum(p["b"] ** 2 * x)

    r = dl.gradcheck(f, params, 2.0)
    status = {leaf.path: leaf.ok for leaf in r.leaves}
    assert status == {"['a']": False, "['b']": True} and not r
    r2 = dl.gradcheck(f, params, 2.0, argnums=(0, 1))
    assert {leaf.path: leaf.ok for leaf in r2.leaves} == {"arg0['a']": False, "arg0['b']": True, "arg1": True}
    r3 = dl.gradcheck(lambda p, x: jnp.sum(p["b"] ** 2 * x), params, jnp.array(3.0), argnums=1)
    assert r3 and [leaf.path for leaf in r3.leaves] == ["arg1"]


def test_big_leaves_are_sampled():
    w = jax.random.normal(KEY, (100, 50))
    r = dl.gradcheck(lambda w: jnp.sum(jnp.tanh(w) ** 2), w, max_elements=20)
    assert r and r.leaves[0].checked == 20 and "20/5000" in str(r)


def test_exact_zero_gradients_pass():
    x = jnp.array([-1.0, -0.5, 0.7, 1.3])
    assert dl.gradcheck(lambda x: jnp.sum(dl.activations.relu(x) ** 2), x)  # two exact zeros


def test_functions_that_read_concrete_labels_fall_back_to_eager():
    def f(w, labels):
        lab = np.asarray(labels)  # concrete under grad (labels are not differentiated), not under jit
        return jnp.sum(w[lab] ** 3)

    r = dl.gradcheck(f, jnp.array([0.5, 1.0, 2.0]), np.array([2, 2, 0]))
    assert r and r.leaves[0].max_abs_grad == pytest.approx(2 * 3 * 2.0 ** 2)


def test_non_scalar_output_is_a_clear_error():
    with pytest.raises(ValueError, match="scalar"):
        dl.gradcheck(lambda x: x * 2, jnp.ones(3))
    assert _x64_state()[0] is False  # restored even after an error
