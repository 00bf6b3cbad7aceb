"""Every "by hand" exercise rejects the whole-job function it asks for: each shortcut a reviewer
submitted (all correct answers, so only the shortcut check can fail them) scores 0 on its part,
hidden cases included, with a message that names the function called."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest
from jax import lax, nn

import dltoolkit as dl
from dltoolkit.grading import run_check
from dlgrader.references import l07_optimizers, l10_convolutions, l15_beyond
from dltoolkit.grading.shortcuts import closure_source, violations


def adam_via_toolkit(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    opt = dl.optim.adam(lr, b1, b2, eps)
    upd, _ = opt.update(g, opt.init(w))
    return w + upd, m, v


def adam_via_reference(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    return l07_optimizers.ref_adam(w, m, v, g, t, lr, b1, b2, eps)


def softmax_library(z):
    return jax.nn.softmax(jnp.asarray(z), axis=-1)


def softmax_aliased(z):  # `from jax import nn` at the top of the notebook
    return nn.softmax(jnp.asarray(z))


def _hidden_helper(z):
    return jax.nn.softmax(z)


def softmax_through_helper(z):
    return _hidden_helper(jnp.asarray(z))


def conv_lax(x, w, b, stride=1):
    return lax.conv_general_dilated(jnp.asarray(x), jnp.asarray(w), (stride, stride), "VALID",
                                    dimension_numbers=("NHWC", "HWIO", "NHWC")) + b


def conv_reference(x, w, b, stride=1):
    return l10_convolutions.ref_conv2d(x, w, b, stride)


def pool_lax(x, size=2, stride=2):
    return lax.reduce_window(jnp.asarray(x), -jnp.inf, lax.max, (1, size, size, 1), (1, stride, stride, 1), "VALID")


def ce_grad_optax(logits, labels):
    z = jnp.asarray(logits)
    return jax.grad(lambda z: optax.softmax_cross_entropy_with_integer_labels(z, jnp.asarray(labels)).mean())(z)


def ce_optax(logits, labels):
    return optax.softmax_cross_entropy_with_integer_labels(jnp.asarray(logits), jnp.asarray(labels)).mean()


def chain_backward_grad(x, y, W, b):
    def loss(W, b):
        a = x
        for i in range(3):
            a = 1 / (1 + jnp.exp(-(W[i] * a + b[i])))
        return 0.5 * (y - a) ** 2
    return jax.grad(loss, (0, 1))(jnp.asarray(W, jnp.float32), jnp.asarray(b, jnp.float32))


def dense_backward_vjp(x, W, dy):
    _, vjp = jax.vjp(lambda x, W, b: x @ W + b, x, W, np.zeros(W.shape[1]))
    return vjp(dy)


def he_normal_library(key, shape, dtype=jnp.float32):
    return jax.nn.initializers.he_normal()(key, shape, dtype)


def iou_zoo(box, boxes):
    from dltoolkit.models.zoo.boxes import iou
    return iou(np.asarray(box)[None], np.asarray(boxes))[0]


def nms_zoo(boxes, scores, iou_threshold=0.5):
    return list(dl.models.zoo.boxes.nms(boxes, scores, iou_threshold))


def nms_reference(boxes, scores, iou_threshold=0.5):
    return l15_beyond.ref_nms(boxes, scores, iou_threshold)


def l2_toolkit(params, lam):
    return dl.regularizers.l2_penalty(params, lam, kernels_only=False)


def lenet_counts_typed_in():
    return {"conv1": 156, "conv2": 2416, "fc1": 48120, "fc2": 10164, "fc3": 850}


SHORTCUTS = [
    ("07.adam", adam_via_toolkit, "dltoolkit.optim"),
    ("07.adam", adam_via_reference, "grading code"),
    ("05.softmax", softmax_library, "jax.nn.softmax"),
    ("05.softmax", softmax_aliased, "jax.nn.softmax"),
    ("05.softmax", softmax_through_helper, "jax.nn.softmax"),
    ("10.conv2d", conv_lax, "jax.lax.conv_general_dilated"),
    ("10.conv2d", conv_reference, "grading code"),
    ("10.max_pool", pool_lax, "jax.lax.reduce_window"),
    ("05.ce_grad", ce_grad_optax, "jax.grad"),
    ("05.cross_entropy", ce_optax, "optax"),
    ("03.chain_backward", chain_backward_grad, "jax.grad"),
    ("03.dense_backward", dense_backward_vjp, "jax.vjp"),
    ("08.he_normal", he_normal_library, "jax.nn.initializers"),
    ("15.iou", iou_zoo, "dltoolkit.models.zoo.boxes.iou"),
    ("15.nms", nms_zoo, "dltoolkit.models"),
    ("15.nms", nms_reference, "grading code"),
    ("09.l2_penalty", l2_toolkit, "dltoolkit.regularizers"),
    ("11.lenet5_param_counts", lenet_counts_typed_in, "expected answers"),
]


@pytest.mark.parametrize("check_id, fn, named", SHORTCUTS, ids=[f"{c}-{f.__name__}" for c, f, _ in SHORTCUTS])
def test_shortcut_scores_zero_with_a_reason(check_id, fn, named):
    r = run_check(check_id, fn, include_hidden=True)
    assert r.max >= 2 and r.score == 0, r.text()
    assert any(d.hidden for d in r.details)
    assert all(d.message.startswith("not done by hand") and named in d.message for d in r.details), r.text()


def test_the_same_answers_written_by_hand_pass():
    def softmax(z):
        z = jnp.asarray(z)
        e = jnp.exp(z - z.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)

    def counts():
        conv = lambda k, ci, co: k * k * ci * co + co  # noqa: E731
        dense = lambda i, o: i * o + o  # noqa: E731
        return {"conv1": conv(5, 1, 6), "conv2": conv(5, 6, 16), "fc1": dense(400, 120),
                "fc2": dense(120, 84), "fc3": dense(84, 10)}
    assert run_check("05.softmax", softmax, include_hidden=True).passed
    assert run_check("11.lenet5_param_counts", counts, include_hidden=True).passed


@pytest.mark.parametrize("source, aliases, hit", [
    ("def f(z):\n    return jax.nn.softmax(z)", None, "jax.nn.softmax"),
    ("from jax import nn\ndef f(z):\n    return nn.softmax(z)", None, "jax.nn.softmax"),
    ("def f(z):\n    from jax.nn import softmax as sm\n    return sm(z)", None, "jax.nn.softmax"),
    ("def f(z):\n    return sm(z)", {"sm": "jax.nn.softmax"}, "jax.nn.softmax"),
    ("def f(z):\n    g = jax.nn.softmax\n    return g(z)", None, "jax.nn.softmax"),
    ("import jax.nn as J\ndef f(z):\n    return J.softmax(z)", None, "jax.nn.softmax"),
])
def test_violations_resolves_aliases_on_text(source, aliases, hit):
    v = violations("05.softmax", source, aliases)
    assert len(v) == 1 and hit in v[0]


def test_violations_allow_the_building_blocks():
    ok = "def f(z):\n    e = jnp.exp(z - jnp.max(z, -1, keepdims=True))\n    return e / e.sum(-1, keepdims=True)"
    assert violations("05.softmax", ok) == []
    assert violations("11.lenet5_forward", "def f(x, k):\n    return lax.conv_general_dilated(x, k, (1, 1), 'VALID')") == []
    assert violations("05.softmax", "def f(z:\n") == []  # a syntax error is the checks' business


def test_closure_source_follows_the_notebooks_own_helpers():
    cells = ["import jax\nfrom jax import nn", "def helper(z):\n    return nn.softmax(z)",
             "def softmax(z):\n    return helper(z)", "def unrelated(x):\n    return jax.grad(x)"]
    src = closure_source(cells, "softmax")
    assert "def helper" in src and "def unrelated" not in src
    assert violations("05.softmax", src, {"nn": "jax.nn"})
    assert closure_source(cells, "missing") == ""


def test_no_shortcut_is_reported_for_solutions_or_untouched_stubs():
    """Solutions (all written by hand) and the generated stubs trip no rule, read as the grader
    reads them: the target's definition and its helpers from the notebook's text."""
    import re
    from pathlib import Path

    import nbformat

    from dltoolkit.grading.shortcuts import _parse, import_aliases
    root = Path(__file__).resolve().parents[1]
    seen = 0
    for path in sorted(root.glob("solutions/*.ipynb")) + sorted(root.glob("exercises/*.ipynb")):
        cells = [c.source for c in nbformat.read(path, as_version=4).cells[1:] if c.cell_type == "code"]
        aliases = {k: v for c in cells if _parse(c) for k, v in import_aliases(_parse(c)).items()}
        for cid, name in re.findall(r'check\("(\d\d\.\w+)", (\w+)\)', "\n".join(cells)):
            assert violations(cid, closure_source(cells, name), aliases) == [], (path.name, cid)
            seen += 1
    from dltoolkit.grading import all_checks
    assert seen == 2 * len(all_checks()) >= 2 * 72
