"""The notebook grader end to end, in real kernels (several notebooks per kernel start-up).

Solutions score full marks, untouched exercises score zero, and broken or hostile-ish
submissions (syntax error, exception, infinite loop, redefined check, dead kernel, not a
notebook, renamed file) still give a full report in bounded time.
"""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dltoolkit.grading import all_checks
from dltoolkit.grading.cli import main
from dltoolkit.grading.grader import grade_notebooks

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [f"{i:02d}" for i in range(1, 18)]


@pytest.fixture(scope="module")
def class_reports():
    paths = sorted((ROOT / "solutions").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
    return {f"{p.parent.name}/{p.name}": r for p, r in
            zip(paths, grade_notebooks(paths, cell_timeout=60, notebooks_per_kernel=len(paths)))}


def test_every_solution_scores_full_marks(class_reports):
    sols = {k: r for k, r in class_reports.items() if k.startswith("solutions/")}
    assert len(sols) == 17
    for name, r in sols.items():
        assert r.lessons == [name.split("/")[1][:2]]
        assert r.max == len(all_checks(r.lessons[0])) and r.score == r.max, r.table()
        assert all(c["include_hidden"] for c in r.checks)
        assert sum(1 for c in r.checks for d in c["details"] if d["hidden"]) >= 1
        assert r.errors == [], r.errors
    assert sum(r.max for r in sols.values()) >= 40


def test_every_untouched_exercise_scores_zero(class_reports):
    exs = {k: r for k, r in class_reports.items() if k.startswith("exercises/")}
    assert len(exs) == 17
    for r in exs.values():
        assert r.max == len(all_checks(r.lessons[0])) and r.score == 0 and r.errors == [], r.table()
        for c in r.checks:
            assert c["score"] == 0 and all(d["message"] == "not implemented yet" for d in c["details"])


def _edit(src: Path, dst: Path, edits: dict[int, str] | None = None, append: list[str] | None = None,
          drop_meta: bool = False) -> Path:
    nb = nbformat.read(src, as_version=4)
    for k, source in (edits or {}).items():
        nb.cells[k].source = source
    for source in append or []:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    if drop_meta:
        nb.metadata.pop("dltoolkit", None)
    nbformat.write(nb, dst)
    return dst


def _cell_of(path: Path, needle: str) -> int:
    return next(i for i, c in enumerate(nbformat.read(path, as_version=4).cells) if needle in c.source)


REDEFINE = '''import dltoolkit as dl, sys
def check(*a, **k):
    print("all public checks passed")
dl.grading.check = check
sys.modules["dltoolkit.grading.check"].run_check = lambda *a, **k: None
sys.modules["dltoolkit.grading.registry"]._REGISTRY.clear()'''


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    d = tmp_path_factory.mktemp("submissions")
    sol, exe = ROOT / "solutions", ROOT / "exercises"
    s07, s04, s10, s17 = (sol / n for n in ("07_optimizers.ipynb", "04_activations.ipynb",
                                            "10_convolutions.ipynb", "17_generalization.ipynb"))
    _edit(s07, d / "a_syntax.ipynb", {_cell_of(s07, "def momentum_update"): "def momentum_update(w, v, g, lr, beta)\n    return w"})
    _edit(s04, d / "b_exception.ipynb", {_cell_of(s04, "def relu("): "def relu(x):\n    raise ValueError('oops')\n1 / 0"})
    _edit(s10, d / "c_loop.ipynb", {_cell_of(s10, "def max_pool"): "def max_pool(x, size=2, stride=2):\n    while True:\n        pass",
                                    _cell_of(s10, "import dltoolkit as dl"):
                                        "import numpy as np\nimport jax\nimport jax.numpy as jnp\nimport dltoolkit as dl\nwhile True:\n    pass"})
    _edit(exe / "14_augmentation.ipynb", d / "d_redefined.ipynb", append=[REDEFINE, 'check("14.mixup", mixup)'])
    _edit(s17, d / "e_died.ipynb", append=["import os\nos._exit(1)"])
    _edit(s17, d / "my homework (final).ipynb", {_cell_of(s17, "def ridge"): nbformat.read(s17, as_version=4).cells[_cell_of(s17, "def ridge")].source.replace("def ridge", "def my_ridge"),
                                                  _cell_of(s17, '"17.ridge"'): 'dl.grading.check("17.ridge", my_ridge)'}, drop_meta=True)
    (d / "g_garbage.ipynb").write_text("{ this is not json")
    return d


@pytest.fixture(scope="module")
def broken_run(broken):
    t0 = time.monotonic()
    rc = main(["grade", str(broken), "--csv", str(broken / "gradebook.csv"), "--json", str(broken / "report.json"),
               "--cell-timeout", "10", "--check-timeout", "8", "--notebooks-per-kernel", "10"])
    elapsed = time.monotonic() - t0
    reports = {Path(r["notebook"]).name: r for r in json.loads((broken / "report.json").read_text())}
    return rc, elapsed, reports


def _by_id(report):
    return {c["check_id"]: c for c in report["checks"]}


def test_broken_submissions_get_full_reports_in_bounded_time(broken_run, capsys):
    rc, elapsed, reports = broken_run
    assert rc == 0 and len(reports) == 7
    assert elapsed < 150
    for name, r in reports.items():
        if name != "g_garbage.ipynb":
            assert r["max"] == len(all_checks(r["lessons"][0])), name


def test_syntax_error_fails_only_that_part(broken_run):
    r = broken_run[2]["a_syntax.ipynb"]
    c = _by_id(r)
    assert c["07.momentum"]["score"] == 0 and "not defined" in c["07.momentum"]["details"][0]["message"]
    assert c["07.adam"]["points"] == 1 and r["score"] == 1
    assert any("SyntaxError" in e for e in r["errors"])


def test_exception_fails_that_part_and_the_rest_still_runs(broken_run):
    r = broken_run[2]["b_exception.ipynb"]
    c = _by_id(r)
    assert "ValueError: oops" in c["04.relu"]["details"][0]["message"]
    assert r["score"] == len(all_checks("04")) - 1 and any("ZeroDivisionError" in e for e in r["errors"])


def test_infinite_loops_are_interrupted(broken_run):
    r = broken_run[2]["c_loop.ipynb"]
    c = _by_id(r)
    assert "timed out" in c["10.max_pool"]["details"][0]["message"] and c["10.max_pool"]["score"] == 0
    assert c["10.conv2d"]["points"] == 1 and c["10.conv_output_size"]["points"] == 1
    assert any("CellTimeoutError" in e and "interrupted" in e for e in r["errors"])


def test_redefined_check_cannot_change_the_grade(broken_run):
    r = broken_run[2]["d_redefined.ipynb"]
    assert r["score"] == 0 and r["max"] == len(all_checks("14"))
    assert all(d["message"] == "not implemented yet" for c in r["checks"] for d in c["details"])


def test_dead_kernel_is_reported_and_the_next_notebook_still_graded(broken_run):
    reports = broken_run[2]
    assert any("kernel died" in e for e in reports["e_died.ipynb"]["errors"])
    assert reports["e_died.ipynb"]["score"] == 0 and reports["e_died.ipynb"]["max"] == len(all_checks("17"))
    assert reports["g_garbage.ipynb"]["max"] == 0 and "could not read" in reports["g_garbage.ipynb"]["errors"][0]


def test_grading_ignores_the_filename_and_follows_renamed_objects(broken_run):
    r = broken_run[2]["my homework (final).ipynb"]
    assert r["lessons"] == ["17"] and r["score"] == len(all_checks("17"))
    assert _by_id(r)["17.ridge"]["target"] == "my_ridge"


def test_gradebook_csv(broken, broken_run):
    rows = list(csv.DictReader((broken / "gradebook.csv").open()))
    assert len(rows) == 7
    by = {Path(r["notebook"]).name: r for r in rows}
    assert float(by["my homework (final).ipynb"]["score"]) == len(all_checks("17")) and by["my homework (final).ipynb"]["17.ridge"] == "1.0"
    assert float(by["d_redefined.ipynb"]["percent"]) == 0


def test_check_in_a_kernel_shows_html_and_never_writes_stderr():
    nb = nbformat.read(ROOT / "exercises" / "06_sgd_minibatches.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "def minibatches(X, y, b):\n    return [(X[i:i + b], y[i:i + b]) for i in range(0, len(X), b)]\n"
        "dl.grading.check('06.minibatches', minibatches)"))
    NotebookClient(nb, timeout=60, allow_errors=True, kernel_name="python3").execute()
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outs if o.output_type == "stream" and o.name == "stderr"]
    assert not [o for o in outs if o.output_type in ("error", "execute_result")]
    html = [o.data["text/html"] for o in outs if o.output_type == "display_data"]
    assert len(html) == 3
    assert "not implemented yet" in html[0] and "all public checks passed" in html[2]
