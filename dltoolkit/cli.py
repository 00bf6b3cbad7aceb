"""The ``dltoolkit`` command.

    dltoolkit --version
    dltoolkit lessons [--lab]         list the lessons, or open them in JupyterLab
    dltoolkit data list|download|verify
    dltoolkit exercises generate [--check]
    dltoolkit grade SUBMISSION.ipynb|FOLDER [--json F] [--csv F]
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from . import __version__

# Each entry: module providing add_subparser(subparsers) (or add_subparsers).
_PLUGINS = ["dltoolkit.data.cli", "dltoolkit.grading.cli"]


def lessons_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "lessons"


def _lessons(args) -> int:
    folder = lessons_dir()
    notebooks = sorted(folder.glob("*.ipynb")) if folder.exists() else []
    if not args.lab:
        if not notebooks:
            print(f"no lessons found in {folder}")
            return 1
        for nb in notebooks:
            print(nb.name)
        return 0
    from jupyterlab.labapp import LabApp

    argv = [f"--ServerApp.root_dir={folder.parent}", f"--LabApp.default_url=/lab/tree/lessons"]
    if args.no_browser:
        argv.append("--no-browser")
    if args.ip:
        argv.append(f"--ip={args.ip}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")          # fresh cloud machines and containers run as root
    LabApp.launch_instance(argv=argv)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dltoolkit",
                                     description="dltoolkit: deep-learning lessons, data and grading.")
    parser.add_argument("--version", action="version", version=f"dltoolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("lessons", help="list the lesson notebooks, or open them in JupyterLab (--lab)")
    p.add_argument("--lab", action="store_true", help="start JupyterLab on the lessons folder")
    p.add_argument("--no-browser", action="store_true")
    p.add_argument("--ip", default=None)
    p.set_defaults(func=_lessons)
    for name in _PLUGINS:
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        adder = getattr(mod, "add_subparser", None) or getattr(mod, "add_subparsers", None)
        if adder is not None:
            adder(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
