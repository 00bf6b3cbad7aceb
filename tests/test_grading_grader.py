"""The grader end to end: every solution scores full marks and every untouched exercise zero,
graded in one parallel batch of sandboxed kernels; reports and exports keep each case's message.
"""
from __future__ import annotations

import csv
import json
import stat
import zipfile
from pathlib import Path

import pytest

from dltoolkit.grading import all_checks
from dltoolkit.grading.batch import grade_batch
from dltoolkit.grading.cli import main
from dltoolkit.grading.exports import gradescope_results, write_canvas_csv
from dltoolkit.grading.grader import GradeReport, Options

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def class_reports():
    paths = sorted((ROOT / "solutions").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
    reports = grade_batch(paths, jobs=2, options=Options(check_timeout=120, deadline=600), progress=False)
    return {f"{p.parent.name}/{p.name}": r for p, r in zip(paths, reports)}


def _failures(r):
    return [f"{c['check_id']}: {d['name']}: {d['message']}" for c in r.checks for d in c["details"]
            if d["passed"] == r.notebook.split("/")[-2].startswith("exercises")]


def test_every_solution_scores_full_marks(class_reports):
    sols = {k: r for k, r in class_reports.items() if k.startswith("solutions/")}
    assert len(sols) == len(list((ROOT / "solutions").glob("*.ipynb"))) >= 17
    for name, r in sols.items():
        assert r.status == "graded" and r.lessons == [name.split("/")[1][:2]], r.table()
        assert r.max == len(all_checks(r.lessons[0])) and r.score == r.max, _failures(r)
        assert any(d["hidden"] for c in r.checks for d in c["details"])
        assert not [e for e in r.errors if not e.startswith("note:")], r.errors


def test_every_untouched_exercise_scores_zero(class_reports):
    exs = {k: r for k, r in class_reports.items() if k.startswith("exercises/")}
    assert len(exs) >= 17
    for r in exs.values():
        assert r.status == "graded" and r.max == len(all_checks(r.lessons[0])) and r.score == 0, _failures(r)
        assert all(d["message"] for c in r.checks for d in c["details"])


def _report() -> GradeReport:
    r = GradeReport("submissions/smithjane_LATE_4242_777_07_optimizers.ipynb", isolation="bubblewrap: test",
                    exercise="07", lessons=["07"], score=1.5, max=2, elapsed_s=3.0)
    r.checks = [
        {"check_id": "07.adam", "title": "Adam", "score": 2, "max": 4, "points": 0.5, "target": "adam_update",
         "include_hidden": True, "details": [
             {"name": "first step", "passed": True, "message": "", "hint": "", "hidden": False},
             {"name": "bias", "passed": False, "message": "moved by 0.03162 instead of lr", "hint": "bias correction",
              "hidden": False},
             {"name": "random shapes", "passed": True, "message": "", "hint": "", "hidden": True},
             {"name": "long run", "passed": False, "message": "diverged after 40 steps", "hint": "", "hidden": True}]},
        {"check_id": "07.momentum", "title": "Momentum", "score": 1, "max": 1, "points": 1.0, "target": "m",
         "include_hidden": True, "details": [{"name": "one step", "passed": True, "message": "", "hint": "",
                                              "hidden": False}]}]
    return r


def test_gradescope_results_follow_the_spec_with_partial_credit():
    res = gradescope_results(_report())
    assert res["score"] == 1.5 and isinstance(res["execution_time"], float)
    tests = {t["name"]: t for t in res["tests"]}
    pub, hid = tests["07.adam: Adam (public cases)"], tests["07.adam: Adam (hidden cases)"]
    assert (pub["score"], pub["max_score"], pub["visibility"]) == (0.25, 0.5, "visible")
    assert (hid["score"], hid["max_score"], hid["visibility"]) == (0.25, 0.5, "after_published")
    assert "moved by 0.03162 instead of lr" in pub["output"] and "diverged after 40 steps" in hid["output"]
    assert sum(t["score"] for t in res["tests"]) == pytest.approx(res["score"])
    assert all(set(t) == {"name", "score", "max_score", "output", "visibility"} for t in res["tests"])
    assert "isolation: bubblewrap" in res["output"]


def test_canvas_csv_reads_the_canvas_user_id_from_the_file_name(tmp_path):
    write_canvas_csv([_report()], tmp_path / "canvas.csv", "Exercise 07")
    rows = list(csv.reader((tmp_path / "canvas.csv").open()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 07"]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "100"
    assert rows[2] == ["smithjane", "4242", "", "", "", "75.0"]


def test_gradescope_zip_holds_setup_and_run_autograder(tmp_path):
    out = tmp_path / "ag.zip"
    assert main(["exercises", "gradescope-zip", "07", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        assert {"setup.sh", "run_autograder"} <= set(names)
        run = z.read("run_autograder").decode()
        assert run.startswith("#!") and "--exercise 07" in run and "/autograder/results/results.json" in run
        assert stat.S_IMODE(z.getinfo("run_autograder").external_attr >> 16) & 0o111
        assert "bubblewrap" in z.read("setup.sh").decode()
    assert main(["exercises", "gradescope-zip", "99", "-o", str(out)]) == 2


def test_cli_gradescope_and_exports_for_one_notebook(tmp_path):
    nb = ROOT / "solutions" / "04_activations.ipynb"
    files = {k: tmp_path / f"{k}.out" for k in ("gs", "json", "csv", "cases", "canvas")}
    assert main(["grade", str(nb), "--quiet", "--gradescope", str(files["gs"]), "--json", str(files["json"]),
                 "--csv", str(files["csv"]), "--checks-csv", str(files["cases"]),
                 "--canvas", str(files["canvas"])]) == 0
    gs = json.loads(files["gs"].read_text())
    assert gs["score"] == len(all_checks("04")) and all(t["score"] == t["max_score"] for t in gs["tests"])
    assert {t["visibility"] for t in gs["tests"]} == {"visible", "after_published"}
    rows = list(csv.DictReader(files["cases"].open()))
    assert rows and all(r["passed"] == "True" for r in rows)
    assert list(csv.DictReader(files["csv"].open()))[0]["status"] == "graded"


def test_without_the_sandbox_every_row_says_so(tmp_path):
    import nbformat
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "empty.ipynb")
    (tmp_path / "essay.docx").write_bytes(b"PK\x03\x04 not a notebook")
    out = tmp_path / "out.csv"
    assert main(["grade", str(tmp_path), "--no-sandbox", "--exercise", "03", "--quiet", "--csv", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert sorted(r["status"] for r in rows) == ["empty", "not a notebook"]
    assert all(r["isolation"].startswith("NOT ISOLATED") for r in rows)
    assert all(float(r["score"]) == 0 and int(r["max"]) == len(all_checks("03")) for r in rows)
