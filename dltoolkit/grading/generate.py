"""Generate ``exercises/NN_topic.ipynb`` from ``solutions/NN_topic.ipynb``, and the hint and
solution tables that ``dl.grading.hint`` / ``dl.grading.solution`` read.

In every code cell, each region

    def adam_update(w, m, v, g, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        '''The task, the shapes and the equation: kept in the exercise.'''
        ### BEGIN SOLUTION
        ### HINT 1: the concept, in words
        ### HINT 2: the equation
        ### HINT 3: pseudo-code
        ...the solution...
        ### END SOLUTION

becomes ``raise NotImplementedError("not implemented yet")`` at the marker's indentation: the
stub gives nothing away; hints come one level at a time on request. A region's hints belong
to the check whose target (``dl.grading.check("07.adam", adam_update)``) is the top-level
``def``/``class`` around it. Outputs and execution counts are cleared and the JSON is written
with fixed cell ids and metadata, so regenerating gives identical bytes (``--check`` relies
on it). The setup cell (cell 0, ``tools/setup_cell.py``) is kept, refreshed where that tool
is found beside ``solutions/``.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import nbformat

BEGIN, END, HINT = "### BEGIN SOLUTION", "### END SOLUTION", "### HINT"
STUB = "not implemented yet"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NOTEBOOK_RE = re.compile(r"^\d\d_.+\.ipynb$")
CHECK_RE = re.compile(r'check\("(\d\d\.\w+)", (\w+)\)')
HINT_RE = re.compile(r"^### HINT(?: (\d+))?:\s*(.*)$")
DEF_RE = re.compile(r"^(?:def|class) (\w+)")


def _regions(source: str, where: str):
    """Yield (begin, end, hints, owner) for each solution region (line indices, end inclusive)."""
    lines = source.split("\n")
    i, owner = 0, None
    while i < len(lines):
        m = DEF_RE.match(lines[i])
        if m:
            owner = m.group(1)
        if lines[i].strip() == END:
            raise ValueError(f"{where}: '{END}' without '{BEGIN}' (line {i + 1})")
        if lines[i].strip() != BEGIN:
            i += 1
            continue
        hints, j = [], i + 1
        while j < len(lines) and lines[j].strip() != END:
            if lines[j].strip() == BEGIN:
                raise ValueError(f"{where}: nested '{BEGIN}' (line {j + 1})")
            h = HINT_RE.match(lines[j].strip())
            if h:
                hints.append(h.group(2).strip())
            j += 1
        if j == len(lines):
            raise ValueError(f"{where}: '{BEGIN}' (line {i + 1}) has no '{END}'")
        yield i, j, hints, owner
        i = j + 1


def strip_solutions(source: str, where: str = "cell") -> str:
    """Replace each marked solution region of ``source`` by a neutral NotImplementedError stub."""
    lines = source.split("\n")
    out, last = [], 0
    for i, j, _, _ in list(_regions(source, where)):
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        out += lines[last:i] + [f"{indent}raise NotImplementedError({STUB!r})"]
        last = j + 1
    return "\n".join(out + lines[last:])


def solution_text(source: str) -> str:
    """``source`` without the solution and hint marker lines (what ``solution()`` shows)."""
    keep = [ln for ln in source.split("\n")
            if ln.strip() not in (BEGIN, END) and not ln.strip().startswith(HINT)]
    return "\n".join(keep)


def hints_and_solutions(nb: nbformat.NotebookNode, name: str = "notebook") -> tuple[dict, dict]:
    """{check_id: [hint levels]} and {check_id: solution code} of one solution notebook."""
    targets = {t: cid for cell in nb.cells if cell.cell_type == "code"
               for cid, t in CHECK_RE.findall(cell.source)}
    hints: dict[str, list[str]] = {}
    sols: dict[str, str] = {}
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for _, _, levels, owner in _regions(cell.source, f"{name} cell {k}"):
            cid = targets.get(owner or "")
            if cid is None:
                if levels:
                    raise ValueError(f"{name} cell {k}: hints outside a checked def/class ({owner!r})")
                continue
            hints.setdefault(cid, []).extend(levels)
            sols[cid] = solution_text(cell.source).strip("\n")
    return hints, sols


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Clear outputs, fix cell ids and metadata so the bytes depend on the sources only."""
    nb.nbformat, nb.nbformat_minor = 4, 5
    meta = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    if "dltoolkit" in nb.metadata:
        meta["dltoolkit"] = dict(nb.metadata["dltoolkit"])
    nb.metadata = nbformat.from_dict(meta)
    for k, cell in enumerate(nb.cells):
        setup = k == 0 and cell.get("id") == "setup"
        cell.id = "setup" if setup else f"cell-{k:02d}"
        cell.metadata = nbformat.from_dict({"tags": ["setup"]} if setup else {})
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.pop("attachments", None)
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(normalize(nb), version=4).rstrip("\n") + "\n"


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    Path(path).write_text(dumps(nb), encoding="utf-8")


def _setup_tool(solutions: Path):
    """``ensure_setup_cell`` from ``tools/setup_cell.py`` beside ``solutions/``, if there."""
    path = Path(solutions).resolve().parent / "tools" / "setup_cell.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("_dltoolkit_setup_cell", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ensure_setup_cell


def exercise_from_solution(solution: nbformat.NotebookNode, name: str = "notebook",
                           ensure_setup=None) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(nbformat.reads(nbformat.writes(solution), as_version=4))
    if ensure_setup is not None:
        ensure_setup(nb)
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, f"{name} cell {k}")
    nb.metadata.setdefault("dltoolkit", {})["generated"] = "from solutions/ by `dltoolkit exercises generate`"
    return nb


def _write_json(path, data: dict, check: bool, changed: list[str]) -> None:
    if path is None:
        return
    path, text = Path(path), json.dumps(data, indent=1, sort_keys=True) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        changed.append(str(path))
        if not check:
            path.write_text(text, encoding="utf-8")


def generate(solutions: Path, exercises: Path, *, check: bool = False, hints_file=None,
             solutions_file=None) -> list[str]:
    """Write (or with ``check``, only compare) every exercise; return the paths that differ.

    ``hints_file`` (shipped: ``dltoolkit/grading/hints.json``) and ``solutions_file``
    (grader-only: ``dlgrader/solutions.json``) are written too when given."""
    solutions, exercises = Path(solutions), Path(exercises)
    if not solutions.is_dir():
        raise FileNotFoundError(f"no solutions folder at {solutions}")
    changed: list[str] = []
    wanted = set()
    ensure_setup = _setup_tool(solutions)
    all_hints: dict = {}
    all_solutions: dict = {}
    for src in sorted(p for p in solutions.iterdir() if NOTEBOOK_RE.match(p.name)):
        wanted.add(src.name)
        nb = nbformat.read(src, as_version=4)
        hints, sols = hints_and_solutions(nb, src.name)
        all_hints.update(hints)
        all_solutions.update(sols)
        text = dumps(exercise_from_solution(nb, src.name, ensure_setup))
        dst = exercises / src.name
        if not dst.exists() or dst.read_text(encoding="utf-8") != text:
            changed.append(str(dst))
            if not check:
                exercises.mkdir(parents=True, exist_ok=True)
                dst.write_text(text, encoding="utf-8")
    if exercises.is_dir():
        for stale in sorted(p for p in exercises.iterdir() if NOTEBOOK_RE.match(p.name) and p.name not in wanted):
            changed.append(f"{stale} (no solution: stale)")
            if not check:
                stale.unlink()
    _write_json(hints_file, all_hints, check, changed)
    _write_json(solutions_file, all_solutions, check, changed)
    return changed
