"""What a submitted notebook holds, read as text only (nothing of it runs here).

- ``find_checks``: its exercise (the ``dltoolkit.lesson`` metadata and ``check("NN.name", obj)``
  calls, never the filename) and the object names those calls pass;
- ``check_cell_notes``: the exercise's check cells are found by their cell metadata ids (fixed
  by ``dltoolkit exercises generate``), so a deleted, duplicated or moved check cell is named
  in the report, and grading never depends on them: the grader runs every check of the
  exercise on the notebook's final namespace;
- ``function_source``: the student's function (and the top-level helpers it uses), for the
  "by hand" shortcut check, from the notebook's text rather than from the student's kernel.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from . import registry

CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d)\.([A-Za-z_]\w*)["']\s*(?:,\s*([A-Za-z_]\w*))?""")
EXERCISES = Path(__file__).resolve().parents[2] / "exercises"


def find_checks(nb) -> tuple[list[str], dict[str, list[str]]]:
    """Lessons of a notebook (metadata + check calls) and the object names its calls pass."""
    lessons, aliases = set(), {}
    meta = nb.get("metadata", {}).get("dltoolkit", {})
    if isinstance(meta, dict) and re.fullmatch(r"\d\d", str(meta.get("lesson", ""))):
        lessons.add(str(meta["lesson"]))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for lesson, name, obj in CHECK_CALL.findall(cell.get("source", "")):
                lessons.add(lesson)
                if obj:
                    aliases.setdefault(f"{lesson}.{name}", []).append(obj)
    return sorted(le for le in lessons if registry.all_checks(le)), aliases


@lru_cache(maxsize=None)
def template_check_cells(lesson: str) -> dict[str, str]:
    """{cell id: check id} of the check cells of exercise ``lesson`` ({} without the template)."""
    out: dict[str, str] = {}
    for path in sorted(EXERCISES.glob(f"{lesson}_*.ipynb")):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            src = "".join(cell.get("source", ""))
            for les, name, _ in CHECK_CALL.findall(src):
                if cell.get("id"):
                    out[cell["id"]] = f"{les}.{name}"
    return out


def check_cell_notes(nb, lessons: list[str]) -> list[str]:
    """Report lines for check cells deleted or duplicated (by their call: a copied cell gets a new
    id) and moved (by the order of the template's cell ids); [] when all are in place."""
    notes = []
    cells = nb.get("cells", [])
    ids = [c.get("id") for c in cells]
    calls = [f"{le}.{name}" for c in cells if c.get("cell_type") == "code"
             for le, name, _ in CHECK_CALL.findall(c.get("source", ""))]
    for lesson in lessons:
        want = template_check_cells(lesson)
        for cid, chk in want.items():
            if chk not in calls:
                notes.append(f"note: the check cell of {chk} (id {cid}) was deleted; {chk} is graded anyway")
            elif calls.count(chk) > 1:
                notes.append(f"note: the check cell of {chk} (id {cid}) appears {calls.count(chk)} times; "
                             "graded once")
        order = [want[i] for i in ids if i in want]
        if order != [c for c in want.values() if c in order]:
            notes.append("note: check cells were moved; every check is graded after the whole notebook ran")
    return notes


def function_source(cells: list[str], name: str, shortcuts=None) -> str:
    """Source of the top-level ``def name`` (last one wins) and of the helpers it calls."""
    if shortcuts is not None and hasattr(shortcuts, "closure_source"):
        return shortcuts.closure_source(cells, name)
    import ast
    src = ""
    for cell in cells:
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                src = ast.get_source_segment(cell, node) or ""
    return src
