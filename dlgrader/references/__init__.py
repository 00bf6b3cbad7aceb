"""The grader's reference implementations: the expected answer of every check, by name.

``get("05.softmax")`` is ``l05_softmax.ref_softmax``: the lesson number of the module and the
function's name without ``ref_``. ``dltoolkit.grading.checks._expected.expected`` asks for them
by that name where its stored table (public inputs only) has no answer, i.e. in the grader.
"""
from __future__ import annotations

import importlib
import pkgutil

REFERENCES: dict = {}

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    _mod = importlib.import_module(f"{__name__}.{_info.name}")
    for _name, _fn in vars(_mod).items():
        if _name.startswith("ref_") and callable(_fn) and getattr(_fn, "__module__", "") == _mod.__name__:
            REFERENCES[f"{_info.name[1:3]}.{_name[4:]}"] = _fn


def get(name: str):
    """The reference called ``name`` ("NN.what"), or None."""
    return REFERENCES.get(name)
