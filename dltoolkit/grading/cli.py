"""Command line: ``dltoolkit grade ...`` and ``dltoolkit exercises generate [--check]``.

``dltoolkit/cli.py`` registers these through :func:`add_subparsers`; the module also runs on
its own: ``python -m dltoolkit.grading.cli grade submission.ipynb``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _repo_root() -> Path:
    here = Path.cwd()
    if (here / "solutions").is_dir():
        return here
    return Path(__file__).resolve().parents[2]


def _grade(args: argparse.Namespace) -> int:
    from .grader import grade_notebooks, write_csv
    target = Path(args.path)
    if target.is_dir():
        paths = sorted(p for p in target.glob("*.ipynb") if not p.name.startswith("."))
    elif target.exists():
        paths = [target]
    else:
        print(f"dltoolkit grade: no such file or folder: {target}")
        return 2
    if not paths:
        print(f"dltoolkit grade: no notebooks in {target}")
        return 2
    reports = grade_notebooks(paths, cell_timeout=args.cell_timeout, check_timeout=args.check_timeout,
                              notebooks_per_kernel=args.notebooks_per_kernel)
    for r in reports:
        print(r.table())
    if args.json:
        data = [r.to_dict() for r in reports]
        Path(args.json).write_text(json.dumps(data[0] if target.is_file() else data, indent=1))
    if args.csv:
        write_csv(reports, args.csv)
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
    g = subparsers.add_parser("grade", help="grade a submitted notebook (or a folder of them)",
                              description="Execute notebooks in a fresh kernel and run every check "
                                          "(public and hidden). Not a sandbox: run untrusted "
                                          "submissions in a container without secrets or network.")
    g.add_argument("path", help="a submission .ipynb, or a folder of them")
    g.add_argument("--json", help="write the per-check report as JSON to this file")
    g.add_argument("--csv", help="write a gradebook (one row per notebook) to this CSV file")
    g.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell (default 60)")
    g.add_argument("--check-timeout", type=float, default=60, help="seconds per check, all its cases (default 60)")
    g.add_argument("--notebooks-per-kernel", type=int, default=1,
                   help="reuse one kernel for N notebooks, resetting its namespace (faster, less isolated)")
    g.set_defaults(func=_grade)
    e = subparsers.add_parser("exercises", help="exercise notebooks")
    esub = e.add_subparsers(dest="exercises_command", required=True)
    gen = esub.add_parser("generate", help="write exercises/ from solutions/ (solution regions -> stubs)")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 if exercises/ would change")
    gen.add_argument("--solutions", help="solutions folder (default ./solutions)")
    gen.add_argument("--exercises", help="exercises folder (default ./exercises)")
    gen.set_defaults(func=_exercises)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dltoolkit", description="dltoolkit grading commands")
    add_subparsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
