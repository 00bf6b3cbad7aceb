"""The key-idea exercises of lessons 06-09 and 12: gradient variance vs batch size, learning-rate
schedules, variance through depth, a leakage-free split, early stopping and the 1x1 bottleneck.
Each solution scores full marks (hidden cases included), each untouched stub 0, each typical
wrong answer fails with its own message, and each reference agrees with an independent oracle
(Monte Carlo, optax, a closed form, torch's parameter count, published counts)."""
from __future__ import annotations

import numpy as np
import optax
import pytest

from dlgrader.references import l06_grad_variance, l07_schedules, l08_depth, l09_validation, l12_bottleneck
from test_exercise_new_parts import fails_with, run_check, solution

NEW = [("06_sgd_minibatches", "06.grad_variance", "grad_variance"), ("07_optimizers", "07.step_decay", "step_decay"),
       ("07_optimizers", "07.cosine_decay", "cosine_decay"),
       ("08_initialization", "08.activation_stds", "activation_stds"),
       ("09_regularization", "09.standardize_split", "standardize_split"),
       ("09_regularization", "09.early_stopping", "early_stopping"),
       ("12_deep_cnns", "12.bottleneck_params", "bottleneck_params")]


@pytest.mark.parametrize("nb, check_id, name", NEW, ids=[c for _, c, _ in NEW])
def test_solution_full_marks_and_stub_zero(nb, check_id, name):
    r = run_check(check_id, solution(nb)[name])
    assert r.passed and any(d.hidden for d in r.details), r.text()

    def stub(*a, **k):
        raise NotImplementedError("not implemented yet")
    s = run_check(check_id, stub)
    assert s.score == 0 and "not implemented" in s.details[0].message


# --- independent oracles for the references ------------------------------------------------------

def test_grad_variance_matches_monte_carlo():
    r = np.random.default_rng(0)
    X, y, w = r.normal(size=(40, 3)), r.normal(size=40), r.normal(size=3)
    g = 2 * (X @ w - y)[:, None] * X
    for b in (1, 8):
        draws = np.array([g[r.integers(0, 40, size=b)].mean(0) for _ in range(20000)])
        mc = draws.var(0).sum()
        assert l06_grad_variance.ref_grad_variance(w, X, y, b) == pytest.approx(mc, rel=0.05)


def test_schedules_match_optax():
    t = np.arange(0, 130, 7)
    ref = optax.cosine_decay_schedule(0.1, 100, alpha=0.001 / 0.1)
    np.testing.assert_allclose(l07_schedules.ref_cosine_decay(t, 0.1, 100, 0.001), [ref(int(s)) for s in t],
                               rtol=1e-5)
    step = optax.exponential_decay(0.1, transition_steps=10, decay_rate=0.5, staircase=True)
    np.testing.assert_allclose(l07_schedules.ref_step_decay(t, 0.1, 0.5, 10), [step(int(s)) for s in t], rtol=1e-6)


def test_activation_stds_follow_the_linear_regime_closed_form():
    """Small tanh weights keep the layers nearly linear: each layer scales the std by the gain."""
    r = np.random.default_rng(1)
    d, gain = 256, 0.5
    x = r.normal(size=(2000, d)) * 0.1
    ws = [r.normal(size=(d, d)) * gain / np.sqrt(d) for _ in range(4)]
    s = l08_depth.ref_activation_stds(x, ws, "tanh")
    np.testing.assert_allclose(s[1:] / s[:-1], gain, rtol=0.05)
    he = [r.normal(size=(d, d)) * np.sqrt(2 / d) for _ in range(8)]
    s = l08_depth.ref_activation_stds(r.normal(size=(2000, d)), he, "relu")
    assert 0.7 < s[-1] / s[0] < 1.4  # He et al. 2015: the second moment is preserved through ReLU layers


def test_standardize_split_by_hand_and_early_stopping_worked_example():
    X = np.array([[1.0, 10.0], [3.0, 30.0], [5.0, 20.0], [100.0, 0.0]])
    tr, va = l09_validation.ref_standardize_split(X, [0, 1, 2], [3])
    mu, sd = np.array([3.0, 20.0]), np.array([np.sqrt(8 / 3), np.sqrt(200 / 3)])
    np.testing.assert_allclose(tr, (X[:3] - mu) / sd)
    np.testing.assert_allclose(va, [(X[3] - mu) / sd])
    losses = [1.0, 0.8, 0.7, 0.72, 0.7, 0.75, 0.69, 0.8, 0.81, 0.9]
    assert l09_validation.ref_early_stopping(losses, 2) == (2, 4)      # the tie at epoch 4 is no improvement
    assert l09_validation.ref_early_stopping([0.9, 0.7, 0.6], 3) == (2, 2)


def test_bottleneck_counts_are_torchs_and_the_published_ones():
    torch = pytest.importorskip("torch")
    from torch import nn

    def block(c_in, c_mid, c_out):
        layers = [nn.Conv2d(c_in, c_mid, 1, bias=False), nn.BatchNorm2d(c_mid),
                  nn.Conv2d(c_mid, c_mid, 3, padding=1, bias=False), nn.BatchNorm2d(c_mid),
                  nn.Conv2d(c_mid, c_out, 1, bias=False), nn.BatchNorm2d(c_out)]
        if c_in != c_out:
            layers += [nn.Conv2d(c_in, c_out, 1, bias=False), nn.BatchNorm2d(c_out)]
        return sum(p.numel() for p in nn.ModuleList(layers).parameters())
    published = {(256, 64, 256): 70400, (64, 64, 256): 75008, (1024, 256, 1024): 1117184,
                 (1024, 512, 2048): 6039552}
    for shape, n in published.items():
        assert l12_bottleneck.ref_bottleneck_params(*shape) == block(*shape) == n
    assert torch is not None


# --- each typical wrong answer fails with its own message ---------------------------------------

def _gv(scale=1.0, ddof=0, factor=2.0, per_batch=True):
    def f(w, X, y, b):
        g = factor * (np.asarray(X) @ w - y)[:, None] * X
        return float(g.var(axis=0, ddof=ddof).sum() * scale / (b if per_batch else 1))
    return f


def test_grad_variance_wrong_answers():
    fails_with("06.grad_variance", _gv(per_batch=False), "one example")
    fails_with("06.grad_variance", _gv(ddof=1), "ddof=1")
    fails_with("06.grad_variance", _gv(factor=1.0), "factor 2")


def test_schedule_wrong_answers():
    fails_with("07.step_decay", lambda t, lr0, d, e: lr0 * d ** (np.asarray(t) / e), "smoothly")
    fails_with("07.step_decay", lambda t, lr0, d, e: lr0 * d ** np.asarray(t, float), "every step")
    cos = np.cos
    fails_with("07.cosine_decay", lambda t, a, T, f=0.0: f + (a - f) * 0.5 * (1 + cos(np.pi * np.asarray(t) / T)),
               "rises again")
    fails_with("07.cosine_decay", lambda t, a, T, f=0.0: f + (a - f) * (1 + cos(np.pi * np.minimum(t, T) / T)),
               "factor 1/2")
    fails_with("07.cosine_decay", lambda t, a, T, f=0.0: a * 0.5 * (1 + cos(np.pi * np.minimum(t, T) / T)),
               "final_lr")

    def python_min(t, a, T, f=0.0):
        import jax.numpy as jnp
        return f + (a - f) * 0.5 * (1 + jnp.cos(jnp.pi * min(t, T) / T)) if np.ndim(t) == 0 else \
            np.vectorize(lambda s: python_min(s, a, T, f))(t)
    fails_with("07.cosine_decay", python_min, "jnp.minimum")


def _stds(pre=False, var=False, with_input=False, same_input=False):
    def f(x, ws, act="relu"):
        h, out = np.asarray(x, float), ([np.asarray(x).std()] if with_input else [])
        for W in ws:
            z = (np.asarray(x, float) if same_input else h) @ W
            h = np.maximum(z, 0) if act == "relu" else np.tanh(z)
            s = (z if pre else h).std()
            out.append(s ** 2 if var else s)
        return np.array(out)
    return f


def test_activation_stds_wrong_answers():
    fails_with("08.activation_stds", _stds(pre=True), "pre-activations")
    fails_with("08.activation_stds", _stds(var=True), "variances")
    fails_with("08.activation_stds", _stds(with_input=True), "input's std is included")
    fails_with("08.activation_stds", _stds(same_input=True), "applied to x itself")


def test_split_and_early_stopping_wrong_answers():
    def leaky(X, tr, va):
        X = np.asarray(X, float)
        return (X[tr] - X.mean(0)) / X.std(0), (X[va] - X.mean(0)) / X.std(0)

    def own(X, tr, va):
        X = np.asarray(X, float)
        a, b = X[tr], X[va]
        return (a - a.mean(0)) / a.std(0), (b - b.mean(0)) / b.std(0)
    fails_with("09.standardize_split", leaky, "leaked")
    fails_with("09.standardize_split", own, "their own statistics")

    def stop(ties=False, late=False, last=False):
        def f(losses, patience):
            best, be = np.inf, 0
            for e, loss in enumerate(losses):
                if loss < best or (ties and loss <= best):
                    best, be = loss, e
                elif (e - be > patience) if late else (e - be >= patience):
                    return (e, e) if last else (be, e)
            return be, len(losses) - 1
        return f
    fails_with("09.early_stopping", stop(ties=True), "equal loss")
    fails_with("09.early_stopping", stop(late=True), "one epoch too long")
    fails_with("09.early_stopping", stop(last=True), "best epoch")


def test_bottleneck_wrong_answers_and_typed_in_counts():
    fails_with("12.bottleneck_params", lambda a, m, o: a * m + 9 * m * m + m * o + (a * o if a != o else 0),
               "batch-norm")
    fails_with("12.bottleneck_params", lambda a, m, o: a * m + 9 * m * m + m * o + 2 * (2 * m + o), "shortcut")
    fails_with("12.bottleneck_params",
               lambda a, m, o: a * m + m * m + m * o + 2 * (2 * m + o) + (a * o + 2 * o if a != o else 0), "3x3")

    def typed_in(c_in, c_mid, c_out):
        return {(256, 64, 256): 70400, (64, 64, 256): 75008}[(c_in, c_mid, c_out)]
    r = run_check("12.bottleneck_params", typed_in)
    assert r.score == 0 and "expected answers" in r.details[0].message
