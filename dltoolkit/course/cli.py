"""``dltoolkit course init [DIR] [--update]``."""
from __future__ import annotations

import argparse
from .workspace import init_workspace


def _init(args: argparse.Namespace) -> int:

    try:
        report = init_workspace(args.dir, update=args.update)
    except (OSError, ValueError) as e:
        print(f"dltoolkit course init: {e}")
        return 1
    print(report.summary())
    return 0


def add_subparser(subparsers) -> None:
    p = subparsers.add_parser("course", help="copy the lessons and exercises into your own workspace")
    sub = p.add_subparsers(dest="course_command", required=True, metavar="{init}")
    init = sub.add_parser(
        "init", help="copy lessons and exercises into DIR; never overwrites your edits",
        description="Copy the course (lessons, exercises) into DIR (default $DLTOOLKIT_COURSE_DIR "
                    "or ~/dltoolkit-course). Running it again adds missing files only; with "
                    "--update, files you have not edited are updated and a new version of an "
                    "edited one is written beside it (NAME.vVERSION.ipynb).")
    init.add_argument("dir", nargs="?", default=None, metavar="DIR")
    init.add_argument("--update", action="store_true",
                      help="bring unedited files to this release; write new versions beside edited ones")
    init.set_defaults(func=_init)
