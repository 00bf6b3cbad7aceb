"""Grading throughput: 100 submissions of exercise 01 (mixed) with ``--jobs``; prints submissions/min.

    python benchmarks/bench_grader.py [--n 100] [--jobs 2] [--exercise 01]

The class: 40% correct (the solution), 25% wrong (a sign error), 15% broken (a syntax error in one
function, an exception in another cell), 10% hanging (a retry loop with a bare ``except`` in one
function; its check's limit is ``--check-timeout``), 10% untouched (the stubs). Prints the rate,
the time per submission, the sandbox used and the load average, since a loaded machine is slower.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRONG = "def step(z):\n    return np.where(np.asarray(z) >= 0, 0.0, 1.0)"
SYNTAX = "def perceptron_predict(w, b, X)\n    return step(X @ w + b)"
HANG = ("import time\ndef perceptron_update(w, b, x, y, lr):\n    while True:\n        try:\n"
        "            time.sleep(0.01)\n            raise RuntimeError\n        except:\n            pass")


def make_class(n: int, exercise: str, folder: Path) -> dict[str, int]:
    sol = next((ROOT / "solutions").glob(f"{exercise}_*.ipynb"))
    exe = next((ROOT / "exercises").glob(f"{exercise}_*.ipynb"))
    counts: dict[str, int] = {}
    for i in range(n):
        kind = ("correct" if i % 20 < 8 else "wrong" if i % 20 < 13 else "broken" if i % 20 < 16
                else "hanging" if i % 20 < 18 else "untouched")
        nb = nbformat.read(exe if kind == "untouched" else sol, as_version=4)
        cell = {name: c for c in nb.cells for name in ("step", "perceptron_predict", "perceptron_update")
                if c.cell_type == "code" and c.source.startswith(f"def {name}(")}
        if kind == "wrong":
            cell["step"].source = WRONG
        elif kind == "broken":
            cell["perceptron_predict"].source = SYNTAX
            nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
        elif kind == "hanging":
            cell["perceptron_update"].source = HANG
        nbformat.write(nb, folder / f"student{i:03d}_{kind}.ipynb")
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--exercise", default="01")
    ap.add_argument("--check-timeout", type=float, default=5.0)
    args = ap.parse_args()
    from dltoolkit.grading.batch import grade_batch
    from dltoolkit.grading.grader import Options
    from dltoolkit.grading.sandbox import make_sandbox
    with tempfile.TemporaryDirectory() as tmp:
        counts = make_class(args.n, args.exercise, Path(tmp))
        paths = sorted(Path(tmp).glob("*.ipynb"))
        sandbox = make_sandbox()
        load0 = os.getloadavg()
        t0 = time.monotonic()
        def on_row(report, rows):
            if len(rows) % 10 == 0:
                dt = time.monotonic() - t0
                print(f"  {len(rows)} graded in {dt:.0f} s: {60 * len(rows) / dt:.1f}/min, "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
        reports = grade_batch(paths, jobs=args.jobs, sandbox=sandbox, progress=False, on_row=on_row,
                              options=Options(expected=args.exercise, check_timeout=args.check_timeout))
        wall = time.monotonic() - t0
        load1 = os.getloadavg()
    by_kind: dict[str, list[float]] = {}
    for p, r in zip(paths, reports):
        by_kind.setdefault(p.stem.split("_", 1)[1], []).append(r.score)
    print(f"graded {len(reports)} submissions of exercise {args.exercise} with --jobs {args.jobs} "
          f"on {os.cpu_count()} CPUs in {wall:.1f} s")
    print(f"  {60 * len(reports) / wall:.1f} submissions per minute ({wall / len(reports):.2f} s each)")
    print(f"  class: {counts}; mean score by kind: "
          + ", ".join(f"{k} {sum(v) / len(v):.2f}" for k, v in sorted(by_kind.items())))
    print(f"  rows: {len(reports)} (statuses: {sorted({r.status for r in reports})})")
    print(f"  isolation: {sandbox.isolation}")
    print(f"  load average before {load0[0]:.1f}, after {load1[0]:.1f} (1 min)")


if __name__ == "__main__":
    main()
