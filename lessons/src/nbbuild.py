"""What every lesson builder script shares: collect cells, then write the notebook.

    from nbbuild import code, md, save
    md(r'''# Lesson 7 ...''')
    code('''import dltoolkit as dl''')
    save("07_optimizers")            # writes lessons/07_optimizers.ipynb

Cell ids are ``NN-00``, ``NN-01``... so a rebuild without changes gives identical bytes.
"""
from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

LESSONS = Path(__file__).resolve().parents[1]
cells: list = []


def md(text: str) -> None:
    """Append a markdown cell (the text is dedented and stripped)."""
    cells.append(new_markdown_cell(dedent(text).strip()))


def code(text: str) -> None:
    """Append a code cell (the text is dedented and stripped)."""
    cells.append(new_code_cell(dedent(text).strip()))


def save(name: str) -> Path:
    """Write ``lessons/<name>.ipynb`` from the collected cells and return its path."""
    for i, cell in enumerate(cells):
        cell["id"] = f"{name[:2]}-{i:02d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    out = LESSONS / f"{name}.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out}")
    return out
