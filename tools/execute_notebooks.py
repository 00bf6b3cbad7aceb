"""Build lessons from their source and execute them (fresh kernel, deterministic metadata);
report their run times.

    .venv/bin/python tools/execute_notebooks.py lessons/03_backprop.ipynb [more.ipynb ...]
    .venv/bin/python tools/execute_notebooks.py --all            # every lesson
    .venv/bin/python tools/execute_notebooks.py --all --times    # also rewrite README's table

A lesson's notebook is built from ``lessons/src/NN_topic.py`` (see tools/lesson_source.py); other
notebooks (solutions) are executed as they are. Lessons are committed executed; nbval re-runs
them in CI and compares outputs. Execution metadata (timestamps) is dropped so a re-run without
changes gives no diff. The widget state is not saved, so a live widget's view reference
(``application/vnd.jupyter.widget-view+json``) is dropped from the outputs too: it could never
render (no kernel holds that model), and a trusted notebook would show "Error displaying widget"
instead of the static PNG and text kept beside it. ``--strip-widget-views`` does only that, to
notebooks already executed.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from lesson_source import KERNELSPEC, build, source_of  # noqa: E402


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(nb) -> int:
    """Remove the widget-view mimetype from every output (the PNG/text fallback stays); returns
    how many were removed."""
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if WIDGET_VIEW in out.get("data", {}):
                del out["data"][WIDGET_VIEW]
                n += 1
    return n


def execute(path: Path, timeout: int = 300) -> float:
    src = source_of(path)
    nb = build(src) if src.exists() else nbformat.read(path, as_version=4)
    env_backup = dict(os.environ)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ["JAX_PLATFORMS"] = "cpu"
    t = time.perf_counter()
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(env_backup)
    elapsed = time.perf_counter() - t
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    drop_widget_views(nb)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(nb, path)
    return elapsed


def update_readme(times: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    rows = ["| lesson | run time on a 2-core CPU |", "|---|---|"]
    rows += [f"| `{name}` | {secs:.0f} s |" for name, secs in sorted(times.items())]
    rows.append(f"| all {len(times)} lessons | {sum(times.values()):.0f} s |")
    table = "\n".join(rows)
    block = f"<!-- lessons-table -->\n{table}\n<!-- /lessons-table -->"
    if "<!-- lessons-table -->" in text:
        text = re.sub(r"<!-- lessons-table -->.*?<!-- /lessons-table -->", block, text, flags=re.S)
    else:
        text += "\n## Lessons\n\n" + block + "\n"
    readme.write_text(text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--strip-widget-views", action="store_true",
                    help="only drop widget-view outputs from the given notebooks (no execution)")
    ap.add_argument("--times", action="store_true", help="write the run times into README.md")
    args = ap.parse_args(argv)
    paths = sorted((ROOT / "lessons" / "src").glob("[0-9][0-9]_*.py")) if args.all else args.notebooks
    paths = [ROOT / "lessons" / f"{p.stem}.ipynb" if p.suffix == ".py" else p for p in paths]
    if args.strip_widget_views:
        for p in paths:
            nb = nbformat.read(p, as_version=4)
            if drop_widget_views(nb):
                nbformat.write(nb, p)
        return 0
    times = {}
    for p in paths:
        secs = execute(p)
        times[p.name] = secs
        print(f"{p.name}: {secs:.1f} s", flush=True)
    if args.times and args.all:
        update_readme(times)
    return 0


if __name__ == "__main__":
    sys.exit(main())
