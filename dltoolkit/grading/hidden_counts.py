"""How many hidden cases each check has, so that ``check()`` can say so in the notebook.

The hidden cases live in the grader-only ``dlgrader`` package; only their number ships, in
``hidden_counts.json`` beside this file, written by ``dltoolkit exercises hidden-counts``
(where ``dlgrader`` is installed). ``--check`` exits 1 when the file is out of date.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FILE = Path(__file__).with_name("hidden_counts.json")


@lru_cache(maxsize=1)
def counts() -> dict[str, int]:
    """{check id: number of hidden cases} as shipped ({} when the file is missing)."""
    try:
        return {str(k): int(v) for k, v in json.loads(FILE.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def current() -> dict[str, int]:
    """The counts from the registry with ``dlgrader`` loaded (the grader's side)."""
    from . import registry
    registry.load_hidden()
    return {c.id: sum(1 for case in c.cases if case.hidden) for c in registry.all_checks()}


def write(check: bool = False) -> bool:
    """Write the file (or with ``check``, only compare); True when it was already up to date."""
    text = json.dumps(current(), indent=1, sort_keys=True) + "\n"
    same = FILE.exists() and FILE.read_text(encoding="utf-8") == text
    if not check and not same:
        FILE.write_text(text, encoding="utf-8")
        counts.cache_clear()
    return same
