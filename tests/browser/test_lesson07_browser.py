"""Lesson 07's OptimizerPlayground in Notebook 7 and JupyterLab: the learning-rate slider
redraws the optimizers' paths, also in the lesson reloaded and reopened in the other UI."""
import pytest
from lesson_flow import check_lesson, slides

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_lesson07_playground_redraws_in_both_uis(shared_browser, course_server, artifacts_dir):
    check_lesson(shared_browser, course_server, "07_optimizers", "dl.widgets.OptimizerPlayground(",
                 ("import dltoolkit as dl",), ("notebook7", "lab"), slides("learning rate"),
                 artifacts_dir, long_runs=False)
