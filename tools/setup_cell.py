"""The first cell of every lesson and exercise: install dltoolkit where it is missing.

On Colab or a bare JupyterHub the notebook's kernel has no dltoolkit; the cell installs the
release that matches the notebook (``dltoolkit==VERSION``) and does nothing where dltoolkit is
already importable, so it prints nothing in CI and nbval compares nothing. ``DLTOOLKIT_WHEEL``
points it at a local wheel or URL instead (tests use that).

    from setup_cell import ensure_setup_cell
    ensure_setup_cell(nb)          # insert or refresh cell 0 of an nbformat notebook
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "setup"
MARKER = "# dltoolkit setup"


def version() -> str:
    """The package version, read from pyproject.toml (the one place it is written)."""
    text = (ROOT / "pyproject.toml").read_text()
    return re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)


def setup_source(ver: str | None = None) -> str:
    ver = ver or version()
    return (
        f"{MARKER}: installs dltoolkit {ver} where it is missing (Colab, a bare JupyterHub);\n"
        "# does nothing where it is installed. DLTOOLKIT_WHEEL may name a local wheel instead.\n"
        "import importlib.util, os, subprocess, sys\n"
        "if importlib.util.find_spec(\"dltoolkit\") is None:\n"
        "    subprocess.check_call([sys.executable, \"-m\", \"pip\", \"install\", \"-q\",\n"
        f"                           os.environ.get(\"DLTOOLKIT_WHEEL\", \"dltoolkit=={ver}\")])"
    )


def ensure_setup_cell(nb, ver: str | None = None) -> None:
    """Make cell 0 of ``nb`` the setup cell (inserted, or refreshed in place) and record the
    version in ``nb.metadata["dltoolkit"]["version"]``."""
    import nbformat

    ver = ver or version()
    src = setup_source(ver)
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "code" and first.source.startswith(MARKER):
        first.source = src
    else:
        cell = nbformat.v4.new_code_cell(src)
        nb.cells.insert(0, cell)
        first = cell
    first["id"] = CELL_ID
    first.metadata = {"tags": ["setup"]}
    first.outputs = []
    nb.metadata.setdefault("dltoolkit", {})["version"] = ver
