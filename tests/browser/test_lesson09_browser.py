"""Lesson 09's TrainingDashboard in JupyterLab and Notebook 7: Train draws live curves in the
background, Stop halts the run, and the reloaded lesson is still live."""
import pytest
from lesson_flow import check_lesson, trains

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_lesson09_dashboard_trains_live_in_both_uis(shared_browser, course_server, artifacts_dir):
    check_lesson(shared_browser, course_server, "09_regularization", "dl.widgets.TrainingDashboard(",
                 ("import dltoolkit as dl", "dl.data.load_digits()", "dl.data.Standardizer().fit(x_train)"),
                 ("lab", "notebook7"), trains, artifacts_dir)
