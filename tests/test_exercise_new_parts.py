"""The new exercise parts: each solution passes (hidden cases included) and each typical wrong answer
fails with the message written for it."""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import jax
import jax.numpy as jnp
import nbformat
import numpy as np
import pytest

from dltoolkit.grading import run_check as _run_check

ROOT = Path(__file__).resolve().parents[1]


def run_check(check_id, fn, **kw):
    return _run_check(check_id, fn, timeout=300, include_hidden=True, **kw)


@lru_cache(maxsize=None)
def solution(notebook: str) -> dict:
    """The solution notebook's definitions (its code cells run here, checks left out)."""
    ns: dict = {}
    for cell in nbformat.read(ROOT / "solutions" / f"{notebook}.ipynb", as_version=4).cells[1:]:
        if cell.cell_type == "code" and "dl.grading.check(" not in cell.source:
            exec(compile(cell.source, notebook, "exec"), ns)
    return ns


def fails_with(check_id, fn, phrase):
    r = run_check(check_id, fn)
    bad = [d for d in r.details if not d.passed]
    assert bad, f"{check_id} accepted a wrong answer"
    assert phrase.lower() in f"{bad[0].message} {bad[0].hint}".lower(), r.text()


NEW = [("02_gradient_descent", "02.divergence_threshold", "divergence_threshold"),
       ("03_backprop", "03.numerical_grad", "numerical_grad"), ("03_backprop", "03.rel_error", "rel_error"),
       ("03_backprop", "03.value_neuron", "value_neuron"), ("03_backprop", "03.value_accumulate", "value_reuse"),
       ("04_activations", "04.grad_through_depth", "grad_through_depth"),
       ("05_softmax_cross_entropy", "05.softmax_backward", "softmax_backward"),
       ("09_regularization", "09.adamw_step", "adamw_step"), ("09_regularization", "09.adam_l2_step", "adam_l2_step"),
       ("12_deep_cnns", "12.batchnorm_backward", "batchnorm_backward"),
       ("12_deep_cnns", "12.receptive_field", "receptive_field"),
       ("14_augmentation", "14.random_flip", "random_flip"), ("14_augmentation", "14.cutmix", "cutmix"),
       ("17_generalization", "17.double_descent", "double_descent")]


@pytest.mark.parametrize("nb, check_id, name", NEW, ids=[c for _, c, _ in NEW])
def test_solution_passes_every_case(nb, check_id, name):
    r = run_check(check_id, solution(nb)[name])
    assert r.passed and any(d.hidden for d in r.details), r.text()


def test_divergence_threshold_wrong_answers():
    fails_with("02.divergence_threshold", lambda H: 1 / np.linalg.eigvalsh(H).max(), "one step")
    fails_with("02.divergence_threshold", lambda H: 2 / np.linalg.eigvalsh(H).min(), "smallest eigenvalue")
    fails_with("02.divergence_threshold", lambda H: 2 / np.trace(H), "trace")
    H = np.diag([1.0, 4.0])
    assert 2 / 4.0 == pytest.approx(float(solution("02_gradient_descent")["divergence_threshold"](H)))


def test_gradcheck_wrong_answers():
    def forward(f, x, h=1e-5):
        x, g = np.array(x, float), np.zeros(np.shape(x))
        for i in np.ndindex(x.shape):
            xp = x.copy()
            xp[i] += h
            g[i] = (f(xp) - f(x)) / h
        return g

    def mutating(f, x, h=1e-5):
        g = np.zeros(np.shape(x))
        for i in np.ndindex(x.shape):
            x[i] += h
            up = f(x)
            x[i] -= 2 * h
            g[i] = (up - f(x)) / (2 * h)
        return g
    fails_with("03.numerical_grad", forward, "forward difference")
    fails_with("03.numerical_grad", mutating, "changed the caller's x")
    fails_with("03.numerical_grad", lambda f, x, h=1e-5: 2 * solution("03_backprop")["numerical_grad"](f, x, h),
               "factor 2")
    fails_with("03.rel_error", lambda a, b: float(np.max(np.abs(np.asarray(a) - b))), "absolute error")
    fails_with("03.rel_error", lambda a, b: float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b)))), "0/0")


def _engine(accumulate=True, tanh_local=True):
    """The solution's Value engine with one of its slips put back in."""
    class V:
        def __init__(self, data, prev=()):
            self.data, self.grad, self._prev, self._backward = float(data), 0.0, prev, lambda: None

        def _add(self, child, g):
            child.grad = child.grad + g if accumulate else g

        def __add__(self, o):
            o = o if isinstance(o, V) else V(o)
            out = V(self.data + o.data, (self, o))
            out._backward = lambda: (self._add(self, out.grad), self._add(o, out.grad))
            return out

        def __mul__(self, o):
            o = o if isinstance(o, V) else V(o)
            out = V(self.data * o.data, (self, o))
            out._backward = lambda: (self._add(self, o.data * out.grad), self._add(o, self.data * out.grad))
            return out

        def tanh(self):
            t = math.tanh(self.data)
            out = V(t, (self,))
            out._backward = lambda: self._add(self, ((1 - t ** 2) if tanh_local else 1.0) * out.grad)
            return out

        def backward(self):
            order, seen = [], set()

            def visit(v):
                if id(v) not in seen:
                    seen.add(id(v))
                    for c in v._prev:
                        visit(c)
                    order.append(v)
            visit(self)
            self.grad = 1.0
            for v in reversed(order):
                v._backward()
    return V


def test_value_engine_wrong_answers():
    def neuron_with(V):
        def value_neuron(xs, ws, b):
            X, W, B = [V(x) for x in xs], [V(w) for w in ws], V(b)
            s = B
            for w, x in zip(W, X):
                s = s + w * x
            out = s.tanh()
            out.backward()
            return out.data, [x.grad for x in X], [w.grad for w in W], B.grad
        return value_neuron

    def reuse_with(V):
        def value_reuse(a, b):
            A, Bv = V(a), V(b)
            f = A * Bv + A * A
            f.backward()
            return f.data, A.grad, Bv.grad
        return value_reuse
    assert run_check("03.value_neuron", neuron_with(_engine())).passed
    fails_with("03.value_neuron", neuron_with(_engine(tanh_local=False)), "local derivative")
    fails_with("03.value_accumulate", reuse_with(_engine(accumulate=False)), "overwritten, not accumulated")
    fails_with("03.value_neuron", lambda xs, ws, b: (0.0, [0.0], [0.0], 0.0), ".backward()")


def test_depth_softmax_and_batchnorm_backward_wrong_answers():
    depth = solution("04_activations")["grad_through_depth"]
    fails_with("04.grad_through_depth", lambda x, ws, act: depth(x, ws, act)[::-1], "reversed")
    g = depth(0.5, [1.0] * 10, "sigmoid")
    auto = jax.grad(lambda a: jax.lax.fori_loop(0, 10, lambda i, a: jax.nn.sigmoid(a), a))(0.5)
    assert g[0] == pytest.approx(float(auto), rel=1e-4) and g[0] < 0.25 ** 10
    fails_with("05.softmax_backward", lambda s, ds: s * (1 - s) * ds, "diagonal of the jacobian")
    fails_with("12.batchnorm_backward",
               lambda dy, x, g, eps=1e-5: (g * dy / np.sqrt(x.var(0) + eps), (dy * x).sum(0), dy.sum(0)),
               "as constants")


def test_optimizer_rf_augmentation_and_double_descent_wrong_answers():
    sol9 = solution("09_regularization")
    fails_with("09.adamw_step", sol9["adam_l2_step"], "adam with an l2 penalty")
    fails_with("09.adam_l2_step", sol9["adamw_step"], "this is adamw")
    fails_with("12.receptive_field", lambda layers: 1 + sum(k - 1 for k, _ in layers), "strides were ignored")
    fails_with("12.receptive_field", lambda layers: 1 + sum((k - 1) * s for k, s in layers), "own stride")

    def one_coin(images, key, p=0.5):
        return images[:, :, ::-1] if jax.random.bernoulli(key, p) else images

    def flip_keep(images, key, p=0.5):
        coins = jax.random.bernoulli(key, 1 - p, (images.shape[0],))
        return jnp.where(coins[:, None, None, None], images[:, :, ::-1], images)
    fails_with("14.random_flip", one_coin, "one coin for the whole batch")
    fails_with("14.random_flip", flip_keep, "about 1 - p")
    cut = solution("14_augmentation")["cutmix"]

    def swapped_labels(x1, y1, x2, y2, box):
        x, y = cut(x1, y1, x2, y2, box)
        lam = 1 - box[2] * box[3] / (x1.shape[1] * x1.shape[2])
        return x, (1 - lam) * y1 + lam * y2
    fails_with("14.cutmix", swapped_labels, "label weights are swapped")
    fails_with("14.cutmix", lambda x1, y1, x2, y2, box: cut(x2, y2, x1, y1, box), "other way")

    def train_errors(X, y, Xt, yt, ds):
        return np.array([np.mean((X[:, :d] @ (np.linalg.pinv(X[:, :d]) @ y) - y) ** 2) for d in ds])

    def normal_equations(X, y, Xt, yt, ds):
        out = []
        for d in ds:
            A = X[:, :d]
            with np.errstate(all="ignore"):
                w = np.linalg.inv(A.T @ A) @ A.T @ y if d <= len(y) else np.full(d, np.nan)
            out.append(np.mean((Xt[:, :d] @ w - yt) ** 2))
        return np.array(out)
    fails_with("17.double_descent", train_errors, "training errors")
    fails_with("17.double_descent", normal_equations, "singular")
