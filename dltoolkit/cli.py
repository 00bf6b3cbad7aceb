"""The ``dltoolkit`` command.

    dltoolkit --version
    dltoolkit lessons [--lab|--notebook] [--dir DIR]
                                      list the lessons, or open your workspace in JupyterLab
    dltoolkit course init [DIR] [--update]
                                      copy lessons and exercises into a workspace you own
    dltoolkit site build [--out DIR]  render the executed lessons as a static HTML site
    dltoolkit data list|download|verify
    dltoolkit exercises generate [--check]
    dltoolkit grade SUBMISSION.ipynb|FOLDER [--json F] [--csv F]
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .course import init_workspace, lesson_paths

# Each entry: module providing add_subparser(subparsers) (or add_subparsers).
_PLUGINS = ["dltoolkit.course.cli", "dltoolkit.site.cli", "dltoolkit.data.cli", "dltoolkit.grading.cli"]


def _lessons(args) -> int:

    if not (args.lab or args.notebook):
        try:
            notebooks = lesson_paths()
        except FileNotFoundError as e:
            print(e)
            return 1
        for nb in notebooks:
            print(nb.name)
        return 0 if notebooks else 1
    report = init_workspace(args.dir)        # creates it, or adds missing files; never overwrites
    print(report.summary())
    root = report.workspace
    if args.notebook:
        from notebook.app import JupyterNotebookApp as App
        argv = [f"--ServerApp.root_dir={root}", "--JupyterNotebookApp.default_url=/tree/lessons"]
    else:
        from jupyterlab.labapp import LabApp as App
        argv = [f"--ServerApp.root_dir={root}", "--LabApp.default_url=/lab/tree/lessons"]
    if args.no_browser:
        argv.append("--no-browser")
    if args.ip:
        argv.append(f"--ip={args.ip}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")          # fresh cloud machines and containers run as root
    App.launch_instance(argv=argv)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dltoolkit",
                                     description="dltoolkit: deep-learning lessons, data and grading.")
    parser.add_argument("--version", action="version", version=f"dltoolkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("lessons", help="list the lessons, or open your course workspace (--lab)")
    p.add_argument("--lab", action="store_true",
                   help="open your course workspace in JupyterLab (created by `course init` if missing)")
    p.add_argument("--notebook", action="store_true", help="the same in Jupyter Notebook 7")
    p.add_argument("--dir", default=None,
                   help="the workspace (default $DLTOOLKIT_COURSE_DIR or ~/dltoolkit-course)")
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
