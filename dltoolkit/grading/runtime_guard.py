"""Runtime shortcut guard: while a "by hand" part is graded, the functions it forbids raise.

The source check (:mod:`.shortcuts`) reads names; this one catches what text cannot show
(``getattr(jax.nn, "soft" + "max")``, ``exec``, a reference captured in a global):

    with guard(runtime_names("05.softmax"), namespaces=[user_ns]) as g:
        run the cases
    g.used   # ["jax.nn.softmax"]: the part fails with why_not(g.used[0], "05.softmax")

Inside the ``with``, every forbidden function is swapped, wherever a loaded module (or the
student's namespace, closure cells and default arguments) holds it, for a stand-in. The
stand-in walks up the call stack past library frames (jax, numpy, the standard library,
dltoolkit outside ``grading``): if the first other frame is the grading code (a case computing
its own expectations, ``jax.grad`` of the student's function, the kernel answering a call),
it calls the original; otherwise the student's code called it: it records the name and raises
:class:`ShortcutUsed`. Everything is put back on exit, whatever happened inside. Entering
clears jax's compilation caches once, so a function jitted before grading is traced again.
"""
from __future__ import annotations

import contextlib
import inspect
import os
import sys
import sysconfig
import warnings
from pathlib import Path

from .runtime_targets import _rewrapped, clear_jitted, originals, student_namespaces  # noqa: F401 - re-exported
from .shortcut_rules import BANNED

_GRADING = str(Path(__file__).resolve().parent) + os.sep
_PKG = str(Path(__file__).resolve().parents[1]) + os.sep


class ShortcutUsed(Exception):
    """The student's code called a function this part asks them to write by hand."""


def why_not(name: str) -> str:
    return (f"calls {name} at run time, which does the whole job this exercise asks you to write by hand "
            "(reaching it through getattr, exec or a saved reference counts too)")


def runtime_names(check_id: str) -> tuple[str, ...]:
    """The dotted names ``check_id`` forbids (from :data:`.shortcut_rules.BANNED`)."""
    return tuple(BANNED.get(check_id, ()))


def _library_roots() -> tuple[str, ...]:
    paths = {sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    paths |= {sys.prefix, sys.base_prefix, sys.exec_prefix}
    return tuple(str(Path(p).resolve()) + os.sep for p in paths if p)


_LIBS = _library_roots()


def _grader_dirs() -> tuple[str, ...]:
    dirs = [_GRADING]
    mod = sys.modules.get("dlgrader")
    if getattr(mod, "__file__", None):
        dirs.append(str(Path(mod.__file__).resolve().parent) + os.sep)
    return tuple(dirs)


def called_by_grader() -> bool:
    """Is the nearest non-library caller (above the stand-in's caller chain) the grading code?"""
    graders = _grader_dirs()
    f = sys._getframe(2)
    while f is not None:
        fn = f.f_code.co_filename
        if fn.startswith(graders):
            return True
        if not (fn.startswith(_LIBS) or fn.startswith(_PKG) or fn.startswith("<frozen")):
            return False        # the student's code: a notebook cell, an exec'd string, their module
        f = f.f_back
    return True


class Guard:
    def __init__(self):
        self.used: list[str] = []
        self._undo: list = []

    def standin(self, original, name: str):
        guard = self

        def forbidden(*args, **kwargs):
            if called_by_grader():
                return original(*args, **kwargs)
            if name not in guard.used:
                guard.used.append(name)
            raise ShortcutUsed(f"{name} is not allowed in this part: {why_not(name)}")
        forbidden.__name__ = getattr(original, "__name__", "forbidden")
        forbidden.__qualname__ = forbidden.__name__
        forbidden.__doc__ = f"Not allowed here: {name} (dltoolkit grading)."
        return forbidden

    def _swap_dict(self, d: dict, found: dict, stand: dict) -> None:
        for k, v in list(d.items()):
            if id(v) in found and v is found[id(v)][0]:
                d[k] = stand[id(v)]
                self._undo.append(("dict", d, k, v, stand[id(v)]))
                continue
            new = _rewrapped(v, found, stand)
            if new is not None:
                d[k] = new
                self._undo.append(("dict", d, k, v, new))

    def _swap_function(self, fn, found: dict, stand: dict) -> None:
        for cell in getattr(fn, "__closure__", None) or ():
            try:
                v = cell.cell_contents
            except ValueError:
                continue
            if id(v) in found and v is found[id(v)][0]:
                cell.cell_contents = stand[id(v)]
                self._undo.append(("cell", cell, None, v, stand[id(v)]))
        dflt = getattr(fn, "__defaults__", None)
        if dflt and any(id(v) in found for v in dflt):
            fn.__defaults__ = tuple(stand.get(id(v), v) if id(v) in found else v for v in dflt)
            self._undo.append(("defaults", fn, None, dflt, None))
        kw = getattr(fn, "__kwdefaults__", None)
        if kw:
            self._swap_dict(kw, found, stand)

    def enter(self, names, namespaces=(), objects=(), clear="reachable") -> None:
        found = originals(names)
        if not found:
            return
        stand = {i: self.standin(v, n) for i, (v, n) in found.items()}
        skip = ("dltoolkit.grading", "dlgrader")
        for modname, mod in list(sys.modules.items()):
            d = getattr(mod, "__dict__", None)
            if type(d) is dict and not modname.startswith(skip):
                self._swap_dict(d, found, stand)
        for ns in namespaces:
            self._swap_dict(ns, found, stand)
            for v in list(ns.values()):
                if inspect.isfunction(v) and v.__globals__ is ns:
                    self._swap_function(v, found, stand)
        for obj in objects:
            if inspect.isfunction(obj):
                self._swap_function(obj, found, stand)
        if clear == "all" and "jax" in sys.modules:  # a function jitted before grading is traced again
            with contextlib.suppress(Exception):
                sys.modules["jax"].clear_caches()
        elif clear:
            clear_jitted(objects)

    def exit(self) -> None:
        while self._undo:
            kind, where, key, old, new = self._undo.pop()
            with contextlib.suppress(Exception):
                if kind == "dict":
                    if where.get(key) is new:
                        where[key] = old
                elif kind == "cell":
                    if where.cell_contents is new:
                        where.cell_contents = old
                else:
                    where.__defaults__ = old


@contextlib.contextmanager
def guard(names, namespaces=(), objects=(), *, clear="reachable"):
    """Forbid ``names`` for the code run inside; yields the :class:`Guard` (``.used``).

    ``clear``: which jax compilation caches to empty first, so that code jitted before grading is
    traced again under the guard: ``"reachable"`` (the jitted functions ``objects`` reach through
    their globals and closures: the notebook keeps the rest of its compiled code), ``"all"``
    (the grader's throwaway kernel) or False (a later call of the same check)."""
    g = Guard()
    try:
        if names:
            with warnings.catch_warnings():  # deprecated attributes warn when looked at (torch's, numpy's)
                warnings.simplefilter("ignore")
                g.enter(names, namespaces, objects, clear)
        yield g
    finally:
        g.exit()
