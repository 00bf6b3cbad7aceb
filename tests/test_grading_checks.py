"""In-process tests of dl.grading.check: verdicts, messages for typical wrong answers, robustness."""
from __future__ import annotations

import re
import sys
import threading
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import nbformat
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.grading import all_checks, run_check

ROOT = Path(__file__).resolve().parents[1]


def failing(result):
    return [d for d in result.details if not d.passed]


def assert_fails_with(check_id, fn, phrase):
    r = run_check(check_id, fn)
    fails = failing(r)
    assert fails, f"{check_id} accepted a wrong answer"
    text = " ".join(f"{d.message} {d.hint}" for d in fails).lower()
    assert phrase.lower() in text, text
    return r


# --- the six typical wrong answers, each against its correct counterpart ----------------------

def test_conv_output_size_off_by_one():
    assert run_check("10.conv_output_size", lambda n, k, s=1, p=0: (n + 2 * p - k) // s + 1).passed
    assert_fails_with("10.conv_output_size", lambda n, k, s=1, p=0: (n + 2 * p - k) // s, "off by one")
    assert_fails_with("10.conv_output_size", lambda n, k, s=1, p=0: (n + 2 * p - k) // s + 2, "off by one")
    assert_fails_with("10.conv_output_size", lambda n, k, s=1, p=0: (n + 2 * p - k) / s + 1, "//")


def test_softmax_without_max_overflows_and_says_subtract_the_max():
    def naive(z):
        e = jnp.exp(jnp.asarray(z))
        return e / e.sum(-1, keepdims=True)

    def stable(z):
        z = jnp.asarray(z)
        e = jnp.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
    assert run_check("05.softmax", stable).passed
    r = assert_fails_with("05.softmax", naive, "subtract the max")
    assert r.score == 2 and "overflow" in failing(r)[0].message  # the small-logit cases still pass


def test_momentum_wrong_sign():
    assert run_check("07.momentum", lambda w, v, g, lr, b: (w - lr * (b * v + g), b * v + g)).passed
    assert_fails_with("07.momentum", lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g), "wrong sign")


def test_adam_without_bias_correction():
    def adam_nobc(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g ** 2
        return w - lr * m / (np.sqrt(v) + eps), m, v
    r = assert_fails_with("07.adam", adam_nobc, "bias correction")
    assert "instead of lr" in failing(r)[0].message


def test_dropout_without_rescaling():
    def no_rescale(x, rate, key, train=True):
        if not train:
            return x
        return jnp.where(jax.random.bernoulli(key, 1 - rate, jnp.shape(x)), x, 0.0)

    def keep_prob_confusion(x, rate, key, train=True):
        if not train:
            return x
        return jnp.where(jax.random.bernoulli(key, rate, jnp.shape(x)), x / rate, 0.0)
    r = assert_fails_with("09.dropout", no_rescale, "1 - rate")
    assert "mean changed" in failing(r)[0].message
    assert_fails_with("09.dropout", keep_prob_confusion, "probability to drop")


def test_batchnorm_eval_with_batch_statistics():
    def bn_batch_stats(x, gamma, beta, rm, rv, eps=1e-5):
        return gamma * (x - x.mean(0)) / np.sqrt(x.var(0) + eps) + beta

    def bn_eval(x, gamma, beta, rm, rv, eps=1e-5):
        return gamma * (x - rm) / np.sqrt(rv + eps) + beta
    assert run_check("12.batchnorm_eval", bn_eval).passed
    assert_fails_with("12.batchnorm_eval", bn_batch_stats, "running mean and variance")


def test_other_common_mistakes_get_specific_messages():
    assert_fails_with("01.step", lambda z: (np.asarray(z) > 0).astype(float), "z >= 0")
    assert_fails_with("15.iou", _iou_unclipped, "clip")
    assert_fails_with("16.cycle_loss", lambda x, xc, y, yc, lam=10.0: lam * (((x - xc) ** 2).mean() + ((y - yc) ** 2).mean()), "L1")
    assert_fails_with("10.conv2d", _conv_flipped, "flipped")
    assert_fails_with("03.chain_backward", lambda x, y, W, b: (-np.array([0.00514198, -0.02487757, -0.03560937]),
                                                               np.zeros(3)), "sign")


def _iou_unclipped(box, boxes):
    w = np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    h = np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    inter = w * h
    area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])  # noqa: E731
    return inter / (area(box) + area(boxes) - inter)


def _conv_flipped(x, w, b, stride=1):
    w = np.asarray(w)[::-1, ::-1]
    kh, kw = w.shape[:2]
    oh, ow = (x.shape[1] - kh) // stride + 1, (x.shape[2] - kw) // stride + 1
    y = np.zeros((x.shape[0], oh, ow, w.shape[-1]))
    for i in range(oh):
        for j in range(ow):
            y[:, i, j] = np.tensordot(x[:, stride * i:stride * i + kh, stride * j:stride * j + kw], w, 3)
    return y + b


# --- robustness: never raises, never writes to stderr, bounded time ----------------------------

def _stub(*a, **k):
    raise NotImplementedError("use the formula from the lesson")


def test_stub_reports_not_implemented_and_scores_zero(capsys):
    r = dl.grading.check("02.sigmoid", _stub)
    out = capsys.readouterr()
    assert r.score == 0 and r.max == 3 and out.err == ""
    assert all(d.message == "not implemented yet" for d in r.details)
    assert "use the formula from the lesson" in out.out


def test_never_raises_and_never_writes_stderr(capsys):
    import sys

    def noisy(x):
        print("debug", file=sys.stderr)
        import warnings
        warnings.warn("student warning")
        raise KeyboardInterrupt

    results = [dl.grading.check("04.relu", noisy), dl.grading.check("99.nope", np.sin),
               dl.grading.check("04.relu", None), dl.grading.check("04.relu", 42),
               dl.grading.check("04.relu", lambda x: sys.exit(3))]
    out = capsys.readouterr()
    assert out.err == ""
    assert [r.score for r in results] == [0] * 5
    assert "unknown check '99.nope'" in out.out and "04.relu" in out.out
    assert "KeyboardInterrupt" in results[0].details[0].message


def test_infinite_loop_times_out_main_thread():
    def forever(x):
        while True:
            pass
    t = time.monotonic()
    r = run_check("04.relu", forever, timeout=1.0)
    assert time.monotonic() - t < 5
    assert r.score == 0 and "timed out" in r.details[0].message


def test_infinite_loop_times_out_in_a_worker_thread():
    box = []
    worker = threading.Thread(target=lambda: box.append(run_check("04.relu", lambda x: time.sleep(60), timeout=1.0)))
    t = time.monotonic()
    worker.start()
    worker.join(10)
    assert time.monotonic() - t < 5 and box and "timed out" in box[0].details[0].message


def test_all_pass_says_all_public_checks_passed_and_html(capsys, monkeypatch):
    r = dl.grading.check("04.relu", lambda x: jnp.maximum(x, 0.0))
    assert r.passed and (r.score, r.max) == (2, 2)
    assert "all public checks passed" in capsys.readouterr().out
    shown = []
    runner = sys.modules["dltoolkit.grading.result"]
    import IPython.display
    monkeypatch.setattr(runner, "_in_kernel", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    dl.grading.check("04.relu", lambda x: jnp.maximum(x, 0.0))
    assert "all public checks passed" in shown[0].data and "<div" in shown[0].data
    assert capsys.readouterr().out == ""


def test_hidden_cases_run_only_when_asked():
    relu = lambda x: jnp.maximum(x, 0.0)  # noqa: E731
    pub, full = run_check("04.relu", relu), run_check("04.relu", relu, include_hidden=True)
    assert pub.max < full.max and full.passed and not any(d.hidden for d in pub.details)


# --- registry and notebooks agree -------------------------------------------------------------

def test_registry_covers_lessons_1_to_17_with_40_parts():
    from dltoolkit.grading import registry
    registry.load_hidden()
    checks = all_checks()
    assert len(checks) >= 40
    assert {c.lesson for c in checks} == {f"{i:02d}" for i in range(1, 18)}
    assert all(c.select(False) for c in checks)
    assert all(any(k.hidden for k in c.cases) for c in checks) and len(checks) >= 60


def test_every_check_is_called_in_its_solution_notebook():
    called = set()
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        lesson = nb.metadata["dltoolkit"]["lesson"]
        assert path.name.startswith(lesson)
        for cell in nb.cells:
            for cid, name in re.findall(r'check\("(\d\d\.\w+)", (\w+)\)', cell.source):
                assert cid.startswith(lesson) and dl.grading.get(cid).target == name
                called.add(cid)
    assert called == {c.id for c in all_checks()}


def test_results_may_come_as_a_tuple_a_list_or_an_array():
    import math

    def fwd(x, W, b):
        a, out = x, []
        for w, c in zip(W, b):
            a = 1 / (1 + math.exp(-(w * a + c)))
            out.append(a)
        return out
    for wrap in (tuple, list, np.array):
        assert run_check("03.chain_forward", lambda x, W, b: wrap(fwd(x, W, b))).passed
    r = run_check("03.chain_forward", lambda x, W, b: fwd(x, W, b)[:2])
    assert r.score == 0 and "expected a tuple of 3" in r.details[0].message
