"""Hidden cases for l06_grad_variance: other sizes, drawn from the run's secret seed."""
from __future__ import annotations

from dltoolkit.grading.checks.l06_grad_variance import check_grad_variance
from dltoolkit.grading.registry import hidden


@hidden("06.grad_variance")
def _gv_hidden(grad_variance):
    """100 examples, 5 features, batch sizes 2 and 32"""
    check_grad_variance(grad_variance, 10, 100, 5, (2, 32))
