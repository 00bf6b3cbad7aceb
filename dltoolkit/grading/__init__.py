"""Auto-graded exercises: ``dl.grading.check(check_id, obj)`` in the notebook, and the grader.

    import dltoolkit as dl
    dl.grading.check("07.adam", adam_update)   # public cases, instant feedback
    dl.grading.hint("07.adam")                 # the next hint level; dl.grading.solution("07.adam")

``dltoolkit grade submissions/ --exercise 07 --jobs 4`` executes each notebook in a sandboxed
kernel (bubblewrap) and runs the public and hidden cases in its own process against the
student's functions (see :mod:`dltoolkit.grading.grader` and ``docs/grading.md``);
``dltoolkit exercises generate`` writes ``exercises/`` from ``solutions/`` (see
:mod:`dltoolkit.grading.generate`).

Hidden cases and solutions live in the grader-only package ``dlgrader`` (not in the wheel);
"by hand" checks reject shortcuts (:mod:`dltoolkit.grading.shortcuts`).
"""
from __future__ import annotations

from .check import run_check
from .result import CaseResult, CheckResult, show
from .check import check as check  # the function shadows the submodule name on purpose
from .hints import hint, hints_used, solution
from .registry import Fail, all_checks, get

__all__ = ["check", "run_check", "show", "CheckResult", "CaseResult", "Fail", "all_checks", "get",
           "hint", "solution", "hints_used"]
