"""Generate ``exercises/NN_topic.ipynb`` from ``solutions/NN_topic.ipynb``.

In every code cell, each region

    ### BEGIN SOLUTION
    ### HINT: one line the student sees
    ...the solution...
    ### END SOLUTION

becomes ``raise NotImplementedError("one line the student sees")`` at the marker's
indentation. Outputs and execution counts are cleared and the JSON is written with fixed
cell ids and metadata, so regenerating gives identical bytes (``--check`` relies on it).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

BEGIN, END, HINT = "### BEGIN SOLUTION", "### END SOLUTION", "### HINT:"
DEFAULT_HINT = "replace this line with your code"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NOTEBOOK_RE = re.compile(r"^\d\d_.+\.ipynb$")


def strip_solutions(source: str, where: str = "cell") -> str:
    """Replace each marked solution region of ``source`` by a NotImplementedError stub."""
    out: list[str] = []
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() != BEGIN:
            if line.strip() == END:
                raise ValueError(f"{where}: '{END}' without '{BEGIN}' (line {i + 1})")
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        hints, j = [], i + 1
        while j < len(lines) and lines[j].strip() != END:
            if lines[j].strip() == BEGIN:
                raise ValueError(f"{where}: nested '{BEGIN}' (line {j + 1})")
            if lines[j].strip().startswith(HINT):
                hints.append(lines[j].strip()[len(HINT):].strip())
            j += 1
        if j == len(lines):
            raise ValueError(f"{where}: '{BEGIN}' (line {i + 1}) has no '{END}'")
        hint = " ".join(hints) or DEFAULT_HINT
        out.append(f"{indent}raise NotImplementedError({hint!r})")
        i = j + 1
    return "\n".join(out)


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Clear outputs, fix cell ids and metadata so the bytes depend on the sources only."""
    nb.nbformat, nb.nbformat_minor = 4, 5
    meta = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    if "dltoolkit" in nb.metadata:
        meta["dltoolkit"] = dict(nb.metadata["dltoolkit"])
    nb.metadata = nbformat.from_dict(meta)
    for k, cell in enumerate(nb.cells):
        cell.id = f"cell-{k:02d}"
        cell.metadata = nbformat.from_dict({})
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.pop("attachments", None)
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(normalize(nb), version=4).rstrip("\n") + "\n"


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    Path(path).write_text(dumps(nb), encoding="utf-8")


def exercise_from_solution(solution: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    nb = nbformat.from_dict(nbformat.reads(nbformat.writes(solution), as_version=4))
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source, f"{name} cell {k}")
    nb.metadata.setdefault("dltoolkit", {})["generated"] = "from solutions/ by `dltoolkit exercises generate`"
    return nb


def generate(solutions: Path, exercises: Path, *, check: bool = False) -> list[str]:
    """Write (or with ``check``, only compare) every exercise; return the paths that differ."""
    solutions, exercises = Path(solutions), Path(exercises)
    if not solutions.is_dir():
        raise FileNotFoundError(f"no solutions folder at {solutions}")
    changed: list[str] = []
    wanted = set()
    for src in sorted(p for p in solutions.iterdir() if NOTEBOOK_RE.match(p.name)):
        wanted.add(src.name)
        nb = nbformat.read(src, as_version=4)
        text = dumps(exercise_from_solution(nb, src.name))
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
    return changed
