"""Feedback names the real mistake: each wrong answer a reviewer submitted gets the message for
its own slip (not a neighbouring one), and the formerly weak cases now catch what slipped by."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from dltoolkit.grading import all_checks, registry
from dltoolkit.grading import run_check as _run_check


def run_check(check_id, fn, **kw):
    """Generous time: the suite shares a loaded machine; the checks' own limits are tested elsewhere."""
    return _run_check(check_id, fn, timeout=300, **kw)


def fails_with(check_id, fn, phrase, *, not_phrase=None, first=True):
    """The wrong answer fails; the first failure (what the student reads first), or with
    ``first=False`` some failure, carries ``phrase``; no failure carries ``not_phrase``."""
    r = run_check(check_id, fn, include_hidden=True)
    bad = [d for d in r.details if not d.passed]
    assert bad, f"{check_id} accepted a wrong answer"
    text = " ".join(f"{d.message} {d.hint}" for d in bad).lower()
    assert phrase.lower() in (f"{bad[0].message} {bad[0].hint}".lower() if first else text), text
    if not_phrase:
        assert not_phrase.lower() not in text, text
    return r


def _adam(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g ** 2
    return w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps), m, v


# --- misattributions ---------------------------------------------------------------------------

def test_adam_returning_only_w_is_told_so_not_bias_correction():
    assert run_check("07.adam", _adam, include_hidden=True).passed
    fails_with("07.adam", lambda *a: _adam(*a)[0], "single array of shape (3,)", not_phrase="bias correction")


def test_perceptron_update_returning_only_w_is_told_so_not_a_shape():
    def update(w, b, x, y, lr):
        e = y - float(np.dot(w, x) + b >= 0)
        return w + lr * e * np.asarray(x)
    fails_with("01.perceptron_update", update, "single array of shape (2,)", not_phrase="expected shape")


def test_padding_counted_once_is_not_called_off_by_one():
    fails_with("10.conv_output_size", lambda n, k, s=1, p=0: (n + p - k) // s + 1, "padding was counted once",
               not_phrase="+ 1")


def test_he_std_variance_answer_gets_its_diagnosis_at_fan_in_1():
    r = fails_with("08.he_std", lambda n: 2.0 / n, "variance 2/fan_in")
    assert "he_std(1)" in r.details[0].message
    fails_with("08.he_std", lambda n: np.sqrt(1.0 / n), "lecun")


def test_momentum_with_swapped_results_is_told_the_order():
    def swapped(w, v, g, lr, beta):
        v = beta * v + g
        return v, w - lr * v
    fails_with("07.momentum", swapped, "wrong order")


def test_scalar_zero_for_frozen_leaves_is_told_the_shape():
    def scalar_zero(updates, trainable):
        return jax.tree.map(lambda u, t: u if t else 0.0, updates, trainable)
    fails_with("13.freeze_updates", scalar_zero, "zero update has shape ()", not_phrase="keep their update")


def test_an_array_is_not_a_tuple_but_a_sequence_of_numbers_may_be_one():
    r = run_check("12.batchnorm_train", lambda x, g, b, rm, rv, m=0.9, e=1e-5: np.zeros(3))
    assert r.score == 0 and "single array" in r.details[0].message
    assert run_check("03.chain_forward", lambda x, W, b: np.array(_chain_acts(x, W, b))).passed


# --- lesson 03's chain: a worked example where every slip shows -------------------------------

def _chain_acts(x, W, b):
    a, out = x, []
    for w, c in zip(W, b):
        a = 1 / (1 + np.exp(-(w * a + c)))
        out.append(a)
    return out


def _chain_backward(x, y, W, b, *, own=False, drop_w=False):
    a = [x, *_chain_acts(x, W, b)]
    dW, db = np.zeros(3), np.zeros(3)
    delta = (a[3] - y) * a[3] * (1 - a[3])
    for i in (2, 1, 0):
        dW[i], db[i] = delta * (a[i + 1] if own else a[i]), delta
        delta = delta * (1.0 if drop_w else W[i]) * a[i] * (1 - a[i])
    return dW, db


def test_chain_backward_slips_fail_with_their_own_message():
    assert run_check("03.chain_backward", _chain_backward, include_hidden=True).passed
    fails_with("03.chain_backward", lambda *a: _chain_backward(*a, own=True), "own output a_i")
    fails_with("03.chain_backward", lambda *a: _chain_backward(*a, drop_w=True), "dropped the weight")
    fails_with("03.chain_forward", lambda x, W, b: [1 / (1 + np.exp(-(w * x + c))) for w, c in zip(W, b)],
               "fed the input x")


# --- weak cases now fail ------------------------------------------------------------------------

def test_softmax_with_one_global_max_fails_on_mixed_rows():
    def global_max(z):
        z = jnp.asarray(z)
        e = jnp.exp(z - z.max())
        return e / e.sum(-1, keepdims=True)
    out = np.asarray(global_max(np.array([[1000.0, 1001.0], [0.0, 1.0]], np.float32)))
    assert np.isnan(out[1]).all()  # the answer really is broken
    fails_with("05.softmax", global_max, "one max for the whole array")


def test_he_uniform_does_not_pass_he_normal():
    def he_uniform(key, shape, dtype=jnp.float32):
        lim = np.sqrt(6.0 / np.prod(shape[:-1]))
        return jax.random.uniform(key, shape, dtype, -lim, lim)

    def truncated(key, shape, dtype=jnp.float32):
        std = np.sqrt(2.0 / np.prod(shape[:-1])) / 0.87962566
        return std * jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype)
    fails_with("08.he_normal", he_uniform, "uniform")
    fails_with("08.he_normal", truncated, "beyond 2 std")


def test_naive_generator_loss_is_inf_at_logit_minus_200_and_fails():
    naive = lambda f: -jnp.mean(jnp.log(1 / (1 + jnp.exp(-jnp.asarray(f)))))  # noqa: E731
    assert not np.isfinite(float(naive(np.array([-200.0], np.float32))))
    assert run_check("16.g_loss", naive).score == 2  # it passed every case of the old check
    fails_with("16.g_loss", naive, "sigmoid(-200) rounds to 0")


def test_float64_output_and_code_that_cannot_jit_are_caught():
    fails_with("02.sigmoid", lambda x: 1 / (1 + np.exp(-np.asarray(x, np.float64))), "float32 input gave float64")

    def relu_if(x):
        return x if float(np.max(x)) < -1e9 else np.maximum(np.asarray(x), 0)
    fails_with("04.relu", relu_if, "does not run under jax.jit")


def test_every_check_has_a_hidden_case_and_public_cases():
    registry.load_hidden()
    for chk in all_checks():
        assert chk.select(False), chk.id
        assert any(c.hidden for c in chk.cases), chk.id


def test_hidden_cases_need_the_grader_package(monkeypatch):
    import sys
    relu = lambda x: jnp.maximum(x, 0.0)  # noqa: E731
    monkeypatch.setattr(registry, "_HIDDEN_LOADED", False)
    monkeypatch.setitem(sys.modules, "dlgrader", None)  # as in a student's install
    r = run_check("04.relu", relu, include_hidden=True)
    assert r.score == 0 and "only with the grader" in r.details[0].message
    assert run_check("04.relu", relu).passed and not any(d.hidden for d in run_check("04.relu", relu).details)
