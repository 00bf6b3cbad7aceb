"""A graded notebook's report: per-check JSON, a score table, and a class gradebook (CSV).

Each check's dict carries ``hints`` ({"hints": n, "of": 3, "solution": bool}, from
``dltoolkit.grading.hints.hints_used()`` in the student's kernel): the table shows them and
the CSV sums them per notebook."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    """One graded notebook: ``score`` points of ``max`` (one point per checked part)."""
    notebook: str
    lessons: list[str] = field(default_factory=list)
    score: float = 0.0
    max: int = 0
    checks: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    def to_dict(self) -> dict:
        return {"notebook": self.notebook, "lessons": self.lessons, "score": self.score, "max": self.max,
                "checks": self.checks, "errors": self.errors, "elapsed_s": round(self.elapsed_s, 2)}

    def table(self) -> str:
        lines = [f"{self.notebook}  (lessons {', '.join(self.lessons) or 'none found'})",
                 f"  {'check':28s} {'cases':>7s} {'points':>7s}"]
        for c in self.checks:
            h = c.get("hints") or {}
            used = (f"  hints {h.get('hints', 0)}/{h.get('of', 3)}" + (" +solution" if h.get("solution") else "")
                    if h.get("hints") or h.get("solution") else "")
            lines.append(f"  {c['check_id']:28s} {c['score']:>3d}/{c['max']:<3d} {c['points']:7.2f}{used}")
            fails = [d for d in c["details"] if not d["passed"]]
            if fails:
                lines.append(f"      first failure: {fails[0]['name']}: {fails[0]['message'][:120]}")
        for e in self.errors:
            lines.append(f"  ! {e[:160]}")
        lines.append(f"  score {self.score:.2f} / {self.max}")
        return "\n".join(lines)


def write_csv(reports: list[Report], path) -> None:
    import csv
    ids = sorted({c["check_id"] for r in reports for c in r.checks})
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["notebook", "score", "max", "percent", *ids, "hints_used", "solutions_shown", "errors"])
        for r in reports:
            pts = {c["check_id"]: c["points"] for c in r.checks}
            pct = round(100 * r.score / r.max, 1) if r.max else 0.0
            hints = [c.get("hints") or {} for c in r.checks]
            w.writerow([r.notebook, r.score, r.max, pct, *[pts.get(i, "") for i in ids],
                        sum(h.get("hints", 0) for h in hints), sum(bool(h.get("solution")) for h in hints),
                        len(r.errors)])
