"""Grader-only material, kept out of the wheel students install (it packages only ``dltoolkit``).

- ``dlgrader.hidden``: hidden cases for every check; importing this package registers them
  with ``dltoolkit.grading.registry`` (``registry.load_hidden()`` does it for the grader);
- ``dlgrader/solutions.json``: each check's solution, written by ``dltoolkit exercises
  generate`` from ``solutions/`` and read by ``dl.grading.solution`` where the course allows.

Install it beside dltoolkit only where grading happens (the instructor's checkout, CI).
"""
from __future__ import annotations

import importlib
import pkgutil

from . import hidden as _hidden
from . import references  # noqa: F401 - the expected answers behind every check (dlgrader.references)

for _info in sorted(pkgutil.iter_modules(_hidden.__path__), key=lambda m: m.name):
    importlib.import_module(f"{_hidden.__name__}.{_info.name}")
