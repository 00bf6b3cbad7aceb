"""The notebook grader behind ``dltoolkit grade``: one submission in, one report row out.

For a submission: read it (not a notebook, no cells, wrong exercise each give a row with the
reason), start the student's kernel in the sandbox (:mod:`.sandbox`), execute the code cells
in order (a cell past its limit is stopped; the kernel is restarted without it), then run
every check of the exercise, public and hidden, in THIS process against proxies of the
student's functions (:mod:`.remote`, :mod:`.casework`). The kernel never sees a case, a
reference or a score; a call past the check's limit kills the kernel, which is restarted
(re-executing the notebook) so that the other functions still earn their points. The whole
notebook is bounded by ``deadline`` seconds.
"""
from __future__ import annotations

import json
import secrets
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import registry
from .casework import all_failed, run_cases
from .proxy import RemoteFunction
from .runtime_guard import runtime_names
from .remote import CallTimeout, KernelGone, RemoteKernel, StudentError, now_deadline
from .report import Report, write_csv  # noqa: F401 - re-exported
from .sandbox import Sandbox, make_sandbox
from .submission import check_cell_notes, find_checks, function_source

DEFAULT_CHECK_TIMEOUT = 30.0   # per check, all its cases; generous for a loaded machine
DEFAULT_CELL_TIMEOUT = 60.0
DEFAULT_DEADLINE = 600.0       # per notebook, everything included


class GradeReport(Report):
    """A report row: ``status`` is "graded" or why not (with ``reason``); ``isolation`` always set."""

    def __init__(self, notebook: str, **kw):
        super().__init__(notebook)
        self.status, self.reason, self.isolation, self.exercise = "graded", "", "", None
        self.hints: dict = {}
        self.__dict__.update(kw)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "status": self.status, "reason": self.reason, "isolation": self.isolation,
                "exercise": self.exercise, "hints": self.hints}

    def table(self) -> str:
        head = f"  [{self.status}{': ' + self.reason if self.reason else ''}]"
        return "\n".join([super().table(), head, f"  isolation: {self.isolation}"])


@dataclass
class Options:
    expected: str | None = None              # "07": the exercise this batch is for
    check_timeout: float | None = DEFAULT_CHECK_TIMEOUT
    cell_timeout: float = DEFAULT_CELL_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    seed: int | None = None                   # the hidden cases' secret (random per run if None)


def _quiet_jax_callbacks() -> None:
    """A failing remote call inside ``jax.grad`` is a failed case, not a traceback on stderr."""
    import logging
    logging.getLogger("jax._src.callback").setLevel(logging.CRITICAL)


def _load_hidden() -> None:
    load = getattr(registry, "load_hidden", None)
    if load is not None:
        try:
            load()
        except Exception:  # noqa: BLE001 - without dlgrader only the public cases count; said in the report
            pass


def _finish(report: GradeReport, results: list[dict]) -> GradeReport:
    for r in results:
        r["points"] = round(r["score"] / r["max"], 4) if r["max"] else 0.0
    report.checks, report.max = results, len(results)
    report.score = round(sum(r["points"] for r in results), 4)
    return report


def _zero(report: GradeReport, status: str, reason: str, lessons) -> GradeReport:
    report.status, report.reason = status, reason
    report.errors.append(reason)
    return _finish(report, [all_failed(c, reason) for le in lessons for c in registry.all_checks(le)])


class _Session:
    """The kernel of one submission, restarted (notebook re-executed) after a kill."""

    def __init__(self, sandbox: Sandbox, raw: bytes, cells: list[str], opts: Options, clock, report):
        self.sandbox, self.raw, self.cells, self.opts = sandbox, raw, cells, opts
        self.clock, self.report = clock, report
        self.skip: set[int] = set()
        self.kernel: RemoteKernel | None = None
        self.starts = 0

    def start(self) -> bool:
        """(Re)start the kernel and execute the cells; False when out of time or it cannot start."""
        first = self.starts == 0
        self.starts += 1
        failed_starts = 0
        while self.clock() > 0 and failed_starts < 2:
            k = -1  # -1: the kernel itself did not start
            self.close()
            try:
                self.kernel = RemoteKernel(self.sandbox, self.raw, start_timeout=min(120.0, self.clock()))
                for k, src in enumerate(self.cells):
                    if k in self.skip or not src.strip():
                        continue
                    limit = min(self.opts.cell_timeout, self.clock())
                    err = self.kernel.request({"op": "cell", "source": src, "timeout": limit}, limit + 5).get("error")
                    if err:
                        self.report.errors.append(f"cell {k}: {err}" + ("" if first else " (after a restart)"))
                return True
            except (CallTimeout, KernelGone) as e:
                if k < 0:
                    failed_starts += 1
                    self.report.errors.append(f"the kernel did not start: {e}")
                    continue
                self.skip.add(k)
                first = False
                why = (f"timed out after {self.opts.cell_timeout:g} s and ignored the interrupt"
                       if isinstance(e, CallTimeout) else str(e))
                self.report.errors.append(f"cell {k}: {why}; the kernel was restarted without it")
        return False

    def alive(self) -> bool:
        return self.kernel is not None and self.kernel.alive

    def close(self):
        if self.kernel is not None:
            self.kernel.close()
            self.kernel = None


def grade_notebook(path, *, sandbox: Sandbox | None = None, options: Options | None = None, **kw) -> GradeReport:
    """Grade one submission; never raises for anything the submission does."""
    opts = options or Options(**kw)
    sandbox = sandbox or make_sandbox()
    path = Path(path)
    start = time.monotonic()
    clock = now_deadline(opts.deadline)
    report = GradeReport(str(path), isolation=sandbox.isolation, exercise=opts.expected)
    try:
        return _grade(path, sandbox, opts, clock, report)
    finally:
        report.elapsed_s = time.monotonic() - start


def _grade(path, sandbox, opts, clock, report) -> GradeReport:
    expected = [opts.expected] if opts.expected else []
    try:
        raw = path.read_bytes()
        with warnings.catch_warnings():  # e.g. duplicate cell ids: nbformat renames them
            warnings.simplefilter("ignore")
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as e:  # noqa: BLE001
        return _zero(report, "not a notebook", f"not a notebook: {type(e).__name__}: {str(e)[:160]}", expected)
    report.lessons, aliases = find_checks(nb)
    if not nb.get("cells"):
        return _zero(report, "empty", "empty: the notebook has no cells", expected or report.lessons)
    if opts.expected and opts.expected not in report.lessons:
        found = ", ".join(report.lessons) or "none"
        return _zero(report, "wrong exercise", f"wrong exercise: expected {opts.expected}, this notebook is {found}",
                     expected)
    lessons = expected or report.lessons
    report.lessons = lessons
    if not lessons:
        return _zero(report, "no exercise", "no exercise found: no dltoolkit lesson metadata and no "
                     "check('NN.name', ...) call", [])
    _load_hidden()
    _quiet_jax_callbacks()
    checks = [c for le in lessons for c in registry.all_checks(le)]
    report.errors += check_cell_notes(nb, lessons)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    seed = opts.seed if opts.seed is not None else secrets.randbits(63)
    sess = _Session(sandbox, json.dumps(nb).encode(), cells, opts, clock, report)
    results = []
    try:
        for chk in checks:
            if not sess.alive() and not sess.start():
                results.append(all_failed(chk, "not graded: the notebook's time ran out "
                                               f"({opts.deadline:g} s for the whole notebook)"))
                continue
            names = [chk.target] + [a for a in aliases.get(chk.id, []) if a != chk.target]
            try:
                kinds = sess.kernel.call("names", min(10.0, clock()) + 1, names=names)
            except (CallTimeout, KernelGone, StudentError) as e:
                results.append(all_failed(chk, f"the kernel did not answer: {e}"))
                continue
            found = next((n for n in names if kinds.get(n) != "missing"), None)
            budget = min(opts.check_timeout or chk.timeout, clock())
            proxy = None if found is None else RemoteFunction(sess.kernel, found, now_deadline(budget),
                                                              guard=runtime_names(chk.id), epoch=chk.id)
            if found is not None and kinds[found] == "value":
                proxy = sess.kernel.call("get", 10, name=found)
            missing = None if found else (f"`{names[0]}` is not defined in the notebook "
                                          "(did its cell run without errors?)")
            shortcut = _shortcut(chk.id, cells, found) if found else None
            res = run_cases(chk, proxy, kernel_alive=sess.alive, seed=seed, budget=budget,
                            missing=missing, shortcut=shortcut)
            res["target"] = found or names[0]
            results.append(res)
        if sess.alive():
            try:
                report.hints = sess.kernel.call("hints", 10) or {}
            except Exception:  # noqa: BLE001 - older kernels: no counts
                pass
        for res in results:  # the kernel's own count: shown to the instructor, never scored
            res["hints"] = report.hints.get(res["check_id"], {}) if isinstance(report.hints, dict) else {}
    finally:
        sess.close()
    if clock() <= 0:
        report.status, report.reason = "timed out", f"timed out: the notebook's deadline of {opts.deadline:g} s passed"
        report.errors.append(report.reason)
    return _finish(report, results)


def _shortcut(check_id: str, cells: list[str], name: str) -> str | None:
    """The first "by hand" violation of the student's function, read from the notebook's text."""
    try:
        from . import shortcuts
    except ImportError:
        return None
    try:
        found = shortcuts.violations(check_id, function_source(cells, name, shortcuts))
    except Exception:  # noqa: BLE001 - detection never breaks grading
        return None
    return found[0] if found else None


def grade_notebooks(paths, **kw) -> list[GradeReport]:
    """Grade several notebooks one after another (see :func:`.batch.grade_batch` for parallel)."""
    sandbox = kw.pop("sandbox", None) or make_sandbox()
    opts = Options(**kw)
    return [grade_notebook(p, sandbox=sandbox, options=opts) for p in paths]

