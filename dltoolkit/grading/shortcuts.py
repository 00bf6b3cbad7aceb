"""Shortcut detection: does the student's code call the whole-job function it was asked to write?

Pure functions on source text, so the notebook (``dl.grading.check``) and the command-line
grader (which only has the submitted notebook's text) decide the same way:

    violations("05.softmax", source)                 # -> ["calls jax.nn.softmax: ..."]
    violations("05.softmax", source, {"nn": "jax.nn"})  # names bound outside the source
    closure_source(code_cells, "softmax")            # the def of softmax + the helpers it calls
    object_source(fn)                                # in the notebook: (source, aliases) of fn

Names are resolved through the source's imports (``from jax import nn``, ``import jax.numpy
as jnp``, ``from jax.nn import softmax as sm``), the usual aliases (np, jnp, dl, lax) and the
``aliases`` given; every dotted name used (called or passed along) is compared with the
check's list in :mod:`.shortcut_rules`.
"""
from __future__ import annotations

import ast
import textwrap

from .shortcut_rules import BANNED, EVERYWHERE, LITERALS, REQUIRED

DEFAULT_ALIASES = {"np": "numpy", "jnp": "jax.numpy", "dl": "dltoolkit", "lax": "jax.lax", "jax": "jax",
                   "optax": "optax", "numpy": "numpy", "dltoolkit": "dltoolkit", "dlgrader": "dlgrader",
                   "scipy": "scipy", "sklearn": "sklearn", "torch": "torch", "flax": "flax"}


def banned(check_id: str) -> tuple[str, ...]:
    """The dotted names ``check_id`` forbids (its own list plus the grading code)."""
    return (*BANNED.get(check_id, ()), *EVERYWHERE)


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None


def import_aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> dotted name for every import statement in ``tree``."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _dotted(node: ast.AST) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


def used_names(tree: ast.AST, aliases: dict[str, str]) -> set[str]:
    """Every maximal dotted name read in ``tree``, resolved through ``aliases``."""
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in inner or not isinstance(node, (ast.Attribute, ast.Name)):
            continue
        if not isinstance(getattr(node, "ctx", None), ast.Load):
            continue
        parts = _dotted(node)
        if not parts or parts[0] not in aliases:
            continue
        found.add(".".join([aliases[parts[0]], *parts[1:]]))
    for node in ast.walk(tree):  # `from jax.nn import softmax` inside the function
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _matches(name: str, rule: str) -> bool:
    return name == rule or name.startswith(rule + ".")


def violations(check_id: str, source: str, aliases: dict[str, str] | None = None) -> list[str]:
    """Messages for each forbidden name (or give-away constant) that ``source`` uses; [] if none."""
    tree = _parse(source) if source and source.strip() else None
    if tree is None:  # no source (or not Python): nothing to judge here
        return []
    names = {**DEFAULT_ALIASES, **(aliases or {}), **import_aliases(tree)}
    rules = banned(check_id)
    out = []
    for name in sorted(used_names(tree, names)):
        rule = next((r for r in rules if _matches(name, r)), None)
        if rule is None:
            continue
        if rule in EVERYWHERE:
            out.append(f"calls {name}: the grading code is not an answer; write the computation yourself")
        else:
            out.append(f"calls {name}, which does the whole job this exercise asks you to write by hand")
    stub = any(isinstance(n, ast.Raise) and "NotImplementedError" in ast.dump(n) for n in ast.walk(tree))
    if check_id in REQUIRED and not stub:  # an untouched stub is "not implemented yet", not a shortcut
        attr, why = REQUIRED[check_id]
        if not any(isinstance(n, ast.Attribute) and n.attr == attr for n in ast.walk(tree)):
            out.append(f"never calls .{attr}(): {why}")
    give_away = set(LITERALS.get(check_id, ()))
    consts = sorted({n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                     and type(n.value) is int and n.value in give_away})
    if len(consts) >= 2:
        out.append(f"writes the expected answers {consts} into the code: compute them from the layer shapes")
    return out


def closure_source(cells: list[str] | str, name: str) -> str:
    """The top-level ``def``/``class`` of ``name`` in a notebook's code ``cells`` plus, recursively,
    the top-level definitions it uses; the last definition of a name wins, as when the notebook
    runs. "" when ``name`` is not defined at top level. (For the grader, which has only text.)
    """
    defs: dict[str, tuple[ast.AST, str]] = {}
    for cell in [cells] if isinstance(cells, str) else cells:
        cell = textwrap.dedent(cell)
        tree = _parse(cell)
        for node in tree.body if tree is not None else []:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defs[node.name] = (node, ast.get_source_segment(cell, node) or "")
    out, todo, seen = [], [name], set()
    while todo:
        n = todo.pop()
        if n in seen or n not in defs:
            continue
        seen.add(n)
        out.append(defs[n][1])
        todo.extend(x.id for x in ast.walk(defs[n][0]) if isinstance(x, ast.Name) and x.id in defs)
    return "\n\n".join(out)


def object_source(obj) -> tuple[str, dict[str, str]]:
    """In the notebook: the source of ``obj`` and of the notebook's own functions it uses, and
    aliases for the other global names it reads (modules by name, functions by where they live)."""
    import inspect
    import types
    sources, aliases, todo, seen = [], {}, [obj], set()
    while todo:
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        try:
            src = textwrap.dedent(inspect.getsource(o))
        except (OSError, TypeError):
            continue
        tree = _parse(src)
        if getattr(o, "__name__", "") == "<lambda>" and tree is not None:  # only the lambdas of the line
            code = o.__code__
            want = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
            lams = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)
                    and [a.arg for a in n.args.args + n.args.kwonlyargs] == want]
            segs = sorted((ast.get_source_segment(src, n) or "" for n in lams), key=len)
            src = segs[0] if segs else src
            tree = _parse(src)
        sources.append(src)
        glb = getattr(o, "__globals__", None)
        if glb is None and inspect.isclass(o):
            glb = vars(inspect.getmodule(o) or types.SimpleNamespace())
        for n in {x.id for x in ast.walk(tree) if isinstance(x, ast.Name)} if tree else ():
            v = (glb or {}).get(n)
            if v is None or n in aliases:
                continue
            if isinstance(v, types.ModuleType):
                aliases[n] = v.__name__
            elif _is_students(v, obj):
                todo.append(v)
            elif callable(v) and getattr(v, "__module__", None):
                aliases[n] = _public_name(v)
    return "\n\n".join(sources), aliases


def _is_students(v, obj) -> bool:
    import inspect
    mod = getattr(v, "__module__", None)
    return (inspect.isfunction(v) or inspect.isclass(v)) and mod in ("__main__", getattr(obj, "__module__", None))


def _public_name(v) -> str:
    """``jax.nn.softmax`` for the object jax exports as jax.nn.softmax (its __module__ is private)."""
    for rules in BANNED.values():
        for rule in rules:
            if _resolve(rule) is v:
                return rule
    return f"{v.__module__}.{getattr(v, '__qualname__', getattr(v, '__name__', ''))}"


_RESOLVED: dict[str, object] = {}


def _resolve(dotted: str):
    if _RESOLVED.get(dotted) is None:
        import importlib
        import sys
        obj = None
        head, _, attr = dotted.rpartition(".")
        if head and head.split(".")[0] in sys.modules:  # only libraries already imported
            try:
                obj = getattr(importlib.import_module(head), attr, None)
            except Exception:  # noqa: BLE001
                obj = None
        _RESOLVED[dotted] = obj
    return _RESOLVED[dotted]
