"""One lesson, both front ends: open it from the course workspace in one UI, run the cells its
widget needs, time the widget, save and reload; then reopen it in the other UI (same kernel,
live widgets), time it again, reload again. Medians go to stdout and artifacts/."""
from __future__ import annotations

import re
import statistics
import time

from lesson_widgets import (assert_clean_after_open, assert_live, code_sources, max_epochs,
                            open_notebook, report, run_cells, save_and_reload, shutdown_kernels,
                            slider_redraw, train_and_stop, widget_output)

# generous bounds for a loaded 2-core machine (targets on a quiet one: 1 s, 0.5 s, 0.3 s)
BOUNDS = {"first_point": 10.0, "first_image": 10.0, "stop": 3.0, "redraw_interval": 3.0,
          "slider_redraw": 3.0}


def trains(page, out) -> dict:
    row = train_and_stop(page, out, run_for=1.2)
    assert re.match(r"status:\s*(stopped|interrupted)", row["status"]), row["status"]
    return row


def slides(label: str):
    """Click the slider's track at alternating points (each click is a new value)."""
    where = iter([0.7, 0.3] * 10)
    return lambda page, out: {"slider_redraw": slider_redraw(page, out, label, next(where))}


def check_lesson(browser, url, lesson: str, widget: str, needs: tuple, uis: tuple, measure,
                 artifacts_dir, reps: int = 1, long_runs: bool = True) -> dict:
    """See the module docstring. ``widget``: text of the cell that makes the widget; ``needs``:
    texts of the earlier cells it depends on; ``uis``: ("lab", "notebook7") in the order used."""
    path = f"lessons/{lesson}.ipynb"
    samples: dict = {}
    phases: dict = {}
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page, ui, phase = None, uis[0], "start"

    def step(name):
        nonlocal phase
        phase = name
        phases[f"{ui}:{name}"] = time.perf_counter()

    try:
        for k, ui in enumerate(uis):
            page = context.new_page()
            page.set_default_timeout(60000)
            step("open")
            open_notebook(page, url, ui, path)
            assert_clean_after_open(page)
            src = code_sources(page)
            cell = next(i for i, s in enumerate(src) if s and widget in s)
            if k == 0:
                step("run cells")
                run_cells(page, [i for i, s in enumerate(src[:cell]) if s and any(n in s for n in needs)]
                          + [cell])
            step("widget shown")
            out = widget_output(page, cell)
            assert_live(out)
            if k == 0 and long_runs:
                max_epochs(page, out)
            step("measure")
            rows = samples[ui] = [measure(page, out) for _ in range(reps)]
            step("save and reload")
            save_and_reload(page)                      # the lesson reopened: still live
            step("widget live after reload")
            out = widget_output(page, cell)
            assert_live(out)
            step("measure after reload")
            rows.append(measure(page, out))
            page.screenshot(path=str(artifacts_dir / f"browser_{lesson}_{ui}.png"))
            page.close()
        step("end")
        shutdown_kernels(url)
    except Exception as e:
        if page is not None and not page.is_closed():
            page.screenshot(path=str(artifacts_dir / f"browser_{lesson}_{ui}_failed.png"))
        raise AssertionError(f"lesson {lesson} in {ui}, at '{phase}': {e}") from e
    finally:
        context.close()
    marks = list(phases.items())
    print(f"[browser phases] lesson {lesson}: " + ", ".join(
        f"{a} {t2 - t1:.1f}s" for (a, t1), (_, t2) in zip(marks, marks[1:])))
    line = report(lesson, samples)
    with open(artifacts_dir / "browser_timings.txt", "a") as f:
        f.write(line + "\n")
    for ui, rows in samples.items():
        for key, bound in BOUNDS.items():
            vals = [r[key] for r in rows if r.get(key) is not None]
            if vals:
                assert statistics.median(vals) < bound, (lesson, ui, key, vals)
    return samples
