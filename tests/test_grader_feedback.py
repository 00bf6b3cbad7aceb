"""Honest feedback in the notebook: check() says how many hidden cases the grader will run."""
from __future__ import annotations

from dltoolkit.grading import hidden_counts, registry, run_check


def test_the_shipped_hidden_counts_match_the_grader_only_cases():
    assert hidden_counts.write(check=True), "run `dltoolkit exercises hidden-counts`"
    registry.load_hidden()
    step = registry.get("01.step")
    assert hidden_counts.counts()["01.step"] == sum(c.hidden for c in step.cases) >= 1


def test_check_says_how_many_hidden_cases_run_at_grading():
    n = hidden_counts.counts()["01.step"]
    res = run_check("01.step", lambda z: (z >= 0) * 1.0)
    assert res.passed
    assert res.summary() == f"all public checks passed ({n} hidden case{'s' if n != 1 else ''} run at grading)"
    assert f"{n} hidden" in run_check("01.step", None, missing="not defined").summary()
