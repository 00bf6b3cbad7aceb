"""Lesson 11's LeNet-5 TrainingDashboard in Notebook 7 and JupyterLab: Train draws live curves
in the background, Stop halts the run, and the reloaded lesson is still live."""
import pytest
from lesson_flow import check_lesson, trains

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_lesson11_dashboard_trains_live_in_both_uis(shared_browser, course_server, artifacts_dir):
    check_lesson(shared_browser, course_server, "11_lenet5", "dl.widgets.TrainingDashboard(",
                 ("import dltoolkit as dl", "dl.data.load_digits()", "model = Sequential()", "model.build((32, 32, 1))",
                  "from dltoolkit.models.zoo import lenet5"),
                 ("notebook7", "lab"), trains, artifacts_dir)
