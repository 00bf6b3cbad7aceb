"""``dl.grading.check(check_id, obj)``: run one exercise check and show the verdict.

The runner never raises and never writes to stderr: every failure of the student's code
(an exception, a stub's NotImplementedError, an infinite loop) becomes a failed case with a
message and a hint. Each check is bounded by a timeout that holds whatever the code does with
exceptions (:mod:`dltoolkit.grading.stoppable`), so a runaway loop cannot hang the notebook.
"""
from __future__ import annotations

import contextlib
import io
import os
import time
import warnings

from . import registry
from .registry import Fail
from .result import CaseResult, CheckResult, show


from .stoppable import TimedOut as _Timeout  # noqa: E402 - the limit holds even against `except: pass`
from .stoppable import call_with_limit as _call  # noqa: E402


@contextlib.contextmanager
def _quiet():
    """Swallow prints, warnings and numpy floating-point chatter from the student's code."""
    import numpy as np
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
            warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def _run_case(case: registry.Case, obj, seconds: float, timeout: float) -> CaseResult:
    res = CaseResult(case.name, False, hidden=case.hidden)
    try:
        try:
            with _quiet():
                _call(case.fn, obj, seconds)
            res.passed = True
        except Fail as f:
            res.message, res.hint = f.message, f.hint
        except NotImplementedError as e:
            res.message = "not implemented yet"
            res.hint = str(e) or "replace the `raise NotImplementedError` line with your code"
        except _Timeout:
            res.message = f"timed out after {timeout:g} s"
            res.hint = "look for an infinite loop or a loop over far more elements than needed"
        except RecursionError:
            res.message = "your code recursed without end (RecursionError)"
        except BaseException as e:  # noqa: BLE001 - a student's error is a failed case
            res.message = f"your code raised {type(e).__name__}: {str(e)[:300]}"
            res.hint = "run the function on a small input in a cell above to see the traceback"
    except BaseException as e:  # noqa: BLE001 - e.g. a late alarm: never escape
        res.passed = False
        res.message = res.message or f"check interrupted ({type(e).__name__})"
    return res


def _shortcuts(check_id: str, obj, source: str | None, aliases: dict | None) -> list[str]:
    """Shortcut messages for the student's object (its source found here unless given)."""
    from . import shortcuts
    try:
        if source is None:
            if obj is None:
                return []
            source, found = shortcuts.object_source(obj)
            aliases = {**found, **(aliases or {})}
        return shortcuts.violations(check_id, source, aliases)
    except Exception:  # noqa: BLE001 - detection must never break a check
        return []


def run_check(check_id: str, obj, *, include_hidden: bool = False, timeout: float | None = None,
              missing: str | None = None, source: str | None = None,
              aliases: dict | None = None) -> CheckResult:
    """Run one check without displaying anything. ``missing`` marks an undefined object.

    ``include_hidden`` needs the grader-only package ``dlgrader`` (else one failed case says so).
    ``source``/``aliases``: the student's code for the shortcut check, where ``obj`` is only a
    proxy (the grader); by default it is read from ``obj`` itself.
    """
    from .hints import hints_used
    try:
        chk = registry.get(check_id)
        if include_hidden:
            registry.load_hidden()
    except Exception as e:  # noqa: BLE001
        return CheckResult(check_id, "unknown check" if isinstance(e, KeyError) else "hidden cases unavailable",
                           0, 0, [CaseResult("look up the check", False, str(e).strip("'\""))],
                           include_hidden=include_hidden)
    cases = chk.select(include_hidden)
    budget = chk.timeout if timeout is None else timeout
    out = CheckResult(chk.id, chk.title, 0, len(cases), include_hidden=include_hidden,
                      hints=hints_used().get(chk.id, {}))
    out.shortcuts = [] if missing is not None else _shortcuts(chk.id, obj, source, aliases)
    if not include_hidden:  # honest feedback: how many more cases the grader runs
        from .hidden_counts import counts
        out.hidden_count = counts().get(chk.id)
    start = time.monotonic()
    with _runtime_guard(chk.id, obj, missing is not None or bool(out.shortcuts)) as g:
        for case in cases:
            _one_case(out, chk, case, obj, missing, budget, start)
    if g.used:  # a forbidden function ran: the whole part is not done by hand, whatever else passed
        from .runtime_guard import why_not
        out.shortcuts = [why_not(g.used[0])]
        for d in out.details:
            d.passed, d.message, d.hint = False, "not done by hand: " + why_not(g.used[0]), _BY_HAND
    out.score = sum(d.passed for d in out.details)
    return out


@contextlib.contextmanager
def _runtime_guard(check_id: str, obj, skip: bool):
    """The forbidden functions of ``check_id`` raise while the student's code runs (see
    :mod:`.runtime_guard`); a no-op for the grader's proxies (their kernel guards itself)."""
    from . import runtime_guard
    names = () if skip or obj is None or hasattr(obj, "kernel") else runtime_guard.runtime_names(check_id)
    with runtime_guard.guard(names, runtime_guard.student_namespaces(obj), [obj]) as g:
        yield g


def _one_case(out, chk, case, obj, missing, budget, start) -> None:
    if missing is not None:
        out.details.append(CaseResult(case.name, False, missing,
                                      f"define `{chk.target}` and run its cell", case.hidden))
        return
    if out.shortcuts:
        hint = ("this part checks the engine you built, through its backward()"
                if out.shortcuts[0].startswith("never calls") else _BY_HAND)
        out.details.append(CaseResult(case.name, False, "not done by hand: " + out.shortcuts[0],
                                      hint, case.hidden))
        return
    out.details.append(_run_case(case, obj, budget - (time.monotonic() - start), budget))


_BY_HAND = ("this exercise asks you to write the computation yourself (plain jax.numpy/numpy "
            "operations); the library function is what you are rebuilding")


def check(check_id: str, obj=None, *, display: bool = True) -> CheckResult:
    """Check the student's ``obj`` against the public cases of ``check_id`` and show the verdict.

    Never raises. Returns a :class:`CheckResult` (``score``, ``max``, ``details``).
    """
    if os.environ.get("DLTOOLKIT_GRADING"):
        result = CheckResult(check_id, "run by the grader after the notebook finishes", 0, 0)
        if display:
            show(result)
        return result
    try:
        result = run_check(check_id, obj)
    except BaseException as e:  # noqa: BLE001
        result = CheckResult(check_id, "internal error", 0, 0,
                             [CaseResult("run the check", False, f"{type(e).__name__}: {e}")])
    if display:
        show(result)
    return result
