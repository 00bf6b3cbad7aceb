"""Hints on request, one level at a time; solutions only where the course allows them; the count of
hints used reaches the check result and the report; the generated files stay in step."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

import dltoolkit as dl
from dltoolkit.grading import hints as hints_mod
from dltoolkit.grading import run_check
from dltoolkit.grading.cli import main
from dltoolkit.grading.generate import generate, hints_and_solutions
from dltoolkit.grading.report import Report, write_csv

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def fresh_counts(monkeypatch):
    monkeypatch.delenv(hints_mod.ENV_USED, raising=False)
    monkeypatch.delenv("DLTOOLKIT_NO_SOLUTIONS", raising=False)
    monkeypatch.delenv("DLTOOLKIT_SOLUTIONS", raising=False)


def test_hints_come_one_level_at_a_time_and_are_counted(capsys):
    levels = json.loads((ROOT / "dltoolkit/grading/hints.json").read_text())["07.adam"]
    for k in range(1, 5):
        dl.grading.hint("07.adam")
        out = capsys.readouterr().out
        shown = min(k, 3)
        assert f"Hint {shown}/3" in out and levels[shown - 1] in out
        assert all(levels[j] not in out for j in range(3) if j != shown - 1)
    assert dl.grading.hints_used() == {"07.adam": {"hints": 3, "of": 3, "solution": False}}
    r = run_check("07.adam", lambda *a: None)
    assert r.hints["hints"] == 3 and "hints used: 3 of 3" in r.text() and "hints used" in r.html()


def test_levels_go_from_concept_to_pseudo_code():
    table = json.loads((ROOT / "dltoolkit/grading/hints.json").read_text())
    assert len(table) == len(dl.grading.all_checks()) and all(len(v) == 3 for v in table.values())
    assert "m_hat" in table["07.adam"][1] and "m_hat" not in table["07.adam"][0]


def test_solution_is_shown_from_the_grader_package_and_can_be_turned_off(capsys, monkeypatch):
    dl.grading.solution("05.softmax")
    out = capsys.readouterr().out
    assert "def softmax(z):" in out and "jnp.exp(z - jnp.max(" in out and "### " not in out
    assert dl.grading.hints_used()["05.softmax"]["solution"] is True
    monkeypatch.setenv("DLTOOLKIT_NO_SOLUTIONS", "1")
    dl.grading.solution("05.relu")
    assert "turned off" in capsys.readouterr().out


def test_without_the_grader_package_solution_says_so(capsys, monkeypatch, tmp_path):
    import sys
    monkeypatch.setitem(sys.modules, "dlgrader", None)
    dl.grading.solution("05.softmax")
    assert "not installed with the student package" in capsys.readouterr().out
    handout = tmp_path / "sol.json"
    handout.write_text(json.dumps({"05.softmax": "def softmax(z): ..."}))
    monkeypatch.setenv("DLTOOLKIT_SOLUTIONS", str(handout))
    dl.grading.solution("05.softmax")
    assert "def softmax(z): ..." in capsys.readouterr().out
    dl.grading.hint("99.nope")
    assert "no hints for '99.nope'" in capsys.readouterr().out


def test_the_report_shows_hints_per_check_and_the_gradebook_sums_them(tmp_path):
    checks = [{"check_id": "07.adam", "score": 2, "max": 3, "points": 0.67, "details": [],
               "hints": {"hints": 2, "of": 3, "solution": True}},
              {"check_id": "07.momentum", "score": 3, "max": 3, "points": 1.0, "details": [], "hints": {}}]
    r = Report("a.ipynb", ["07"], 1.67, 2, checks)
    assert "hints 2/3 +solution" in r.table()
    write_csv([r], tmp_path / "g.csv")
    rows = (tmp_path / "g.csv").read_text().splitlines()
    assert rows[0].endswith("hints_used,solutions_shown,errors") and rows[1].endswith(",2,1,0")


def test_exercise_stubs_are_neutral_and_keep_the_task():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].get("id") == "setup" and nb.cells[0].source.startswith("# dltoolkit setup")
        for cell in nb.cells[1:]:
            if cell.cell_type != "code":
                continue
            tree = ast.parse(cell.source)
            for node in ast.walk(tree):
                if isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node):
                    assert ast.unparse(node) == "raise NotImplementedError('not implemented yet')", path.name
            for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
                if "NotImplementedError" in ast.unparse(fn):
                    doc = ast.get_docstring(fn) or ""
                    assert len(doc) > 60 and "return" in doc.lower(), (path.name, fn.name)
                    assert [type(s).__name__ for s in fn.body] == ["Expr", "Raise"], (path.name, fn.name)


def test_solutions_have_the_setup_cell_and_every_check_its_hints():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].get("id") == "setup"
        hints, sols = hints_and_solutions(nb, path.name)
        assert set(hints) == set(sols) and all(len(v) == 3 for v in hints.values()), path.name


def test_hint_tables_are_up_to_date(tmp_path):
    assert generate(ROOT / "solutions", ROOT / "exercises", check=True,
                    hints_file=ROOT / "dltoolkit/grading/hints.json",
                    solutions_file=ROOT / "dlgrader/solutions.json") == []
    changed = generate(ROOT / "solutions", tmp_path / "ex", hints_file=tmp_path / "h.json",
                       solutions_file=tmp_path / "s.json")
    assert str(tmp_path / "h.json") in changed and (tmp_path / "h.json").read_bytes() == \
        (ROOT / "dltoolkit/grading/hints.json").read_bytes()


def test_the_wheel_keeps_hints_and_leaves_out_the_grader():
    text = (ROOT / "pyproject.toml").read_text()
    assert '"grading/*.json"' in text
    assert not (ROOT / "dltoolkit" / "dlgrader").exists() and (ROOT / "dlgrader" / "__init__.py").exists()
    assert main(["exercises", "generate", "--check", "--solutions", str(ROOT / "solutions"),
                 "--exercises", str(ROOT / "exercises")]) == 0
