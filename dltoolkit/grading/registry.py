"""The registry of exercise checks.

A *check* (id ``"NN.name"``, e.g. ``"07.adam"``) is one graded part of lesson NN. It holds
cases: small functions ``case(obj) -> None`` that call the student's object and raise
:class:`Fail` with a message and a hint when the answer is wrong. Public cases live here, in
``dltoolkit.grading.checks``, and run in the notebook through ``dl.grading.check``. Hidden
cases live in the grader-only package ``dlgrader`` (kept out of the student's wheel);
:func:`load_hidden` imports it and registers them, and only then does
``Check.select(include_hidden=True)`` return them.

Contract with the grader, which runs the student's code in a sandboxed kernel and passes
arguments across a process boundary:

- ``get(check_id) -> Check``; ``Check.select(include_hidden) -> list[Case]``; ``Case.fn(obj)``
  raises :class:`Fail` (message, hint) when the answer is wrong.
- A case calls ``obj`` only with numpy/jax arrays (typed PRNG keys included), Python numbers,
  bools, strings, None and nested tuples/lists/dicts of those, and reads back the same kinds.
- The one exception: a case may pass a module-level function of ``dltoolkit.grading.checks``
  (``03.numerical_grad`` hands over ``l03_gradcheck.cubic_sum``); the grader sends its
  ``f"{f.__module__}:{f.__qualname__}"`` and the student's kernel imports it from dltoolkit.
- A case that needs the student's function under ``jax.jit`` calls ``_util.jitted(obj)``:
  ``obj.jitted()`` when the object offers it (the grader's proxy jits in the student's
  kernel), else ``jax.jit(obj)``.
- "By hand" checks also reject shortcuts: ``dltoolkit.grading.shortcuts.violations(check_id,
  source)`` on the function's source (see :mod:`.shortcuts`).

    @public("07.adam", "adam_update", "Adam update with bias correction")
    def _first_step(fn): ...

    @hidden("07.adam")
    def _other_shapes(fn): ...
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable

CaseFn = Callable[[object], None]


class Fail(Exception):
    """Raised by a case when the student's answer is wrong: a message and a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Case:
    name: str
    fn: CaseFn
    hidden: bool = False


@dataclass
class Check:
    id: str
    target: str            # the name the notebook gives the student's object
    title: str
    cases: list[Case] = field(default_factory=list)
    timeout: float = 20.0  # seconds for all cases of one run

    @property
    def lesson(self) -> str:
        return self.id.split(".", 1)[0]

    def select(self, include_hidden: bool) -> list[Case]:
        return [c for c in self.cases if include_hidden or not c.hidden]


_REGISTRY: dict[str, Check] = {}
_LOADED = False
_HIDDEN_LOADED = False


class HiddenCasesUnavailable(ImportError):
    """The grader-only package ``dlgrader`` is not importable (a student's install)."""


def _case_name(fn: Callable) -> str:
    return (fn.__doc__ or fn.__name__).strip().splitlines()[0]


def public(check_id: str, target: str, title: str = "", timeout: float = 20.0):
    """Register a public case (creates the check on first use)."""
    def deco(fn: CaseFn) -> CaseFn:
        chk = _REGISTRY.setdefault(check_id, Check(check_id, target, title or check_id, timeout=timeout))
        chk.cases.append(Case(_case_name(fn), fn, hidden=False))
        return fn
    return deco


def hidden(check_id: str):
    """Register a hidden case for an existing check (run only by the grader)."""
    def deco(fn: CaseFn) -> CaseFn:
        _load()
        if check_id not in _REGISTRY:
            raise KeyError(f"hidden case {fn.__name__} names an unknown check {check_id!r}")
        chk = _REGISTRY[check_id]
        key = (fn.__module__, fn.__qualname__)
        if not any((c.fn.__module__, c.fn.__qualname__) == key for c in chk.cases):
            chk.cases.append(Case(_case_name(fn), fn, hidden=True))
        return fn
    return deco


def load_hidden() -> None:
    """Import the grader-only package ``dlgrader`` so its hidden cases are registered.

    Raises :class:`HiddenCasesUnavailable` with what to do when it is not importable."""
    global _HIDDEN_LOADED
    _load()
    if _HIDDEN_LOADED:
        return
    import sys
    for name in [m for m, mod in sys.modules.items() if mod is not None and (m == "dlgrader" or m.startswith("dlgrader."))]:
        del sys.modules[name]  # re-run its registrations into this registry (the grader re-imports dltoolkit)
    try:
        import_grader()
    except ImportError as e:
        raise HiddenCasesUnavailable(
            "hidden cases are not installed here: they ship only with the grader (the `dlgrader` "
            f"package beside dltoolkit in the course repository) ({e})") from e
    _HIDDEN_LOADED = True


def import_grader():
    """The grader-only package: importable as ``dlgrader``, else found beside this dltoolkit in a
    source checkout (``<repo>/dlgrader``, where an editable install or the ``dltoolkit`` command
    does not put the repository on sys.path). A wheel install has neither: ImportError."""
    import sys
    from pathlib import Path
    try:
        return importlib.import_module("dlgrader")
    except ImportError:
        repo = Path(__file__).resolve().parents[2]
        if not (repo / "dlgrader" / "__init__.py").is_file() or sys.modules.get("dlgrader", 0) is None:
            raise
        sys.path.append(str(repo))
        return importlib.import_module("dlgrader")


def hidden_loaded() -> bool:
    return _HIDDEN_LOADED


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    from . import checks
    for info in sorted(pkgutil.iter_modules(checks.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{checks.__name__}.{info.name}")
    _LOADED = True


def get(check_id: str) -> Check:
    """The registered check ``check_id``; KeyError with the known ids otherwise."""
    _load()
    if check_id not in _REGISTRY:
        raise KeyError(f"unknown check {check_id!r}; known checks: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[check_id]


def all_checks(lesson: str | None = None) -> list[Check]:
    """All registered checks (of one lesson ``"NN"`` if given), sorted by id."""
    _load()
    return [c for k, c in sorted(_REGISTRY.items()) if lesson is None or c.lesson == lesson]
