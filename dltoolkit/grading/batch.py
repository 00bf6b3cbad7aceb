"""Grade a folder of submissions in parallel, losing nothing.

Every input file yields exactly one row, whatever it holds: a report (see
:mod:`.grader`), or a row with the reason (not a notebook, empty, wrong exercise, timed out,
crashed). ``jobs`` notebooks are graded at a time, each in its own sandboxed kernel with its
own deadline, so a hanging submission delays no other beyond that deadline. After each row
``on_row(report, done_rows)`` runs (the CLI rewrites the gradebook files there), so an
interrupted batch keeps every finished row. A tqdm bar shows progress and the ETA.
"""
from __future__ import annotations

import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .grader import GradeReport, Options, grade_notebook
from .sandbox import Sandbox, make_sandbox

SKIP_SUFFIXES = (".csv", ".json", ".jsonl", ".zip")


def inputs(folder: Path, exclude=()) -> list[Path]:
    """Every regular, non-hidden file of ``folder`` (not only ``*.ipynb``: each gets a row)."""
    ex = {Path(e).resolve() for e in exclude}
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.resolve() not in ex and not p.name.endswith(SKIP_SUFFIXES))


def _safe(path: Path, sandbox: Sandbox, opts: Options) -> GradeReport:
    try:
        return grade_notebook(path, sandbox=sandbox, options=opts)
    except BaseException as e:  # noqa: BLE001 - a grader bug must cost one row, never the batch
        r = GradeReport(str(path), isolation=sandbox.isolation, exercise=opts.expected)
        r.status, r.reason = "crashed", f"crashed: the grader failed on this file: {type(e).__name__}: {e}"
        r.errors = [r.reason, traceback.format_exc(limit=3)[-600:]]
        return r


def grade_batch(paths, *, jobs: int = 1, options: Options | None = None, sandbox: Sandbox | None = None,
                on_row=None, progress: bool = True) -> list[GradeReport]:
    """Grade ``paths`` with ``jobs`` workers; rows come back in the order of ``paths``."""
    paths = [Path(p) for p in paths]
    opts = options or Options()
    sandbox = sandbox or make_sandbox()
    done: dict[int, GradeReport] = {}
    lock = threading.Lock()
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(paths), unit="nb", desc="grading", dynamic_ncols=True)
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade") as pool:
        futures = {pool.submit(_safe, p, sandbox, opts): i for i, p in enumerate(paths)}
        for fut in as_completed(futures):
            i = futures[fut]
            with lock:
                done[i] = fut.result()
                if on_row is not None:
                    on_row(done[i], [done[k] for k in sorted(done)])
            if bar is not None:
                bar.set_postfix_str(f"{60 * len(done) / max(time.monotonic() - t0, 1e-9):.1f}/min")
                bar.update(1)
    if bar is not None:
        bar.close()
    return [done[i] for i in range(len(paths))]
