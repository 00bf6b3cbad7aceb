"""The runtime shortcut guard: tricks that hide a forbidden call from the source check
(getattr with a built name, exec, importlib, a reference saved before grading, a jitted function
compiled before grading, a try/except around the call) still score 0 on their part, with a
message naming the function; the patch is undone afterwards, whatever the student's code did;
allowed code (jit, the grader's own jax.grad of the student's function) is unaffected."""
from __future__ import annotations

import importlib

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl
from dltoolkit.grading import run_check
from dltoolkit.grading.runtime_guard import guard, originals

SM = "soft" + "max"


def softmax_getattr(z):
    return getattr(jax.nn, SM)(jnp.asarray(z), axis=-1)


def softmax_exec(z):
    ns = {"jax": jax, "z": jnp.asarray(z)}
    exec("out = jax.nn." + SM + "(z, axis=-1)", ns)  # noqa: S102 - the trick under test
    return ns["out"]


def softmax_caught(z):
    try:
        return getattr(jax.nn, SM)(jnp.asarray(z), axis=-1)
    except Exception:  # noqa: BLE001 - hides the guard's error and falls back to a correct answer
        z = jnp.asarray(z)
        e = jnp.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)


@jax.jit
def _softmax_jitted(z):
    return getattr(jax.nn, SM)(z, axis=-1)


def softmax_precompiled(z):
    return _softmax_jitted(jnp.asarray(z, jnp.float32))


def conv_exec(x, w, b, stride=1):
    ns = {"lax": jax.lax, "x": jnp.asarray(x), "w": jnp.asarray(w), "s": stride}
    exec("y = lax.conv_general_" + "dilated(x, w, (s, s), 'VALID', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", ns)
    return ns["y"] + b


def pool_getattr(x, size=2, stride=2):
    rw = getattr(jax.lax, "reduce_" + "window")
    return rw(jnp.asarray(x), -jnp.inf, jax.lax.max, (1, size, size, 1), (1, stride, stride, 1), "VALID")


def ce_grad_importlib(logits, labels):
    losses = importlib.import_module("op" + "tax")
    f = getattr(losses, "softmax_cross_entropy_with_integer_labels")
    z = jnp.asarray(logits)
    return getattr(jax, "gr" + "ad")(lambda z: f(z, jnp.asarray(labels)).mean())(z)


def adam_getattr(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    opt = getattr(importlib.import_module("dltoolkit.op" + "tim"), "ad" + "am")(lr, b1, b2, eps)
    state = opt.init(jnp.asarray(w))
    upd, _ = opt.update(jnp.asarray(g), state)
    return jnp.asarray(w) + upd, m, v


def dense_backward_vjp(x, W, dy):
    _, vjp = getattr(jax, "v" + "jp")(lambda x, W, b: x @ W + b, x, W, np.zeros(W.shape[1]))
    return vjp(dy)


def iou_zoo(box, boxes):
    f = getattr(importlib.import_module("dltoolkit.bo" + "xes"), "i" + "ou")
    return f(np.asarray(box)[None], np.asarray(boxes))[0]


TRICKS = [("05.softmax", softmax_getattr, "jax.nn.softmax"), ("05.softmax", softmax_exec, "jax.nn.softmax"),
          ("05.softmax", softmax_caught, "jax.nn.softmax"), ("05.softmax", softmax_precompiled, "jax.nn.softmax"),
          ("10.conv2d", conv_exec, "conv_general_dilated"), ("10.max_pool", pool_getattr, "reduce_window"),
          ("05.ce_grad", ce_grad_importlib, "jax.grad"), ("07.adam", adam_getattr, "dltoolkit.optim"),
          ("03.dense_backward", dense_backward_vjp, "jax.vjp"), ("15.iou", iou_zoo, "iou")]


@pytest.mark.parametrize("check_id,fn,name", TRICKS, ids=[f"{c}-{f.__name__}" for c, f, _ in TRICKS])
def test_each_runtime_trick_scores_zero_and_names_the_function(check_id, fn, name):
    from dltoolkit.grading.shortcuts import object_source, violations
    assert violations(check_id, *object_source(fn)) == [], "the source check should not see this trick"
    if fn is softmax_precompiled:
        _softmax_jitted(np.zeros((3, 4), np.float32))  # compiled before grading: the guard must retrace it
    r = run_check(check_id, fn, include_hidden=True)
    assert r.score == 0 and r.max > 0, r.text() if hasattr(r, "text") else r
    for d in r.details:
        assert d.message.startswith("not done by hand") and "at run time" in d.message and name in d.message


def test_the_patch_is_undone_even_when_the_code_raises_or_times_out():
    before = {n: getattr(jax.nn, n) for n in ("softmax", "log_softmax")}
    grad, vjp, rw = jax.grad, jax.vjp, jax.lax.reduce_window

    def raises(z):
        raise ValueError("boom")

    def loops(z):
        while True:
            pass
    assert run_check("05.softmax", raises).score == 0
    assert run_check("05.softmax", loops, timeout=1.0).score == 0
    assert run_check("03.dense_backward", dense_backward_vjp).score == 0
    assert run_check("10.max_pool", pool_getattr).score == 0
    assert {n: getattr(jax.nn, n) for n in before} == before
    assert (jax.grad, jax.vjp, jax.lax.reduce_window) == (grad, vjp, rw)
    from jax._src.nn import functions
    assert functions.softmax is before["softmax"]
    np.testing.assert_allclose(jax.nn.softmax(jnp.array([0.0, 0.0])), [0.5, 0.5])


def test_a_saved_reference_in_the_students_globals_closure_and_defaults_is_caught():
    saved = jax.nn.softmax
    ns = {"saved": saved}

    def closure_fn(z, f=saved):
        return f(jnp.asarray(z))
    with guard(["jax.nn.softmax"], [ns], [closure_fn]) as g:
        assert ns["saved"] is not saved and closure_fn.__defaults__[0] is not saved
        with pytest.raises(Exception, match="not allowed"):
            closure_fn(np.zeros(3))
    assert g.used == ["jax.nn.softmax"]
    assert ns["saved"] is saved and closure_fn.__defaults__[0] is saved and jax.nn.softmax is saved


def test_allowed_code_jits_and_the_graders_own_calls_go_through():
    @jax.jit
    def softmax(z):
        z = jnp.asarray(z)
        e = jnp.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
    assert run_check("05.softmax", softmax, include_hidden=True).passed
    # 05.ce_grad forbids jax.grad and optax for the student, while this case's own code may use them
    with guard(["jax.grad", "optax"]) as g:
        with pytest.raises(Exception, match="jax.grad is not allowed"):  # called from here: the student's side
            jax.grad(lambda x: (x ** 2).sum())(jnp.ones(2))
        from dltoolkit.grading.checks._util import expect_grad      # the grading code's own jax.grad goes through
        expect_grad(lambda x: (x ** 2).sum(), (np.ones(2),), 2 * np.ones(2), "x**2")
    assert g.used == ["jax.grad"]
    assert originals(["jax.nn.softmax"]) and jax.grad is not None and optax.adam is not None


def test_solution_style_code_for_every_guarded_check_still_passes():
    from dlgrader.make_expected import solution_namespace
    from dltoolkit.grading import all_checks
    from dltoolkit.grading.shortcut_rules import BANNED
    bad = []
    for chk in all_checks():
        if chk.id not in BANNED:
            continue
        r = run_check(chk.id, solution_namespace(chk.lesson)[chk.target], include_hidden=True, timeout=300)
        if not r.passed:
            bad.append((chk.id, [d.message for d in r.details if not d.passed][:1]))
    assert not bad, bad


def test_the_toolkit_itself_is_not_forbidden_outside_a_check():
    assert float(dl.activations.softmax(jnp.zeros(2))[0]) == pytest.approx(0.5)


TRICK_CELL = '''import jax, jax.numpy as jnp
_NAME = "soft" + "max"

def softmax(z):
    """the library's softmax reached through getattr: invisible to the source check"""
    try:
        return getattr(jax.nn, _NAME)(jnp.asarray(z), axis=-1)
    except Exception:
        z = jnp.asarray(z)
        e = jnp.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
'''


def test_the_grader_kernel_runs_the_same_guard(tmp_path):
    """Through the command-line grader (the student's code runs in its own kernel, sandboxed where
    bubblewrap works): the trick scores 0 on 05.softmax with the message; the other parts keep theirs."""
    import json
    from pathlib import Path

    import nbformat

    from dltoolkit.grading.cli import main
    root = Path(__file__).resolve().parents[1]
    nb = nbformat.read(root / "solutions" / "05_softmax_cross_entropy.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith("def softmax("))
    cell.source = TRICK_CELL
    nbformat.write(nb, tmp_path / "trick.ipynb")
    out = tmp_path / "report.json"
    assert main(["grade", str(tmp_path / "trick.ipynb"), "--quiet", "--json", str(out)]) == 0
    checks = {c["check_id"]: c for c in json.loads(out.read_text())[0]["checks"]}
    soft = checks["05.softmax"]
    assert soft["points"] == 0 and soft["details"], soft
    assert all("not done by hand" in d["message"] and "jax.nn.softmax" in d["message"]
               and "at run time" in d["message"] for d in soft["details"]), soft["details"]
    assert checks["05.softmax_backward"]["score"] == checks["05.softmax_backward"]["max"] > 0


def test_in_the_notebook_only_the_students_reachable_jit_caches_are_emptied():
    @jax.jit
    def unrelated(x):
        return x * 2
    unrelated(jnp.ones(3))
    _softmax_jitted(np.zeros((3, 4), np.float32))
    assert unrelated._cache_size() == 1 and _softmax_jitted._cache_size() >= 1
    assert run_check("05.softmax", softmax_precompiled).score == 0
    assert unrelated._cache_size() == 1  # the notebook's other compiled code is kept


_JITTED_LIBRARY = jax.jit(getattr(jax.nn, SM))
_PARTIAL_LIBRARY = __import__("functools").partial(getattr(jax.nn, SM), axis=-1)


def softmax_wrapped_before_grading(z):
    """jax.jit(...) and functools.partial(...) of the library function, built at import time"""
    z = jnp.asarray(z)
    return _PARTIAL_LIBRARY(z) if z.ndim == 1 else _JITTED_LIBRARY(z, axis=-1)


def test_wrappers_built_before_grading_are_caught_too():
    r = run_check("05.softmax", softmax_wrapped_before_grading)
    assert r.score == 0 and all("at run time" in d.message for d in r.details), [d.message for d in r.details]
    assert _PARTIAL_LIBRARY.func is jax.nn.softmax and _JITTED_LIBRARY.__wrapped__ is jax.nn.softmax
