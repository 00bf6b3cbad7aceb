"""``dl.grading.check(check_id, obj)``: run one exercise check and show the verdict.

The runner never raises and never writes to stderr: every failure of the student's code
(an exception, a stub's NotImplementedError, an infinite loop) becomes a failed case with a
message and a hint. Each check is bounded by a timeout (``signal.setitimer`` in the main
thread, a watchdog thread elsewhere), so a runaway loop cannot hang the notebook.
"""
from __future__ import annotations

import contextlib
import html
import io
import os
import signal
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field

from . import registry
from .registry import Fail


@dataclass
class CaseResult:
    name: str
    passed: bool
    message: str = ""
    hint: str = ""
    hidden: bool = False


@dataclass
class CheckResult:
    """Outcome of one check: ``score`` cases passed out of ``max``, with per-case ``details``."""
    check_id: str
    title: str
    score: int
    max: int
    details: list[CaseResult] = field(default_factory=list)
    include_hidden: bool = False

    @property
    def passed(self) -> bool:
        return self.max > 0 and self.score == self.max

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        lines = [f"{self.check_id} - {self.title}"]
        for d in self.details:
            tag = " (hidden)" if d.hidden else ""
            lines.append(f"  {'PASS' if d.passed else 'FAIL'}  {d.name}{tag}")
            if not d.passed:
                lines.append(f"        {d.message}")
                if d.hint:
                    lines.append(f"        hint: {d.hint}")
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        if self.max == 0 and not self.details:
            return "nothing checked"
        kind = "" if self.include_hidden else "public "
        if self.passed:
            extra = "" if self.include_hidden else " (hidden checks exist: the grader runs more cases)"
            return f"all {kind}checks passed{extra}"
        return f"{self.score}/{self.max} {kind}checks passed"

    def html(self) -> str:
        rows = []
        for d in self.details:
            color, mark = ("#1a7f37", "&#10004;") if d.passed else ("#cf222e", "&#10008;")
            body = f"<b style='color:{color}'>{mark}</b> {html.escape(d.name)}"
            if not d.passed:
                body += f"<br><span style='margin-left:1.5em'>{html.escape(d.message)}</span>"
                if d.hint:
                    body += f"<br><span style='margin-left:1.5em;color:#57606a'>hint: {html.escape(d.hint)}</span>"
            rows.append(f"<li style='list-style:none'>{body}</li>")
        color = "#1a7f37" if self.passed else "#cf222e"
        return (f"<div class='dltoolkit-check'><b>{html.escape(self.check_id)}</b> "
                f"&mdash; {html.escape(self.title)}<ul style='margin:0.3em 0'>{''.join(rows)}</ul>"
                f"<b style='color:{color}'>{html.escape(self.summary())}</b></div>")

    def __repr__(self) -> str:
        return f"<CheckResult {self.check_id}: {self.score}/{self.max}>"

    def _ipython_display_(self) -> None:
        """As a cell's last expression: shown once (``check`` already displayed it in this cell)."""
        if getattr(self, "_shown_in", None) != _execution_count():
            show(self)


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that ``except Exception`` cannot swallow it."""


def _call(fn, arg, seconds: float) -> None:
    """Call ``fn(arg)`` with a wall-clock limit; raise _Timeout when it is exceeded."""
    if seconds <= 0:
        raise _Timeout()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            raise _Timeout()
        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            fn(arg)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    box: list[BaseException] = []

    def target():
        try:
            fn(arg)
        except BaseException as e:  # noqa: BLE001 - reported by the caller
            box.append(e)
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _Timeout()
    if box:
        raise box[0]


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
            res.message = f"timed out (the check's limit is {timeout:g} s)"
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


def run_check(check_id: str, obj, *, include_hidden: bool = False,
              timeout: float | None = None, missing: str | None = None) -> CheckResult:
    """Run one check without displaying anything. ``missing`` marks an undefined object."""
    try:
        chk = registry.get(check_id)
    except Exception as e:  # noqa: BLE001
        return CheckResult(check_id, "unknown check", 0, 0,
                           [CaseResult("look up the check", False, str(e).strip("'\""))])
    cases = chk.select(include_hidden)
    budget = chk.timeout if timeout is None else timeout
    out = CheckResult(chk.id, chk.title, 0, len(cases), include_hidden=include_hidden)
    start = time.monotonic()
    for case in cases:
        if missing is not None:
            out.details.append(CaseResult(case.name, False, missing,
                                          f"define `{chk.target}` and run its cell", case.hidden))
            continue
        left = budget - (time.monotonic() - start)
        out.details.append(_run_case(case, obj, left, budget))
    out.score = sum(d.passed for d in out.details)
    return out


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
        ip = get_ipython()
        return ip is not None and hasattr(ip, "kernel")
    except Exception:  # noqa: BLE001
        return False


def _execution_count():
    try:
        from IPython import get_ipython
        return get_ipython().execution_count
    except Exception:  # noqa: BLE001
        return None


def show(result: CheckResult) -> None:
    """Display a result: HTML in a Jupyter kernel, plain text elsewhere."""
    try:
        if _in_kernel():
            from IPython.display import HTML, display
            display(HTML(result.html()))
            result._shown_in = _execution_count()
        else:
            print(result.text())
    except Exception:  # noqa: BLE001
        pass


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
