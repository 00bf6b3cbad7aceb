"""A class's worth of hostile and broken submissions, graded in one parallel batch (--jobs 2).

Each cheat that once scored 3/3 on the untouched exercise 01 (stubs) must score 0 on the
stubbed parts; the sandbox must say what it stopped (network, solutions/, 8 GB); a zero-cell
notebook, a file that is no notebook and the wrong exercise each get a row with the reason;
a function stuck in a retry loop with a bare ``except`` loses only its own points, within its
check's time; a top-level cell that ignores interrupts delays only its own notebook.
"""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import nbformat
import pytest

from dltoolkit.grading.cli import main
from dltoolkit.grading.sandbox import bwrap_works

ROOT = Path(__file__).resolve().parents[1]
EX01, SOL01, SOL02 = (ROOT / "exercises" / "01_perceptron.ipynb", ROOT / "solutions" / "01_perceptron.ipynb",
                      ROOT / "solutions" / "02_gradient_descent.ipynb")

FORGE_IMPORTLIB = '''import importlib, json
_real = importlib.import_module
def _fake(name, *a, **k):
    m = _real(name, *a, **k)
    if name.endswith("_inkernel"):
        def grade_into(ns, spec, out):
            json.dump([{"check_id": s["id"], "title": "", "score": 3, "max": 3, "details": [],
                        "include_hidden": True, "target": s["names"][0]} for s in spec], open(out, "w"))
        m.grade_into = grade_into
    return m
importlib.import_module = _fake'''
PATCH_NUMPY = '''import numpy as np
np.all = lambda *a, **k: True
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda *a, **k: True'''
BREAK_JSON = '''import json, os, tempfile
d = tempfile.mkdtemp(prefix="dltoolkit-grade-")
json.dump([{"check_id": "01.step", "score": 3, "max": 3}], open(os.path.join(d, "results.json"), "w"))
json.dump = lambda *a, **k: None
json.dumps = lambda *a, **k: "[]"'''
RUN_SOLUTION = f'''import dltoolkit, json, pathlib
for root in (pathlib.Path(dltoolkit.__file__).resolve().parents[1], pathlib.Path({str(ROOT)!r})):
    path = root / "solutions" / "01_perceptron.ipynb"
    if path.exists():
        for c in json.loads(path.read_text())["cells"]:
            if c["cell_type"] == "code":
                exec("".join(c["source"]), globals())
        break
else:
    raise FileNotFoundError("no solutions/ to copy from")'''
READ_SOLUTIONS = f'open({str(SOL01)!r}).read()'
NETWORK = 'import socket\nsocket.create_connection(("1.1.1.1", 53), timeout=3)'
ALLOCATE_8GB = 'import numpy as np\nbig = np.ones(8 * 1024**3, dtype=np.uint8)\nbig.sum()'
RETRY_UPDATE = '''import time
def perceptron_update(w, b, x, y, lr):
    while True:
        try:
            time.sleep(0.01)
            raise RuntimeError("again")
        except:
            pass'''
STUBBORN_CELL = '''import time
while True:
    try:
        time.sleep(0.2)
    except BaseException:
        pass'''


def _nb(src: Path, dst: Path, *, append=(), replace=None, drop=(), dup=()) -> None:
    """A copy of ``src``; cells to replace, drop or duplicate are named by a piece of their source."""
    nb = nbformat.read(src, as_version=4)

    def at(needle):
        return next(i for i, c in enumerate(nb.cells) if needle in c.source)
    for needle, source in (replace or {}).items():
        nb.cells[at(needle)].source = source
    for needle in dup:
        nb.cells.append(nbformat.from_dict(dict(nb.cells[at(needle)])))
    gone = {at(needle) for needle in drop}
    nb.cells = [c for i, c in enumerate(nb.cells) if i not in gone]
    for source in append:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, dst)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("class")
    _nb(EX01, d / "forge_importlib.ipynb", append=[FORGE_IMPORTLIB])
    _nb(EX01, d / "patch_numpy.ipynb", append=[PATCH_NUMPY])
    _nb(EX01, d / "break_json.ipynb", append=[BREAK_JSON])
    _nb(EX01, d / "run_solution.ipynb", append=[RUN_SOLUTION])
    _nb(EX01, d / "read_solutions.ipynb", append=[READ_SOLUTIONS])
    _nb(EX01, d / "network.ipynb", append=[NETWORK])
    _nb(EX01, d / "allocate_8gb.ipynb", append=[ALLOCATE_8GB])
    _nb(SOL01, d / "retry_loop.ipynb", replace={"def perceptron_update": RETRY_UPDATE})
    _nb(SOL01, d / "stubborn_cell.ipynb", append=[STUBBORN_CELL])
    _nb(SOL01, d / "moved_cells.ipynb", drop=('check("01.step"',), dup=('check("01.perceptron_predict"',))
    _nb(SOL02, d / "other_exercise.ipynb")
    _nb(SOL01, d / "kernel_exits.ipynb", append=["import os\nos._exit(1)"])
    sol = nbformat.read(SOL01, as_version=4)
    renamed = next(c.source for c in sol.cells if c.source.startswith("def perceptron_update"))
    _nb(SOL01, d / "my homework (final).ipynb",
        replace={"def perceptron_update": renamed.replace("def perceptron_update", "def my_update"),
                 'check("01.perceptron_update"': 'dl.grading.check("01.perceptron_update", my_update)'})
    nbformat.write(nbformat.v4.new_notebook(), d / "zero_cells.ipynb")
    (d / "notes.txt").write_text("my answers are in the email")
    out = tmp_path_factory.mktemp("out")
    t0 = time.monotonic()
    rc = main(["grade", str(d), "--exercise", "01", "--jobs", "2", "--quiet", "--check-timeout", "15",
               "--cell-timeout", "20", "--deadline", "120", "--json", str(out / "report.json"),
               "--csv", str(out / "gradebook.csv"), "--checks-csv", str(out / "cases.csv")])
    rows = {Path(r["notebook"]).name: r for r in json.loads((out / "report.json").read_text())}
    return rc, time.monotonic() - t0, rows, out


def _points(row):
    return {c["check_id"]: c["points"] for c in row["checks"]}


def _messages(row):
    return " | ".join(row["errors"] + [d["message"] for c in row["checks"] for d in c["details"]])


def test_every_input_gets_a_row_and_the_gradebook_has_them_all(batch):
    rc, _, rows, out = batch
    assert rc == 0 and len(rows) == 15
    assert len(list(csv.DictReader((out / "gradebook.csv").open()))) == 15
    cases = list(csv.DictReader((out / "cases.csv").open()))
    assert {r["notebook"] for r in cases} >= {r["notebook"] for r in rows.values() if r["checks"]}
    assert all(r["message"] for r in cases if r["passed"] == "False")


@pytest.mark.parametrize("name", ["forge_importlib.ipynb", "patch_numpy.ipynb", "break_json.ipynb",
                                  "run_solution.ipynb"])
def test_cheats_on_the_stubs_score_zero(batch, name):
    row = batch[2][name]
    assert row["status"] == "graded" and row["max"] == 3 and row["score"] == 0, _messages(row)
    assert all(d["message"] == "not implemented yet" for c in row["checks"] for d in c["details"])


def test_the_solution_cannot_be_read_from_the_sandbox(batch):
    row = batch[2]["run_solution.ipynb"]
    assert any("FileNotFoundError" in e for e in row["errors"]), row["errors"]
    row = batch[2]["read_solutions.ipynb"]
    assert row["score"] == 0 and any("FileNotFoundError" in e for e in row["errors"]), row["errors"]


def test_network_and_memory_are_refused_and_the_row_says_so(batch):
    assert bwrap_works() is None, "bubblewrap must be installed (apt-get install bubblewrap) for this test"
    net = batch[2]["network.ipynb"]
    assert any("OSError" in e and "unreachable" in e.lower() for e in net["errors"]), net["errors"]
    mem = batch[2]["allocate_8gb.ipynb"]
    assert any("MemoryError" in e for e in mem["errors"]), mem["errors"]
    assert all(r["isolation"].startswith("bubblewrap") for r in batch[2].values())


def test_a_retry_loop_loses_only_its_own_points_within_the_check_time(batch):
    row = batch[2]["retry_loop.ipynb"]
    pts = _points(row)
    assert pts == {"01.step": 1.0, "01.perceptron_predict": 1.0, "01.perceptron_update": 0.0}, _messages(row)
    upd = next(c for c in row["checks"] if c["check_id"] == "01.perceptron_update")
    assert "timed out after 15 s" in upd["details"][0]["message"]
    assert all("not run" in d["message"] for d in upd["details"][1:])
    assert row["elapsed_s"] < 60


def test_a_cell_that_ignores_interrupts_is_dropped_and_the_rest_graded(batch):
    row = batch[2]["stubborn_cell.ipynb"]
    assert row["score"] == 3, _messages(row)
    assert any("timed out after 20 s" in e and "restarted" in e for e in row["errors"]), row["errors"]


def test_deleted_duplicated_and_moved_check_cells(batch):
    row = batch[2]["moved_cells.ipynb"]
    assert row["score"] == 3, _messages(row)
    text = " ".join(row["errors"])
    assert "01.step (id cell-05) was deleted" in text and "01.perceptron_predict (id cell-08) appears 2 times" in text


def test_rows_with_reasons(batch):
    rows = batch[2]
    assert rows["zero_cells.ipynb"]["status"] == "empty" and rows["zero_cells.ipynb"]["max"] == 3
    assert rows["notes.txt"]["status"] == "not a notebook" and rows["notes.txt"]["score"] == 0
    other = rows["other_exercise.ipynb"]
    assert other["status"] == "wrong exercise" and other["score"] == 0 and other["max"] == 3
    assert "expected 01, this notebook is 02" in other["reason"]


def test_a_hanging_submission_delays_no_other(batch):
    _, elapsed, rows, _ = batch
    quick = [r["elapsed_s"] for n, r in rows.items() if n not in ("retry_loop.ipynb", "stubborn_cell.ipynb")]
    assert max(quick) < 90, quick
    assert elapsed < sum(r["elapsed_s"] for r in rows.values())  # the two workers overlapped


def test_a_kernel_that_exits_is_restarted_without_that_cell(batch):
    row = batch[2]["kernel_exits.ipynb"]
    assert row["score"] == 3, _messages(row)
    assert any("exited" in e and "restarted without it" in e for e in row["errors"]), row["errors"]


def test_the_filename_is_ignored_and_renamed_functions_are_followed(batch):
    row = batch[2]["my homework (final).ipynb"]
    assert row["score"] == 3, _messages(row)
    assert next(c for c in row["checks"] if c["check_id"] == "01.perceptron_update")["target"] == "my_update"
