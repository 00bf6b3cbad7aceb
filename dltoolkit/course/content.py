"""Where the course's notebooks are: inside the installed wheel, or in a source checkout.

A wheel carries them as package data under ``dltoolkit/course/content/`` (the build copies them
there, see ``setup.py``); a checkout (editable install, ``PYTHONPATH``) reads the repository's
``lessons/`` and ``exercises/`` folders in place. Solutions are never part of the course.

This module uses the standard library only: ``setup.py`` loads it by path at build time.
"""
from __future__ import annotations

from pathlib import Path

#: Glob patterns, relative to the repository root, of what a student gets.
PATTERNS = ("lessons/[0-9][0-9]_*.ipynb", "exercises/[0-9][0-9]_*.ipynb", "lessons/data/**/*")
#: Folder names the course must never ship, wherever they appear.
FORBIDDEN = ("solutions", "dlgrader")
PACKAGED = Path(__file__).resolve().parent / "content"


def collect(root: Path) -> dict[str, Path]:
    """``{relative posix path: file}`` of every course file under ``root``, sorted by path."""
    root = Path(root)
    found = {}
    for pattern in PATTERNS:
        for path in root.glob(pattern):
            rel = path.relative_to(root)
            if path.is_file() and not set(rel.parts) & set(FORBIDDEN) and "__pycache__" not in rel.parts:
                found[rel.as_posix()] = path
    return dict(sorted(found.items()))


def course_root() -> Path:
    """The folder holding ``lessons/`` and ``exercises/``: the wheel's package data if present,
    else the source checkout this module lives in."""
    if (PACKAGED / "lessons").is_dir():
        return PACKAGED
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "lessons").is_dir():
        return checkout
    raise FileNotFoundError(
        f"dltoolkit's course notebooks are missing: neither {PACKAGED} (an installed wheel) nor "
        f"{checkout / 'lessons'} (a source checkout) exists; reinstall with `pip install dltoolkit`")


def course_files() -> dict[str, Path]:
    """Every file a student gets, keyed by its path inside the workspace."""
    return collect(course_root())


def lesson_paths() -> list[Path]:
    """The lesson notebooks, in order."""
    return [p for rel, p in course_files().items() if rel.startswith("lessons/") and rel.endswith(".ipynb")]
