"""Colab and Binder links: built from pyproject's one Repository URL (read here with tomllib)."""
import sys
from pathlib import Path

import nbformat
import pytest

from dltoolkit.course import badge_line, binder_url, colab_url, ensure_badge_cell, repository_url

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
from setup_cell import ensure_setup_cell  # noqa: E402


def test_repository_url_is_pyprojects():
    tomllib = pytest.importorskip("tomllib")
    with open(REPO / "pyproject.toml", "rb") as f:
        expected = tomllib.load(f)["project"]["urls"]["Repository"]
    assert repository_url() == expected == "https://github.com/dltoolkit/dltoolkit"


def test_urls_by_hand():
    path = "lessons/03_backprop.ipynb"
    assert colab_url(path) == ("https://colab.research.google.com/github/dltoolkit/dltoolkit/blob/main/"
                               "lessons/03_backprop.ipynb")
    assert binder_url(path) == ("https://mybinder.org/v2/gh/dltoolkit/dltoolkit/main"
                                "?urlpath=lab/tree/course/lessons/03_backprop.ipynb")
    line = badge_line(path)
    assert line == (f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
                    f"({colab_url(path)}) [![Launch Binder](https://mybinder.org/badge_logo.svg)]"
                    f"({binder_url(path)})")
    assert badge_line() == ("[![Launch Binder](https://mybinder.org/badge_logo.svg)]"
                            "(https://mybinder.org/v2/gh/dltoolkit/dltoolkit/main?urlpath=lab/tree/course)")


@pytest.mark.parametrize("bad", ["/etc/passwd.ipynb", "../x.ipynb", "lessons/03_backprop.py"])
def test_bad_paths_are_rejected(bad):
    with pytest.raises(ValueError, match="notebook path inside the repository"):
        colab_url(bad)


def test_non_github_repository_is_rejected():
    with pytest.raises(ValueError, match="GitHub repository URL"):
        colab_url("lessons/00_welcome.ipynb", repo="https://gitlab.com/a/b")


def test_badge_cell_goes_after_the_setup_cell_and_is_idempotent():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lesson")])
    ensure_setup_cell(nb, "0.2.0")
    ensure_badge_cell(nb, "lessons/00_welcome.ipynb")
    assert [c.get("id") for c in nb.cells[:2]] == ["setup", "badges"]
    first = nbformat.writes(nb)
    ensure_badge_cell(nb, "lessons/00_welcome.ipynb")
    assert nbformat.writes(nb) == first and len(nb.cells) == 3
    nbformat.validate(nb)
    assert nb.cells[1].source == badge_line("lessons/00_welcome.ipynb")
