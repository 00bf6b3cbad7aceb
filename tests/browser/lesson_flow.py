"""One lesson, both front ends: open it from the course workspace in one UI, run the cells its
widget needs, time the widget, save and reload; then reopen it in the other UI (same kernel,
live widgets), time it again, reload again. Medians go to stdout and artifacts/."""
from __future__ import annotations

import re
import statistics

from lesson_widgets import (assert_clean_after_open, assert_live, code_sources, max_epochs,
                            open_notebook, report, run_cells, save_and_reload, shutdown_kernels,
                            slider_redraw, train_and_stop, widget_output)

# generous bounds for a loaded 2-core machine (targets on a quiet one: 1 s, 0.5 s, 0.3 s)
BOUNDS = {"first_point": 10.0, "first_image": 10.0, "stop": 3.0, "redraw_interval": 3.0,
          "slider_redraw": 3.0}


def trains(page, out) -> dict:
    row = train_and_stop(page, out)
    assert re.match(r"status:\s*(stopped|interrupted)", row["status"]), row["status"]
    return row


def slides(label: str):
    """Click the slider's track at alternating points (each click is a new value)."""
    where = iter([0.7, 0.3] * 10)
    return lambda page, out: {"slider_redraw": slider_redraw(page, out, label, next(where))}


def check_lesson(browser, url, lesson: str, widget: str, needs: tuple, uis: tuple, measure,
                 artifacts_dir, reps: int = 2, long_runs: bool = True) -> dict:
    """See the module docstring. ``widget``: text of the cell that makes the widget; ``needs``:
    texts of the earlier cells it depends on; ``uis``: ("lab", "notebook7") in the order used."""
    path = f"lessons/{lesson}.ipynb"
    samples: dict = {}
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    try:
        for k, ui in enumerate(uis):
            page = context.new_page()
            page.set_default_timeout(60000)
            open_notebook(page, url, ui, path)
            assert_clean_after_open(page)
            src = code_sources(page)
            cell = next(i for i, s in enumerate(src) if s and widget in s)
            if k == 0:
                run_cells(page, [i for i, s in enumerate(src[:cell]) if s and any(n in s for n in needs)]
                          + [cell])
            out = widget_output(page, cell)
            assert_live(out)
            if k == 0 and long_runs:
                max_epochs(page, out)
            rows = samples[ui] = [measure(page, out) for _ in range(reps)]
            save_and_reload(page)                      # the lesson reopened: still live
            out = widget_output(page, cell)
            assert_live(out)
            rows.append(measure(page, out))
            page.screenshot(path=str(artifacts_dir / f"browser_{lesson}_{ui}.png"))
            page.close()
        shutdown_kernels(url)
    finally:
        context.close()
    line = report(lesson, samples)
    with open(artifacts_dir / "browser_timings.txt", "a") as f:
        f.write(line + "\n")
    for ui, rows in samples.items():
        for key, bound in BOUNDS.items():
            vals = [r[key] for r in rows if r.get(key) is not None]
            if vals:
                assert statistics.median(vals) < bound, (lesson, ui, key, vals)
    return samples
