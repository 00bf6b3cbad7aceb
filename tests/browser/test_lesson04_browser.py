"""Lesson 04's DecisionBoundaryPlayground in JupyterLab and Notebook 7: Train shows a first point
soon, Stop halts it, the plot redraws while training, and the reloaded lesson is still live."""
import pytest
from lesson_flow import check_lesson, trains

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_lesson04_playground_is_live_in_both_uis(shared_browser, course_server, artifacts_dir):
    check_lesson(shared_browser, course_server, "04_activations", "dl.widgets.DecisionBoundaryPlayground(",
                 ("import dltoolkit as dl",), ("lab", "notebook7"), trains, artifacts_dir)
