"""Auto-graded exercises: ``dl.grading.check(check_id, obj)`` in the notebook, and the grader.

    import dltoolkit as dl
    dl.grading.check("07.adam", adam_update)   # public cases, instant feedback

``dltoolkit grade submissions/ --exercise 07 --jobs 4`` executes each notebook in a sandboxed
kernel (bubblewrap) and runs the public and hidden cases in its own process against the
student's functions (see :mod:`dltoolkit.grading.grader` and ``docs/grading.md``);
``dltoolkit exercises generate`` writes ``exercises/`` from ``solutions/`` (see
:mod:`dltoolkit.grading.generate`).
"""
from __future__ import annotations

from .check import run_check
from .result import CaseResult, CheckResult, show
from .check import check as check  # the function shadows the submodule name on purpose
from .registry import Fail, all_checks, get

__all__ = ["check", "run_check", "show", "CheckResult", "CaseResult", "Fail", "all_checks", "get"]
