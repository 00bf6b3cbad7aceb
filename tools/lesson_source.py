"""Lessons as editable source: ``lessons/src/NN_topic.py`` (jupytext percent format) is the one
source of ``lessons/NN_topic.ipynb``, which is committed executed.

    build(src)              -> the notebook the source describes (no outputs), with the setup cell,
                               the launch badges, stable cell ids ("setup", "badges", "NN-02", ...)
                               and fixed metadata
    mismatches(src, ipynb)  -> what differs between the two (empty when in sync)

    .venv/bin/python tools/lesson_source.py --check     # CI: every pair agrees (exit 1 if not)
    .venv/bin/python tools/lesson_source.py --refresh   # markdown-only edits: rebuild the notebooks,
                                                        # keeping the executed outputs of the code

Only what a student reads and runs is compared: cell types, sources and tags. Outputs are the
executed notebook's own.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from setup_cell import ensure_setup_cell  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def source_of(ipynb: Path) -> Path:
    return ipynb.parent / "src" / (ipynb.stem + ".py")


def pairs() -> list[tuple[Path, Path]]:
    """(source, notebook) for every lesson; a source or notebook without its partner is included
    so that the check reports it."""
    stems = {p.stem for p in LESSONS.glob("[0-9][0-9]_*.ipynb")}
    stems |= {p.stem for p in (LESSONS / "src").glob("[0-9][0-9]_*.py")}
    return [(LESSONS / "src" / f"{s}.py", LESSONS / f"{s}.ipynb") for s in sorted(stems)]


def build(src: Path):
    """The notebook that ``src`` describes, without outputs."""
    from dltoolkit.course.links import ensure_badge_cell

    nb = jupytext.read(src)
    ensure_setup_cell(nb)
    ensure_badge_cell(nb, f"lessons/{src.stem}.ipynb")      # "Open in Colab", "launch Binder"
    prefix = src.stem[:2]
    for i, cell in enumerate(nb.cells):
        if cell.get("id") not in ("setup", "badges"):
            cell["id"] = f"{prefix}-{i:02d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["jupytext"] = {"formats": "ipynb,src//py:percent"}
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def _view(nb) -> list[tuple[str, str, tuple]]:
    return [(c.cell_type, c.source.strip(), tuple(c.get("metadata", {}).get("tags", [])))
            for c in nb.cells]


def mismatches(src: Path, ipynb: Path) -> list[str]:
    if not src.exists():
        return [f"{ipynb.name}: no source {src.relative_to(ROOT)}"]
    if not ipynb.exists():
        return [f"{src.name}: not built yet (run tools/execute_notebooks.py {ipynb.relative_to(ROOT)})"]
    want, have = _view(build(src)), _view(nbformat.read(ipynb, as_version=4))
    out = []
    if len(want) != len(have):
        out.append(f"{ipynb.name}: source has {len(want)} cells, notebook {len(have)}")
    for i, (w, h) in enumerate(zip(want, have)):
        if w != h:
            what = "type" if w[0] != h[0] else "tags" if w[1] == h[1] else "source"
            out.append(f"{ipynb.name}: cell {i} differs from its source ({what}); "
                       f"source starts {w[1][:60]!r}, notebook {h[1][:60]!r}")
            break
    return out


def refresh(src: Path, ipynb: Path) -> bool:
    """Rebuild ``ipynb`` from ``src`` keeping its outputs, when only markdown changed (the code
    cells, in order, are the same). Returns False (and writes nothing) when code changed: then
    the lesson must be executed again (tools/execute_notebooks.py)."""
    new, old = build(src), nbformat.read(ipynb, as_version=4)
    code_of = lambda nb: [v for v in _view(nb) if v[0] == "code"]
    if code_of(new) != code_of(old):
        return False
    new_code = [c for c in new.cells if c.cell_type == "code"]
    old_code = [c for c in old.cells if c.cell_type == "code"]
    for n, o in zip(new_code, old_code):
        n.outputs, n.execution_count = o.outputs, o.execution_count
    new.metadata = old.metadata
    nbformat.write(new, ipynb)
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--refresh"]:
        stale = [n.name for s, n in pairs() if s.exists() and n.exists() and not refresh(s, n)]
        print("refreshed; code changed (execute again): " + (", ".join(stale) or "none"))
        return 1 if stale else 0
    if args != ["--check"]:
        print(__doc__)
        return 2
    problems = [m for s, n in pairs() for m in mismatches(s, n)]
    for m in problems:
        print(m)
    if problems:
        print("rebuild with: .venv/bin/python tools/execute_notebooks.py <lesson.ipynb>")
    else:
        print(f"{len(pairs())} lessons: every source agrees with its notebook")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
