"""Run one check's cases in the grader's process against a proxy of the student's function.

Every comparison and score is computed here, by the registry's own case code; the student's
kernel only answers the proxy's calls. Hidden cases draw their inputs from a per-run secret
seed (``checks._util.SECRET``), so a kernel cannot know them in advance. A call that runs past
the check's time is killed with the kernel; the caller restarts the kernel for the next check.
"""
from __future__ import annotations

import contextlib

import numpy as np

from . import registry
from .registry import Fail
from .remote import CallTimeout, KernelGone, StudentError


@contextlib.contextmanager
def _secret(seed: int | None):
    try:
        from .checks import _util
        var = getattr(_util, "SECRET", None)
    except Exception:  # noqa: BLE001
        var = None
    token = var.set(seed) if var is not None and seed is not None else None
    try:
        yield
    finally:
        if token is not None:
            var.reset(token)


def _case(case, obj, seed, budget: float) -> dict:
    out = {"name": case.name, "passed": False, "message": "", "hint": "", "hidden": case.hidden}
    try:  # no redirect_stdout/catch_warnings here: they are process-wide, and grading runs in threads
        with _secret(seed if case.hidden else None), np.errstate(all="ignore"):
            case.fn(obj)
        out["passed"] = True
    except Fail as f:
        out["message"], out["hint"] = f.message, f.hint
    except NotImplementedError as e:
        out["message"], out["hint"] = "not implemented yet", str(e)
    except CallTimeout:
        out["message"] = f"timed out after {budget:.3g} s (the check's limit); the call was stopped"
        out["hint"] = "look for an infinite loop, or a retry loop that catches every exception"
    except KernelGone as e:
        out["message"] = f"your code stopped the kernel: {e}"
    except StudentError as e:
        out["message"] = f"your code raised {e.kind}: {e.message[:300]}"
        out["hint"] = "run the function on a small input in a cell above to see the traceback"
    except RecursionError:
        out["message"] = "your code recursed without end (RecursionError)"
    except Exception as e:  # noqa: BLE001 - e.g. a result the case could not use
        out["message"] = f"your result could not be checked: {type(e).__name__}: {str(e)[:300]}"
    return out


def run_cases(chk: registry.Check, obj, *, kernel_alive, seed: int | None, budget: float,
              missing: str | None = None, shortcut: str | None = None) -> dict:
    """Run the public and hidden cases of ``chk`` on ``obj``; a dict in the report's format."""
    cases = chk.select(True)
    res = {"check_id": chk.id, "title": chk.title, "score": 0, "max": len(cases), "include_hidden": True,
           "target": chk.target, "details": []}
    stop = None
    for case in cases:
        if missing or shortcut or stop:
            msg = missing or (f"not done by hand: {shortcut}" if shortcut else stop)
            hint = (f"define `{chk.target}` and run its cell" if missing else
                    "write the computation yourself with plain numpy/jax.numpy operations" if shortcut else "")
            res["details"].append({"name": case.name, "passed": False, "message": msg, "hint": hint,
                                   "hidden": case.hidden})
            continue
        d = _case(case, obj, seed, budget)
        res["details"].append(d)
        if not kernel_alive():
            stop = f"not run: an earlier case of this check stopped the kernel ({d['message'][:80]})"
        if "timed out" in d["message"]:
            stop = f"not run: the check's time ({budget:.3g} s) ran out in an earlier case"
    used = getattr(obj, "shortcuts", None)
    if used:  # the kernel's guard saw a forbidden function run: the part is not done by hand
        for d in res["details"]:
            d.update(passed=False, message=f"not done by hand: {used[0]}",
                     hint="write the computation yourself with plain numpy/jax.numpy operations")
    res["score"] = sum(d["passed"] for d in res["details"])
    return res


def all_failed(chk: registry.Check, message: str, target: str | None = None) -> dict:
    """Every case of ``chk`` failed with ``message`` (no kernel, wrong exercise, ...)."""
    cases = chk.select(True)
    return {"check_id": chk.id, "title": chk.title, "score": 0, "max": len(cases), "include_hidden": True,
            "target": target or chk.target,
            "details": [{"name": c.name, "passed": False, "message": message, "hint": "", "hidden": c.hidden}
                        for c in cases]}
