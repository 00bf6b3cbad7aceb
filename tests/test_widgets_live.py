"""A dashboard training in the background, driven through its buttons as a student would:
running points several times an epoch, Pause (nothing runs) / a knob moved while paused /
Resume, Stop ("stopped at epoch k"), the training log in the dashboard, and plots shown at
their own pixel size."""
import time

import numpy as np

import dltoolkit as dl
from dltoolkit.widgets import TrainingDashboard
from dltoolkit.widgets.static import png_size


def wait_for(cond, timeout=60.0):
    end = time.time() + timeout
    while not cond():
        assert time.time() < end, "timed out"
        time.sleep(0.01)


def test_background_run_pause_knob_resume_stop():
    dash = TrainingDashboard(None, "moons", epochs=200, learning_rate=0.05, batch_size=8)
    dash.train_button.click()                       # returns at once: the run is in a thread
    assert dash.runner.running
    assert dash.status_text.startswith("compiling the training step for batch size 8")
    wait_for(lambda: len(dash.runner.steps) >= 10)
    xs = [x for x, _ in dash.runner.steps]
    assert xs == sorted(xs) and any(x % 1 for x in xs)          # points inside epochs, in order
    assert len(xs) > 2 * len(dash.runner.logs)                  # more than one point per epoch
    assert dash.status_text.startswith("epoch ")

    dash.pause_button.click()
    assert dash.pause_button.description == "Resume" and dash.status_text.startswith("paused in epoch")
    time.sleep(0.3)                       # the execution in flight at the click completes
    step = dash.model.trainer.current_step()
    n = len(dash.runner.steps)
    time.sleep(0.5)
    assert dash.model.trainer.current_step() == step and len(dash.runner.steps) == n

    dash.lr.value = 0.01                                        # a knob moved while paused
    assert dash.model.learning_rate == np.float32(dash.lr.value)
    dash.pause_button.click()                                   # Resume
    wait_for(lambda: dash.model.trainer.current_step() > step + 5)
    assert dash.final.value.startswith("last epoch:")          # readouts follow the run

    start = time.perf_counter()
    dash.stop_button.click()
    dash.wait(30)
    assert not dash.runner.running and time.perf_counter() - start < 10
    assert dash.status_text.startswith("stopped at epoch ")
    assert dash.final.value.startswith("final:")
    kinds = [e["event"] for e in dash.model.trainer.events]
    assert kinds[-6:] == ["fit", "pause", "set_hyperparams", "resume", "stop", "end"]
    assert "set_hyperparams learning_rate=0.01" in dash.events_box.value
    assert dash.image.layout.width == f"{png_size(dash.image.value)[0]}px"


def test_headless_train_runs_to_the_end_with_the_same_fit():
    dash = TrainingDashboard(None, "moons", epochs=4)
    dash.train(blocking=True)                                   # what a lesson does under nbval
    assert len(dash.curves["loss"]) == 4 and dash.status_text.startswith("done: 4 epochs")
    h = dash.runner.history
    assert h.stop_reason is None and h.events[-1]["event"] == "end"
    assert len(dash.runner.steps) >= 4 * 4                      # about 8 executions an epoch


def test_slider_plot_image_is_shown_at_its_own_size():
    import ipywidgets as widgets

    def draw(fig, a):
        fig.subplots().plot([0, 1], [0, a])

    sp = dl.widgets.SliderPlot(draw, a=widgets.FloatSlider(1.0, min=0, max=2), width=4.5, height=3)
    w, h = png_size(sp.png)
    assert (w, h) == (round(4.5 * 72), round(3 * 72))
    assert sp.image.layout.width == f"{w}px" and sp.image.layout.height == f"{h}px"


def test_learning_rate_slider_reaches_lesson_values():
    s = dl.widgets.learning_rate_slider(0.01, min_exp=-4, max_exp=0)
    grid = 10.0 ** (s.min + s.step * np.arange(round((s.max - s.min) / s.step) + 1))
    for asked in (0.002, 0.003, 0.005, 0.02, 0.05, 0.1, 0.3):
        assert np.min(np.abs(grid / asked - 1)) < 0.015, asked
