"""``dltoolkit site build [--out DIR]``."""
from __future__ import annotations

import argparse
import time
from .build import build_site


def _build(args: argparse.Namespace) -> int:

    t0 = time.perf_counter()
    try:
        pages = build_site(args.out)
    except (ImportError, FileNotFoundError) as e:
        print(f"dltoolkit site build: {e}")
        return 1
    print(f"wrote {len(pages)} pages to {args.out} in {time.perf_counter() - t0:.1f} s; "
          f"open {pages['index.html']}")
    return 0


def add_subparser(subparsers) -> None:
    p = subparsers.add_parser("site", help="the executed lessons as a static HTML site")
    sub = p.add_subparsers(dest="site_command", required=True, metavar="{build}")
    b = sub.add_parser("build", help="render lessons and exercises to HTML (works offline)")
    b.add_argument("--out", default="site", help="output folder (default ./site)")
    b.set_defaults(func=_build)
