""""Open in Colab" and "launch Binder" links for a course notebook.

The repository URL is written in one place, ``[project.urls] Repository`` of pyproject.toml; an
installed wheel carries it in its metadata (``Project-URL: Repository, ...``).

    badge_line("lessons/03_backprop.ipynb")     # markdown: two badges, for the top of a lesson
    ensure_badge_cell(nb, "lessons/03_backprop.ipynb")   # insert or refresh it (after the setup cell)
"""
from __future__ import annotations

import re
from pathlib import Path

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
BRANCH = "main"
CELL_ID = "badges"
#: Where binder/postBuild puts the student's workspace, relative to the Binder home folder.
BINDER_WORKSPACE = "course"


def repository_url() -> str:
    """``https://github.com/OWNER/NAME`` from pyproject.toml (checkout) or the wheel's metadata."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if pyproject.exists():
        m = re.search(r'^\[project\.urls\][^\[]*?^Repository\s*=\s*"([^"]+)"', pyproject.read_text(),
                      re.M | re.S)
        if m:
            return m.group(1).rstrip("/")
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        for entry in metadata("dltoolkit").get_all("Project-URL") or []:
            label, _, url = entry.partition(",")
            if label.strip().lower() == "repository":
                return url.strip().rstrip("/")
    except PackageNotFoundError:
        pass
    raise LookupError("no Repository URL: add `Repository = \"https://github.com/OWNER/NAME\"` "
                      "under [project.urls] in pyproject.toml")


def _github_slug(url: str) -> str:
    m = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)(\.git)?", url)
    if not m:
        raise ValueError(f"Colab and Binder links need a GitHub repository URL, got {url!r}")
    return m.group(1)


def _check_rel(path: str) -> str:
    path = str(path).replace("\\", "/")
    if path.startswith("/") or ".." in path.split("/") or not path.endswith(".ipynb"):
        raise ValueError(f"expected a notebook path inside the repository such as "
                         f"'lessons/03_backprop.ipynb', got {path!r}")
    return path


def colab_url(path: str, *, repo: str | None = None) -> str:
    return f"https://colab.research.google.com/github/{_github_slug(repo or repository_url())}" \
           f"/blob/{BRANCH}/{_check_rel(path)}"


def binder_url(path: str | None = None, *, repo: str | None = None) -> str:
    """Binder builds the repository (binder/), whose postBuild copies the course to ~/course."""
    base = f"https://mybinder.org/v2/gh/{_github_slug(repo or repository_url())}/{BRANCH}"
    if path is None:
        return base + f"?urlpath=lab/tree/{BINDER_WORKSPACE}"
    return base + f"?urlpath=lab/tree/{BINDER_WORKSPACE}/{_check_rel(path)}"


def badge_line(path: str | None = None, *, repo: str | None = None) -> str:
    """Markdown with an "Open in Colab" badge for ``path`` and a "launch Binder" badge (for the
    repository when ``path`` is None: the README)."""
    binder = f"[![Launch Binder]({BINDER_BADGE})]({binder_url(path, repo=repo)})"
    if path is None:
        return binder
    return f"[![Open In Colab]({COLAB_BADGE})]({colab_url(path, repo=repo)}) {binder}"


def ensure_badge_cell(nb, path: str, *, repo: str | None = None) -> None:
    """Make the markdown cell with id ``badges`` (tag ``badges``) hold ``badge_line(path)``;
    insert it after the setup cell (or first) when missing."""
    import nbformat

    src = badge_line(path, repo=repo)
    for cell in nb.cells:
        if cell.get("id") == CELL_ID:
            cell.cell_type, cell.source = "markdown", src
            cell.metadata = {"tags": [CELL_ID]}
            cell.pop("outputs", None), cell.pop("execution_count", None)
            return
    cell = nbformat.v4.new_markdown_cell(src, metadata={"tags": [CELL_ID]})
    cell["id"] = CELL_ID
    first_is_setup = bool(nb.cells) and nb.cells[0].get("id") == "setup"
    nb.cells.insert(1 if first_is_setup else 0, cell)
