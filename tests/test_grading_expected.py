"""The public checks' expected answers come from a stored table, not from code in the student's
package: the table is what dlgrader's references give (regenerated here and compared, so it
cannot drift), it answers every public case of every solution with the references out of reach
(as in a student's install), and no reference implementation is left in dltoolkit/."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from dltoolkit.grading import all_checks, run_check
from dltoolkit.grading.checks import _expected

ROOT = Path(__file__).resolve().parents[1]


def _same(a, b, path="") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return [f"{path}: keys differ ({sorted(set(a) ^ set(b))[:4]})"]
        return [m for k in a for m in _same(a[k], b[k], f"{path}/{k}")]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f"{path}: lengths {len(a)} != {len(b)}"]
        return [m for i, (x, y) in enumerate(zip(a, b)) for m in _same(x, y, f"{path}[{i}]")]
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) or isinstance(a, float):
        x, y = np.asarray(a), np.asarray(b)
        ok = x.shape == y.shape and np.allclose(x.astype(float), y.astype(float), rtol=1e-9, atol=1e-12, equal_nan=True)
        return [] if ok else [f"{path}: values differ"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def test_the_stored_table_is_what_the_grader_references_give_now():
    from dlgrader.make_expected import build
    table, problems = build()
    assert problems == []
    stored = _expected.table()
    assert set(table) == set(stored), sorted(set(table) ^ set(stored))[:5]
    diffs = [m for k in table for m in _same(_expected.decode(table[k]), _expected.decode(stored[k]), k)]
    assert not diffs, diffs[:5]


def test_public_cases_pass_for_the_solutions_from_the_table_alone(monkeypatch):
    """A student's install has no dlgrader: every public case of every solution is answered from the
    table (a miss would fail a correct answer), and a wrong answer still fails."""
    from dlgrader.make_expected import solution_namespace
    monkeypatch.setattr(_expected, "_grader_reference", lambda name: None)
    bad = []
    for chk in all_checks():
        r = run_check(chk.id, solution_namespace(chk.lesson)[chk.target], timeout=300)
        if not r.passed:
            bad.append((chk.id, [d.message for d in r.details if not d.passed][:1]))
    assert not bad, bad
    assert not run_check("05.softmax", lambda z: np.asarray(z) * 0 + 0.25).passed


def test_a_missing_input_asks_for_the_grader_not_a_crash(monkeypatch):
    from dltoolkit.grading.registry import Fail
    monkeypatch.setattr(_expected, "_grader_reference", lambda name: None)
    with pytest.raises(Fail, match="only be checked by the grader"):
        _expected.expected("05.softmax")(np.array([123.0, 4.0]))
    monkeypatch.undo()
    np.testing.assert_allclose(_expected.expected("05.softmax")(np.array([0.0, 0.0])), [0.5, 0.5])


def test_the_key_ignores_last_ulp_differences_but_not_real_ones():
    x = np.linspace(0.3, 3.3, 7).astype(np.float32)
    k = _expected.key("05.softmax", (x,), {})
    assert _expected.key("05.softmax", (np.nextafter(x, np.float32(9)),), {}) == k
    assert _expected.key("05.softmax", (x * 1.01,), {}) != k
    assert _expected.key("05.softmax", (x.reshape(1, 7),), {}) != k


def reference_names() -> set[str]:
    """Every name dlgrader.references defines (ref_adam, ref_conv2d, LENET5_COUNTS, ...)."""
    import dlgrader.references as refs
    names = set()
    for path in Path(refs.__file__).parent.glob("l*.py"):
        names |= {a or b for a, b in re.findall(r"^(?:def (\w+)|(\w+) = )", path.read_text(), re.M)}
    return names


def test_no_reference_implementation_is_left_in_the_student_package():
    names = reference_names()
    assert {"ref_adam", "ref_conv2d", "ref_softmax", "LENET5_COUNTS"} <= names
    found = []
    for path in (ROOT / "dltoolkit").rglob("*.py"):
        text = path.read_text()
        found += [f"{path.relative_to(ROOT)}: {n}" for n in names if re.search(rf"\b{n}\b", text)]
    assert not found, found
