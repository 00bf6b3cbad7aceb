"""Progressive hints and solutions on request, and a count of how many were used.

    dl.grading.hint("07.adam")       # next level: concept -> equation -> pseudo-code
    dl.grading.solution("07.adam")   # the solution, where the instructor allows it
    dl.grading.hints_used()          # {"07.adam": {"hints": 2, "of": 3, "solution": False}}

Where the text lives:

- hints ship with the package in ``dltoolkit/grading/hints.json``, written by
  ``dltoolkit exercises generate`` from the ``### HINT n:`` lines of ``solutions/``;
- solutions never ship in the student's wheel. ``solution()`` reads the JSON file named by
  ``DLTOOLKIT_SOLUTIONS`` (an instructor may hand it out), else ``dlgrader/solutions.json``
  from the grader-only package when it is importable; otherwise it says it has none.
  ``DLTOOLKIT_NO_SOLUTIONS=1`` turns ``solution()`` off even where the file exists.

The counts live in the kernel's environment (``DLTOOLKIT_HINTS_USED``, JSON), so they survive
the grader re-importing dltoolkit; the grader reads them with :func:`hints_used` and
``run_check`` copies them into each result (shown to the student and in the report).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

LEVELS = ("concept", "equation", "pseudo-code")
ENV_USED = "DLTOOLKIT_HINTS_USED"
HINTS_FILE = Path(__file__).with_name("hints.json")


def _hints() -> dict[str, list[str]]:
    try:
        return json.loads(HINTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def hints_used() -> dict[str, dict]:
    """Per check id: how many hint levels were shown (``hints`` of ``of``) and whether the
    solution was shown."""
    try:
        data = json.loads(os.environ.get(ENV_USED, "{}"))
        return data if isinstance(data, dict) else {}
    except ValueError:
        return {}


def _record(check_id: str, *, hints: int | None = None, solution: bool = False, of: int = 3) -> None:
    data = hints_used()
    entry = data.setdefault(check_id, {"hints": 0, "of": of, "solution": False})
    if hints is not None:
        entry["hints"] = max(entry["hints"], hints)
    entry["solution"] = entry["solution"] or solution
    os.environ[ENV_USED] = json.dumps(data, sort_keys=True)


def _show(text: str) -> None:
    print(text)


def _known(check_id: str, table: dict) -> bool:
    if check_id in table:
        return True
    _show(f"no hints for {check_id!r}; known checks: {', '.join(sorted(table)) or 'none'}")
    return False


def hint(check_id: str) -> None:
    """Show the next hint level for ``check_id`` (concept, then equation, then pseudo-code)."""
    table = _hints()
    if not _known(check_id, table):
        return
    levels = table[check_id]
    shown = hints_used().get(check_id, {}).get("hints", 0)
    k = min(shown + 1, len(levels))
    _record(check_id, hints=k, of=len(levels))
    name = LEVELS[k - 1] if k <= len(LEVELS) else f"level {k}"
    more = (f"(call hint({check_id!r}) again for the {LEVELS[k]})" if k < len(levels)
            else "(that was the last hint; solution() shows the answer where your course allows it)")
    _show(f"Hint {k}/{len(levels)} for {check_id} ({name}): {levels[k - 1]}\n{more}")


def _solutions() -> tuple[dict[str, str] | None, str]:
    path = os.environ.get("DLTOOLKIT_SOLUTIONS")
    if path:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8")), ""
        except (OSError, ValueError) as e:
            return None, f"DLTOOLKIT_SOLUTIONS={path} could not be read ({e})"
    try:
        from .registry import import_grader
        dlgrader = import_grader()
    except ImportError:
        return None, ("solutions are not installed with the student package "
                      "(ask your instructor, or use hint() for the next step)")
    try:
        return json.loads((Path(dlgrader.__file__).parent / "solutions.json").read_text(encoding="utf-8")), ""
    except (OSError, ValueError) as e:
        return None, f"the grader package has no readable solutions.json ({e})"


def solution(check_id: str) -> None:
    """Show the solution of ``check_id`` where the course allows it; say why not otherwise."""
    if os.environ.get("DLTOOLKIT_NO_SOLUTIONS", "").strip() not in ("", "0"):
        _show(f"solutions are turned off for this course (DLTOOLKIT_NO_SOLUTIONS); try hint({check_id!r})")
        return
    table, why = _solutions()
    if table is None:
        _show(f"no solution available for {check_id}: {why}")
        return
    if not _known(check_id, table):
        return
    _record(check_id, solution=True, of=len(_hints().get(check_id, LEVELS)))
    _show(f"Solution of {check_id}:\n\n{table[check_id]}")
