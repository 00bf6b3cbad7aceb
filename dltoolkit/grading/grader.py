"""The notebook grader behind ``dltoolkit grade``.

For each submission: execute it top to bottom in a fresh Jupyter kernel (nbclient, a
per-cell timeout, errors allowed, a runaway cell interrupted), then, in that same kernel,
purge ``dltoolkit`` from ``sys.modules`` and import the grading code fresh, and run every
check of the notebook's lessons (public and hidden) on the objects the notebook defined.
Which lessons a notebook holds comes from its metadata and its ``check("NN.name", obj)``
calls, never from its filename. Every submission yields a full report in bounded time,
whatever its cells do: a syntax error, an exception, an infinite loop, a dead kernel.

NOT A SANDBOX: a submission runs with the grader's permissions and can read or write
files, open sockets or tamper with the interpreter. Grade untrusted notebooks inside a
container or VM with no secrets and no network.
"""
from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat

from . import registry
from .report import Report, write_csv  # noqa: F401 - re-exported

CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d)\.([A-Za-z_]\w*)["']\s*(?:,\s*([A-Za-z_]\w*))?""")
_PURGE = ("import sys as _s\n"
          "for _m in [m for m in list(_s.modules) if m == 'dltoolkit' or m.startswith('dltoolkit.')]:\n"
          "    del _s.modules[_m]\n")


def find_checks(nb: nbformat.NotebookNode) -> tuple[list[str], dict[str, list[str]]]:
    """Lessons of a notebook (metadata + check calls) and the object names its calls pass."""
    lessons, aliases = set(), {}
    meta = nb.get("metadata", {}).get("dltoolkit", {})
    if isinstance(meta, dict) and re.fullmatch(r"\d\d", str(meta.get("lesson", ""))):
        lessons.add(str(meta["lesson"]))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            for lesson, name, obj in CHECK_CALL.findall(cell.get("source", "")):
                lessons.add(lesson)
                if obj:
                    aliases.setdefault(f"{lesson}.{name}", []).append(obj)
    lessons = sorted(le for le in lessons if registry.all_checks(le))
    return lessons, aliases


def _spec(lessons, aliases, check_timeout):
    spec = []
    for lesson in lessons:
        for chk in registry.all_checks(lesson):
            names = [chk.target] + [a for a in aliases.get(chk.id, []) if a != chk.target]
            spec.append({"id": chk.id, "names": names, "timeout": check_timeout or chk.timeout})
    return spec


def _failed(spec, message):
    out = []
    for item in spec:
        chk = registry.get(item["id"])
        cases = chk.select(True)
        out.append({"check_id": chk.id, "title": chk.title, "score": 0, "max": len(cases),
                    "target": item["names"][0], "include_hidden": True,
                    "details": [{"name": c.name, "passed": False, "message": message, "hint": "",
                                 "hidden": c.hidden} for c in cases]})
    return out


def _finish(report: Report, results: list[dict]) -> None:
    for r in results:
        r["points"] = round(r["score"] / r["max"], 4) if r["max"] else 0.0
    report.checks = results
    report.max = len(results)
    report.score = round(sum(r["points"] for r in results), 4)


class _Kernel:
    """One kernel session that runs several notebooks in turn (namespace reset in between)."""

    def __init__(self, cell_timeout: float, env: dict):
        from nbclient import NotebookClient
        quiet = logging.getLogger("dltoolkit.grader.nbclient")
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        self.cell_timeout = cell_timeout
        self.client = NotebookClient(
            nbformat.v4.new_notebook(), timeout=cell_timeout, allow_errors=True, interrupt_on_timeout=True,
            error_on_timeout={"ename": "CellTimeoutError", "evalue": f"cell exceeded {cell_timeout:g} s",
                              "traceback": [f"CellTimeoutError: cell exceeded {cell_timeout:g} s"]},
            kernel_name="python3", log=quiet, record_timing=False)
        self._ctx = self.client.setup_kernel(env=env, stderr=subprocess.DEVNULL)
        self._ctx.__enter__()

    def close(self) -> None:
        try:
            self._ctx.__exit__(None, None, None)
        except Exception:  # noqa: BLE001
            pass

    def run(self, source: str, timeout: float | None = None) -> list[str]:
        """Execute ``source``; return error descriptions (raises DeadKernelError if the kernel dies)."""
        cell = nbformat.v4.new_code_cell(source)
        limit = timeout or self.cell_timeout
        self.client.timeout, start = limit, time.monotonic()
        try:
            self.client.execute_cell(cell, 0, store_history=False)
        finally:
            self.client.timeout = self.cell_timeout
        timed_out = time.monotonic() - start >= limit
        errors = []
        for o in cell.outputs:
            if o.get("output_type") == "error":
                # only the grader interrupts a cell, so a KeyboardInterrupt means the time ran out
                # (on a loaded machine the interrupt can land just before our clock says so)
                if o.get("ename") in ("KeyboardInterrupt", "CellTimeoutError"):
                    errors.append(f"CellTimeoutError: the cell ran past {limit:g} s and was interrupted")
                else:
                    errors.append(f"{o.get('ename')}: {str(o.get('evalue'))[:200]}")
        if timed_out and not errors:
            errors.append(f"CellTimeoutError: the cell ran past {limit:g} s and was interrupted")
        return errors


def _grade_one(kernel: _Kernel, path: Path, check_timeout: float | None) -> Report:
    from nbclient.exceptions import DeadKernelError
    report, start = Report(str(path)), time.monotonic()
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # noqa: BLE001
        report.errors.append(f"could not read the notebook: {type(e).__name__}: {e}")
        report.elapsed_s = time.monotonic() - start
        return report
    report.lessons, aliases = find_checks(nb)
    spec = _spec(report.lessons, aliases, check_timeout)
    if not spec:
        report.errors.append("no exercise found: no dltoolkit lesson metadata and no check('NN.name', ...) call")
    kernel.client.nb = nb
    out = Path(tempfile.mkdtemp(prefix="dltoolkit-grade-")) / "results.json"
    try:
        kernel.run(f"get_ipython().run_line_magic('reset', '-f')\n{_PURGE}import os as _o\n"
                   f"_o.chdir({str(path.resolve().parent)!r})\ndel _o, _s")
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                report.errors += [f"cell {k}: {e}" for e in kernel.run(cell.source)]
        budget = sum(item["timeout"] for item in spec) + 60
        grade_src = (f"{_PURGE}import importlib as _il\n"
                     f"_il.import_module('dltoolkit.grading._inkernel').grade_into(globals(), {spec!r}, {str(out)!r})\n"
                     "del _il, _s")
        errs = kernel.run(grade_src, timeout=budget)
        if out.exists():
            _finish(report, json.loads(out.read_text()))
        else:
            report.errors.append("grading did not complete: " + ("; ".join(errs) or "no result"))
            _finish(report, _failed(spec, "grading did not complete in the kernel"))
    except DeadKernelError as e:
        report.errors.append(f"the kernel died: {e}")
        _finish(report, _failed(spec, "the kernel died while running the notebook"))
        raise _KernelDied(report) from e
    finally:
        report.elapsed_s = time.monotonic() - start
    return report


class _KernelDied(Exception):
    def __init__(self, report: Report):
        self.report = report


DEFAULT_CHECK_TIMEOUT = 60.0  # generous: a loaded grading machine must not fail a correct answer


def grade_notebooks(paths, *, cell_timeout: float = 60, check_timeout: float | None = DEFAULT_CHECK_TIMEOUT,
                    notebooks_per_kernel: int = 1) -> list[Report]:
    """Grade each notebook; ``notebooks_per_kernel`` > 1 reuses a kernel (namespace reset)
    for several notebooks to save kernel start-ups (faster, slightly less isolated)."""
    paths = [Path(p) for p in paths]
    env = dict(os.environ, DLTOOLKIT_GRADING="1", PYTHONWARNINGS="ignore")
    reports: list[Report] = []
    pending = list(paths)
    while pending:
        kernel = _Kernel(cell_timeout, env)
        try:
            for _ in range(max(1, notebooks_per_kernel)):
                if not pending:
                    break
                path = pending.pop(0)
                try:
                    reports.append(_grade_one(kernel, path, check_timeout))
                except _KernelDied as died:
                    reports.append(died.report)
                    break
        finally:
            kernel.close()
    return reports


def grade_notebook(path, **kwargs) -> Report:
    """Grade one notebook in a fresh kernel."""
    return grade_notebooks([path], **kwargs)[0]
