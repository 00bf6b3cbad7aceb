"""Command line: ``dltoolkit grade ...``, ``dltoolkit exercises generate [--check]`` and
``dltoolkit exercises gradescope-zip NN``.

``dltoolkit/cli.py`` registers these through :func:`add_subparsers`; the module also runs on
its own: ``python -m dltoolkit.grading.cli grade submission.ipynb``.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


def _repo_root() -> Path:
    here = Path.cwd()
    if (here / "solutions").is_dir():
        return here
    return Path(__file__).resolve().parents[2]


def _grade(args: argparse.Namespace) -> int:
    from . import exports
    from .batch import grade_batch, inputs
    from .grader import Options
    from .sandbox import Limits, make_sandbox
    target = Path(args.path)
    outputs = [o for o in (args.json, args.csv, args.checks_csv, args.canvas, args.gradescope) if o]
    if target.is_dir():
        paths = inputs(target, exclude=outputs)
    elif target.exists():
        paths = [target]
    else:
        print(f"dltoolkit grade: no such file or folder: {target}")
        return 2
    if not paths:
        print(f"dltoolkit grade: no files in {target}")
        return 2
    if args.exercise is not None and not re.fullmatch(r"\d\d", args.exercise):
        print(f"dltoolkit grade: --exercise takes a two-digit exercise number such as 07, not {args.exercise!r}")
        return 2
    try:
        sandbox = make_sandbox(isolate=False if args.no_sandbox else (True if args.require_sandbox else None),
                               limits=Limits(memory_mb=args.memory_mb, cpu_s=args.cpu_seconds))
    except RuntimeError as e:
        print(f"dltoolkit grade: {e}")
        return 2
    opts = Options(expected=args.exercise, check_timeout=args.check_timeout, cell_timeout=args.cell_timeout,
                   deadline=args.deadline, seed=args.seed)

    def on_row(report, rows):  # the gradebook on disk always holds every finished row
        if args.json:
            exports.write_json(rows, args.json)
        if args.csv:
            exports.write_gradebook(rows, args.csv)
        if args.checks_csv:
            exports.write_checks_csv(rows, args.checks_csv)
        if args.canvas:
            exports.write_canvas_csv(rows, args.canvas, args.assignment)

    import warnings
    warnings.simplefilter("ignore")  # numpy chatter on students' results; every verdict is in the report
    if not args.quiet:
        print(f"isolation: {sandbox.isolation}", file=sys.stderr)
    reports = grade_batch(paths, jobs=args.jobs, options=opts, sandbox=sandbox, on_row=on_row,
                          progress=not args.quiet and len(paths) > 1)
    if not args.quiet:
        for r in reports:
            print(r.table())
    if args.gradescope:
        best = max(reports, key=lambda r: (r.status == "graded", r.score))
        exports.write_gradescope(best, args.gradescope)
    return 0


def _hidden_counts(args: argparse.Namespace) -> int:
    from .hidden_counts import FILE, write
    try:
        same = write(check=args.check)
    except Exception as e:  # noqa: BLE001 - e.g. dlgrader not installed
        print(f"dltoolkit exercises hidden-counts: {e}")
        return 2
    if args.check and not same:
        print(f"{FILE} is out of date: run `dltoolkit exercises hidden-counts`")
        return 1
    print(f"{FILE} is up to date" if same else f"wrote {FILE}")
    return 0


def _gradescope_zip(args: argparse.Namespace) -> int:
    from .gradescope import build_zip
    try:
        out = build_zip(args.exercise, args.output or f"autograder_{args.exercise}.zip")
    except ValueError as e:
        print(f"dltoolkit exercises gradescope-zip: {e}")
        return 2
    print(f"wrote {out}: upload it as the assignment's autograder on Gradescope")
    return 0


def _exercises(args: argparse.Namespace) -> int:
    from .generate import generate
    root = _repo_root()
    sol = Path(args.solutions) if args.solutions else root / "solutions"
    exe = Path(args.exercises) if args.exercises else root / "exercises"
    try:
        tables = {} if args.solutions else {"hints_file": root / "dltoolkit" / "grading" / "hints.json",
                                            "solutions_file": root / "dlgrader" / "solutions.json"}
        changed = generate(sol, exe, check=args.check, **tables)
    except (FileNotFoundError, ValueError) as e:
        print(f"dltoolkit exercises generate: {e}")
        return 2
    if args.check:
        for c in changed:
            print(f"out of date: {c}")
        if changed:
            print("exercises/ differs from solutions/: run `dltoolkit exercises generate`")
            return 1
        print("exercises/ is up to date")
        return 0
    for c in changed:
        print(f"wrote {c}")
    print(f"{len(changed)} exercise notebook(s) changed")
    return 0


def add_subparsers(subparsers) -> None:
    """Register ``grade`` and ``exercises`` on an ``argparse`` subparsers object."""
    g = subparsers.add_parser("grade", help="grade submitted notebooks (a file or a folder)",
                              description="Run each submission in a sandboxed kernel (bubblewrap: no network, "
                                          "limits, no solutions) and every check, public and hidden, in the "
                                          "grader's own process. Every input file gets a row.")
    g.add_argument("path", help="a submission .ipynb, or a folder of them")
    g.add_argument("--exercise", help="the exercise expected, e.g. 07 (another exercise scores 0, with the reason)")
    g.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (default 1)")
    g.add_argument("--json", help="write every report (per case, with messages) as JSON to this file")
    g.add_argument("--csv", help="write the gradebook (one row per file, points per check) to this CSV file")
    g.add_argument("--checks-csv", help="write one row per case (passed, message, hint) to this CSV file")
    g.add_argument("--canvas", help="write a CSV that Canvas's gradebook import accepts")
    g.add_argument("--assignment", default="dltoolkit exercise", help="the Canvas assignment column's name")
    g.add_argument("--gradescope", help="write Gradescope's results.json (of the submission) to this file")
    g.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    g.add_argument("--check-timeout", type=float, default=30, help="seconds per check, all its cases (default 30)")
    g.add_argument("--deadline", type=float, default=600,
                   help="seconds per notebook, everything included (default 600)")
    g.add_argument("--memory-mb", type=int, default=4096, help="memory limit of a kernel (default 4096)")
    g.add_argument("--cpu-seconds", type=int, default=900, help="CPU-time limit of a kernel (default 900)")
    g.add_argument("--seed", type=int, help="the hidden cases' seed (default: a fresh secret per run)")
    g.add_argument("--no-sandbox", action="store_true", help="run kernels without bubblewrap (every row says so)")
    g.add_argument("--require-sandbox", action="store_true", help="refuse to grade without bubblewrap")
    g.add_argument("--quiet", action="store_true", help="no progress bar and no tables")
    g.set_defaults(func=_grade)
    e = subparsers.add_parser("exercises", help="exercise notebooks")
    esub = e.add_subparsers(dest="exercises_command", required=True)
    gen = esub.add_parser("generate", help="write exercises/ from solutions/ (solution regions -> stubs)")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 if exercises/ would change")
    gen.add_argument("--solutions", help="solutions folder (default ./solutions)")
    gen.add_argument("--exercises", help="exercises folder (default ./exercises)")
    gen.set_defaults(func=_exercises)
    hc = esub.add_parser("hidden-counts", help="write how many hidden cases each check has (shipped, for check())")
    hc.add_argument("--check", action="store_true", help="write nothing; exit 1 if the file is out of date")
    hc.set_defaults(func=_hidden_counts)
    gz = esub.add_parser("gradescope-zip", help="build Gradescope's autograder zip for one exercise")
    gz.add_argument("exercise", help="two-digit exercise number, e.g. 07")
    gz.add_argument("-o", "--output", help="zip file to write (default autograder_NN.zip)")
    gz.set_defaults(func=_gradescope_zip)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dltoolkit", description="dltoolkit grading commands")
    add_subparsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
