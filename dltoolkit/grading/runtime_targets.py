"""What the runtime guard (:mod:`.runtime_guard`) swaps: the forbidden functions, found from
their dotted names (a whole module's public functions where a module is named), the wrappers
built around them before grading, and the jit caches a student's function reaches.
"""
from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import sys
import types

_IMPORTABLE = ("jax", "optax", "dltoolkit")   # banned modules imported before patching; others only if loaded


def _module(name: str):
    if name in sys.modules:
        return sys.modules[name]
    if name.split(".")[0] in _IMPORTABLE:
        try:
            return importlib.import_module(name)
        except Exception:  # noqa: BLE001 - not a module (an attribute) or not installed
            return None
    return None


def _patchable(v, root: str | None = None) -> bool:
    """A function (jax's jitted and custom-derivative wrappers included), from package ``root``."""
    if isinstance(v, (type, types.ModuleType)) or not callable(v):
        return False
    if not (inspect.isroutine(v) or type(v).__name__ in ("PjitFunction", "custom_jvp", "custom_vjp")):
        return False
    return root is None or str(getattr(v, "__module__", "") or "").split(".")[0] == root


def originals(names) -> dict[int, tuple[object, str]]:
    """id(function) -> (function, the forbidden name it is reached by) for ``names``."""
    out: dict[int, tuple[object, str]] = {}
    for name in names:
        mod = _module(name)
        if isinstance(mod, types.ModuleType):  # a whole module (and its public submodules) is forbidden
            subs = [mod] + [m for k, m in list(sys.modules.items()) if k.startswith(name + ".") and m is not None
                            and not any(p.startswith("_") for p in k[len(name) + 1:].split("."))]
            for sub in subs:
                for attr, v in list(vars(sub).items()):
                    if not attr.startswith("_") and _patchable(v, name.split(".")[0]):
                        out.setdefault(id(v), (v, f"{name}.{attr}" if sub is mod else f"{sub.__name__}.{attr}"))
            continue
        head, _, attr = name.rpartition(".")
        m = _module(head) if head else None
        v = getattr(m, attr, None) if m is not None else None
        if _patchable(v):
            out.setdefault(id(v), (v, name))
    return out


def _rewrapped(v, found: dict, stand: dict):
    """A stand-in for ``v`` when it only wraps a forbidden function: ``functools.partial(f, ...)``
    or ``jax.jit(f)`` (``__wrapped__``), built before grading; else None."""
    if isinstance(v, functools.partial) and id(v.func) in found and v.func is found[id(v.func)][0]:
        return functools.partial(stand[id(v.func)], *v.args, **v.keywords)
    if isinstance(v, (type, types.ModuleType)) or not callable(v):
        return None
    try:
        inner = v.__dict__.get("__wrapped__") if hasattr(v, "__dict__") else None
        inner = inner if inner is not None else getattr(v, "__wrapped__", None)
    except Exception:  # noqa: BLE001 - objects whose attribute access misbehaves
        return None
    if inner is not None and id(inner) in found and inner is found[id(inner)][0] and v is not inner:
        return stand[id(inner)]
    return None


def clear_jitted(objects) -> None:
    """Empty the compilation cache of every jitted function ``objects`` reach (their globals by
    name, closure cells, nested code), following plain Python functions of the same notebook."""
    todo, seen = list(objects), set()
    while todo:
        f = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        clear = getattr(f, "clear_cache", None)
        if callable(clear) and not inspect.isclass(f):
            with contextlib.suppress(Exception):
                clear()
        f = getattr(f, "__wrapped__", f)
        code, glb = getattr(f, "__code__", None), getattr(f, "__globals__", None)
        if code is None or glb is None:
            continue
        names, codes = set(), [code]
        while codes:
            c = codes.pop()
            names.update(c.co_names)
            codes.extend(k for k in c.co_consts if isinstance(k, types.CodeType))
        todo.extend(glb[n] for n in names if n in glb and not isinstance(glb[n], types.ModuleType))
        for cell in getattr(f, "__closure__", None) or ():
            with contextlib.suppress(ValueError):
                todo.append(cell.cell_contents)


def student_namespaces(obj) -> list[dict]:
    """The globals the student's ``obj`` reads (a function's or a class's module dict)."""
    glb = getattr(obj, "__globals__", None)
    if glb is None and inspect.isclass(obj):
        glb = getattr(sys.modules.get(obj.__module__), "__dict__", None)
    return [glb] if isinstance(glb, dict) else []
