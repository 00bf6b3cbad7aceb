"""The grader's side inside the student's kernel: run every check on the notebook's objects.

The grader purges ``dltoolkit`` from ``sys.modules`` and imports this module fresh, so a
notebook that redefined ``check`` or patched ``dl.grading`` cannot change the verdicts.
"""
from __future__ import annotations

import json
import os

from .check import run_check


def grade_into(ns: dict, spec: list[dict], outpath: str) -> None:
    """Run each ``{"id", "names", "timeout"}`` of ``spec`` on ``ns[name]``; write JSON to ``outpath``."""
    results = []
    for item in spec:
        names = item["names"]
        found = next((n for n in names if n in ns), None)
        missing = None if found else (f"`{names[0]}` is not defined in the notebook "
                                      "(did its cell run without errors?)")
        res = run_check(item["id"], ns.get(found) if found else None, include_hidden=True,
                        timeout=item.get("timeout"), missing=missing).to_dict()
        res["target"] = found or names[0]
        results.append(res)
    tmp = f"{outpath}.part"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(results, f)
    os.replace(tmp, outpath)
