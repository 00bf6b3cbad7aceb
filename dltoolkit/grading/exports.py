"""Gradebook exports: JSON, a class CSV, a per-check CSV, Canvas's import CSV, Gradescope's results.json.

Points: one per check (graded part), partial credit = cases passed / cases; every row keeps
its status, reason and isolation, and each case keeps its message. Files are written to a
temporary name and renamed, so a reader never sees half a file.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

# Canvas names downloaded submissions "lastfirst[_LATE]_<canvas user id>_<submission id>_<file>".
CANVAS_NAME = re.compile(r"^(?P<student>[^_]+)(?:_LATE)?_(?P<uid>\d+)_(?P<sid>\d+)_")


def _atomic(path, text: str) -> None:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _csv(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def _pct(r) -> float:
    return round(100 * r.score / r.max, 1) if r.max else 0.0


def write_json(reports, path) -> None:
    _atomic(path, json.dumps([r.to_dict() for r in reports], indent=1))


def write_gradebook(reports, path) -> None:
    """One row per submission: status, score, percent, points per check, reason, isolation."""
    ids = sorted({c["check_id"] for r in reports for c in r.checks})
    rows = [["notebook", "status", "score", "max", "percent", *ids, "reason", "errors", "isolation"]]
    for r in reports:
        pts = {c["check_id"]: c["points"] for c in r.checks}
        rows.append([r.notebook, r.status, r.score, r.max, _pct(r), *[pts.get(i, "") for i in ids],
                     r.reason, len(r.errors), r.isolation])
    _atomic(path, _csv(rows))


def write_checks_csv(reports, path) -> None:
    """One row per case: notebook, check, case, hidden, passed, message, hint, hints used."""
    rows = [["notebook", "check_id", "case", "hidden", "passed", "message", "hint", "check_points", "hints_used",
             "isolation"]]
    for r in reports:
        for c in r.checks:
            used = c.get("hints") or {}
            used = f"{used.get('hints', 0)}{' +solution' if used.get('solution') else ''}" if used else ""
            for d in c["details"]:
                rows.append([r.notebook, c["check_id"], d["name"], d["hidden"], d["passed"], d["message"],
                             d["hint"], c["points"], used, r.isolation])
    _atomic(path, _csv(rows))


def write_canvas_csv(reports, path, assignment: str = "dltoolkit exercise") -> None:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment column with the percentage. The Canvas user ID is read from Canvas's download
    file names; other names give the file's name as Student and an empty ID, to fill in."""
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment],
            ["Points Possible", "", "", "", "", 100]]
    for r in reports:
        m = CANVAS_NAME.match(Path(r.notebook).name)
        student, uid = (m["student"], m["uid"]) if m else (Path(r.notebook).stem, "")
        rows.append([student, uid, "", "", "", _pct(r)])
    _atomic(path, _csv(rows))


def gradescope_results(report) -> dict:
    """Gradescope's results.json for one submission. Each check is worth one point, split over
    its cases: a test of its public cases (``visible``) and one of its hidden cases
    (``after_published``), each with the cases' messages in ``output``."""
    tests = []
    for c in report.checks:
        n = max(len(c["details"]), 1)
        for hidden, vis in ((False, "visible"), (True, "after_published")):
            part = [d for d in c["details"] if d["hidden"] == hidden]
            if not part:
                continue
            lines = [f"{'PASS' if d['passed'] else 'FAIL'} {d['name']}" + ("" if d["passed"] else
                     f": {d['message']}" + (f" (hint: {d['hint']})" if d["hint"] else "")) for d in part]
            tests.append({"name": f"{c['check_id']}: {c['title']} ({'hidden' if hidden else 'public'} cases)",
                          "score": round(sum(d["passed"] for d in part) / n, 4),
                          "max_score": round(len(part) / n, 4), "output": "\n".join(lines), "visibility": vis})
    head = [report.reason] if report.reason else []
    head += [e for e in report.errors if e != report.reason][:10]
    head.append(f"isolation: {report.isolation}")
    return {"score": report.score, "execution_time": round(report.elapsed_s, 1), "output": "\n".join(head),
            "stdout_visibility": "hidden", "tests": tests}


def write_gradescope(report, path) -> None:
    _atomic(path, json.dumps(gradescope_results(report), indent=1))
