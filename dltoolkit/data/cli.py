"""``dltoolkit data list|download NAME|verify [NAME]``.

The main ``dltoolkit`` command calls :func:`add_subparser`; ``python -m dltoolkit.data.cli``
runs this part alone. Each handler returns an exit status (0 = fine).
"""
from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .download import DownloadError, data_home, sha256_file
from .real import DATASETS, fetch_dataset, get_dataset


def _list(args: argparse.Namespace) -> int:
    home = data_home(args.data_dir)
    print(f"data home: {home}")
    for ds in DATASETS.values():
        present = sum((home / ds.name / f.name).exists() for f in ds.files)
        print(f"{ds.name:14s} {present}/{len(ds.files)} files cached  {ds.description}")
    print("embedded (always available): digits; generated: make_* in dltoolkit.data")
    return 0


def _download(args: argparse.Namespace) -> int:
    try:
        paths = fetch_dataset(args.name, data_dir=args.data_dir, retries=args.retries)
    except (DownloadError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    for name, path in paths.items():
        print(f"ok  {name}  {path}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    home = data_home(args.data_dir)
    try:
        sets = [get_dataset(args.name)] if args.name else list(DATASETS.values())
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    bad = 0
    for ds in sets:
        for f in ds.files:
            path = home / ds.name / f.name
            if not path.exists():
                status = "missing"
                bad += bool(args.name)  # only a named data set must be complete
            elif sha256_file(path) == f.sha256:
                status = "ok"
            else:
                status, bad = "CHECKSUM MISMATCH", bad + 1
            print(f"{status:17s} {ds.name}/{f.name}  {path}")
    return 1 if bad else 0


def add_subparser(subparsers) -> argparse.ArgumentParser:
    """Register ``data`` with its ``list``, ``download`` and ``verify`` sub-commands.

    Each leaf parser sets ``func``: call ``args.func(args)`` and exit with its return value.
    """
    p = subparsers.add_parser("data", help="list, download and verify data sets")
    p.add_argument("--data-dir", default=None, help="cache root (default: $DLTOOLKIT_DATA or ~/.cache/dltoolkit)")
    sub = p.add_subparsers(dest="data_command", required=True)
    sub.add_parser("list", help="data sets and what is cached").set_defaults(func=_list)
    d = sub.add_parser("download", help="download and verify a data set")
    d.add_argument("name", help=f"one of: {', '.join(DATASETS)}")
    d.add_argument("--retries", type=int, default=3)
    d.set_defaults(func=_download)
    v = sub.add_parser("verify", help="check cached files against their SHA-256")
    v.add_argument("name", nargs="?", default=None)
    v.set_defaults(func=_verify)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="dltoolkit")
    add_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
