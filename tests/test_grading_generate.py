"""The exercise generator: stubs with hints, deterministic bytes, exercises/ in sync with solutions/."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from dltoolkit.grading.cli import main
from dltoolkit.grading.generate import BEGIN, END, generate, strip_solutions

ROOT = Path(__file__).resolve().parents[1]


def test_strip_solutions_keeps_indentation_and_gives_nothing_away():
    src = ("def f(x):\n    \"\"\"doc\"\"\"\n    ### BEGIN SOLUTION\n    ### HINT 1: use x * 2\n"
           "    y = x * 2\n    return y\n    ### END SOLUTION\n\nz = 1")
    out = strip_solutions(src)
    assert out == "def f(x):\n    \"\"\"doc\"\"\"\n    raise NotImplementedError('not implemented yet')\n\nz = 1"
    ns: dict = {}
    exec(out, ns)
    with pytest.raises(NotImplementedError, match="^not implemented yet$"):
        ns["f"](1)


def test_strip_solutions_default_hint_and_two_regions():
    src = f"{BEGIN}\na = 1\n{END}\nb = 2\nif b:\n    {BEGIN}\n    c = 3\n    {END}"
    out = strip_solutions(src)
    assert out.count("raise NotImplementedError") == 2 and "a = 1" not in out and "c = 3" not in out
    compile(out, "cell", "exec")


@pytest.mark.parametrize("bad", [f"{BEGIN}\nx = 1", f"x = 1\n{END}", f"{BEGIN}\n{BEGIN}\n{END}"])
def test_unbalanced_markers_are_errors(bad):
    with pytest.raises(ValueError, match="cell"):
        strip_solutions(bad)


def test_committed_exercises_are_up_to_date(capsys):
    assert main(["exercises", "generate", "--check", "--solutions", str(ROOT / "solutions"),
                 "--exercises", str(ROOT / "exercises")]) == 0
    assert "up to date" in capsys.readouterr().out


def test_regeneration_is_byte_identical_and_check_mode_detects_drift(tmp_path):
    exe = tmp_path / "exercises"
    first = generate(ROOT / "solutions", exe)
    assert len(first) == 17  # the notebooks only: hint tables are written when asked for
    names = sorted(p.name for p in exe.iterdir())
    assert names == sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    for name in names:
        assert (exe / name).read_bytes() == (ROOT / "exercises" / name).read_bytes()
    assert generate(ROOT / "solutions", exe) == []
    (exe / names[3]).write_text((exe / names[3]).read_text().replace("NotImplementedError", "NotImplementedErr"))
    (exe / "99_stale.ipynb").write_text("{}")
    drift = generate(ROOT / "solutions", exe, check=True)
    assert len(drift) == 2 and (exe / "99_stale.ipynb").exists()
    assert main(["exercises", "generate", "--check", "--solutions", str(ROOT / "solutions"),
                 "--exercises", str(exe)]) == 1
    assert main(["exercises", "generate", "--solutions", str(ROOT / "solutions"), "--exercises", str(exe)]) == 0
    assert generate(ROOT / "solutions", exe, check=True) == [] and not (exe / "99_stale.ipynb").exists()


def test_exercises_have_no_solutions_no_outputs_and_valid_code():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        sol = nbformat.read(ROOT / "solutions" / path.name, as_version=4)
        assert len(nb.cells) == len(sol.cells)
        stubs = 0
        for cell in nb.cells:
            assert "SOLUTION" not in cell.source and "### HINT" not in cell.source
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
                compile(cell.source, path.name, "exec")
                stubs += cell.source.count("raise NotImplementedError(")
        assert stubs >= 2, path.name
        assert nb.metadata["dltoolkit"]["lesson"] == path.name[:2]


def test_solution_edit_propagates(tmp_path):
    sol = tmp_path / "solutions"
    shutil.copytree(ROOT / "solutions", sol)
    nb = nbformat.read(sol / "04_activations.ipynb", as_version=4)
    k = next(i for i, c in enumerate(nb.cells) if c.source.startswith("def relu("))
    nb.cells[k].source = nb.cells[k].source.replace('"""ReLU, elementwise', '"""A new task text. ReLU, elementwise')
    nb.cells[k].source = nb.cells[k].source.replace("### HINT 1: ", "### HINT 1: a new hint. ")
    nbformat.write(nb, sol / "04_activations.ipynb")
    hints = tmp_path / "hints.json"
    assert generate(sol, tmp_path / "ex", hints_file=hints)
    text = (tmp_path / "ex" / "04_activations.ipynb").read_text()
    assert "A new task text" in text and "a new hint" not in text
    assert json.loads(hints.read_text())["04.relu"][0].startswith("a new hint")


def test_the_dltoolkit_command_exposes_generate(capsys, monkeypatch):
    from dltoolkit.cli import main as dltoolkit_main
    monkeypatch.chdir(ROOT)
    assert dltoolkit_main(["exercises", "generate", "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
