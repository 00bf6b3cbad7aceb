"""Write ``dltoolkit/grading/expected.json``: the expected answers of the public cases.

    python -m dlgrader.make_expected            # rewrite the table
    python -m dlgrader.make_expected --check    # exit 1 when the stored table differs

Every public case runs against the solution (the functions of ``solutions/NN_*.ipynb``), with
``_expected.RECORD`` set, so each ``expected(name)(*inputs)`` it asks for is answered by the
reference in :mod:`dlgrader.references` and stored. Only inputs that the case builds itself
belong in the table: a second pass runs the cases against the solution with its float outputs
nudged by one part in 10^7 and reports any expected answer asked for an input that moved (an
input computed from the student's output cannot be looked up in a student's install).
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

import nbformat
import numpy as np

from dltoolkit.grading import registry
from dltoolkit.grading.checks import _expected

from . import references

REPO = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def solution_namespace(lesson: str, solutions: Path = REPO / "solutions") -> dict:
    """The definitions of lesson ``lesson``'s solution notebook (check calls left out)."""
    path = next(solutions.glob(f"{lesson}_*.ipynb"))
    ns: dict = {"__name__": f"solution_{lesson}"}
    for cell in nbformat.read(path, as_version=4).cells[1:]:
        if cell.cell_type == "code" and "dl.grading.check(" not in cell.source:
            exec(compile(cell.source, str(path.name), "exec"), ns)  # noqa: S102 - the instructors' own notebook
    return ns


def _nudge(v):
    if isinstance(v, (tuple, list)):
        return type(v)(_nudge(x) for x in v)
    if isinstance(v, dict):
        return {k: _nudge(x) for k, x in v.items()}
    a = np.asarray(v) if not callable(v) else None
    if a is not None and a.dtype.kind == "f" and a.size:
        return (a * (1 + 1e-7)).astype(a.dtype)
    return v


def _nudged(fn):
    if isinstance(fn, type) or not callable(fn):
        return fn
    def wrapper(*a, **k):
        return _nudge(fn(*a, **k))
    if hasattr(fn, "jitted"):
        wrapper.jitted = fn.jitted
    return wrapper


def build(solutions: Path = REPO / "solutions") -> tuple[dict, list[str]]:
    """(table, problems): the table of every public case's expected answers, and what went wrong."""
    table, problems, asked = {}, [], set()

    def record(key, name, args, kwargs):
        ref = references.get(name)
        if ref is None:
            raise KeyError(f"no reference {name!r} in dlgrader.references")
        value = ref(*args, **kwargs)
        table[key] = _expected.encode(value)
        return value

    def probe(key, name, args, kwargs):
        asked.add((key, name))
        return references.get(name)(*args, **kwargs)

    for chk in registry.all_checks():
        try:
            obj = solution_namespace(chk.lesson, solutions)[chk.target]
        except (KeyError, StopIteration):
            problems.append(f"{chk.id}: the solution notebook defines no {chk.target}")
            continue
        for case in chk.select(False):
            for recorder, o in ((record, obj), (probe, _nudged(obj))):
                token = _expected.RECORD.set(recorder)
                try:
                    with np.errstate(all="ignore"):
                        case.fn(o)
                except Exception as e:  # noqa: BLE001
                    if recorder is record:
                        problems.append(f"{chk.id} / {case.name}: the solution fails ({type(e).__name__}: {e})")
                finally:
                    _expected.RECORD.reset(token)
    for key, name in sorted(asked):
        if key not in table:
            problems.append(f"{name}: an expected answer was asked for an input computed from the student's output")
    return {k: table[k] for k in sorted(table)}, problems


def dumps(table: dict) -> str:
    return json.dumps(table, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="compare with the stored table; change nothing")
    args = p.parse_args(argv)
    table, problems = build()
    for line in problems:
        print("problem:", line, file=sys.stderr)
    if args.check:
        same = _expected.TABLE.is_file() and json.loads(_expected.TABLE.read_text()) == table
        print("expected.json is up to date" if same else "expected.json differs from the references")
        return 0 if same and not problems else 1
    _expected.TABLE.write_text(dumps(table))
    print(f"wrote {len(table)} expected answers to {_expected.TABLE}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
