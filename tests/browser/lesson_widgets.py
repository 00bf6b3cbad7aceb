"""Drive a lesson's widget in JupyterLab or Notebook 7 and time it in the page itself.

Times are taken with ``performance.now()`` in the browser: a button is clicked from JavaScript
right after the clock is read, and MutationObservers stamp every change of the widget's image
(``src``) and status line ("status: ..."). So a latency is what a student sees, without the
round trips of the test driver. Widgets are found by ipywidgets' DOM classes, the button text
and the status text, inside the output of the lesson's widget cell.
"""
from __future__ import annotations

import os
import re
import statistics

APP = "window.jupyterapp"
NB = f"{APP}.shell.currentWidget"
IDLE = (f"() => {{ const w = {NB}; return !!(w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle'); }")
UI = {"lab": ("lab/tree", "JupyterLab"), "notebook7": ("notebooks", "Jupyter Notebook")}

PROBE = """(root) => {
  const img = root.querySelector('.widget-image');
  const st = [...root.querySelectorAll('.widget-html')]
      .find(e => e.innerText.trim().startsWith('status:'));
  const rec = {img: [], status: [], t0: 0};
  if (img) new MutationObserver(() => rec.img.push(performance.now()))
      .observe(img, {attributes: true, attributeFilter: ['src']});
  if (st) new MutationObserver(() => rec.status.push([performance.now(), st.innerText.trim()]))
      .observe(st, {subtree: true, childList: true, characterData: true});
  window.__rec = rec;
  return [!!img, !!st];
}"""
CLICK = "b => { window.__rec.t0 = performance.now(); b.click(); return window.__rec.t0; }"
STATUS_AFTER = ("([t0, pattern]) => window.__rec.status.some(([t, s]) => t > t0 && new RegExp(pattern)"
                ".test(s))")
FIRST_STATUS = ("([t0, pattern]) => window.__rec.status.find(([t, s]) => t > t0 && new RegExp(pattern)"
                ".test(s))")
POINT = r"status:\s*epoch \d+/\d+"                      # "epoch 3/40 (25%): loss 0.41"
HALTED = r"status:\s*(stopped|interrupted|done)"        # "stopped at epoch k ...", "done: ..."


def open_notebook(page, url: str, ui: str, path: str) -> None:
    """Open ``path`` in ``ui`` ("lab" or "notebook7") and wait until its kernel is idle."""
    route, name = UI[ui]
    # ?reset: JupyterLab opens only this notebook, not the tabs an earlier test left in its workspace
    page.goto(f"{url}/{route}/{path}" + ("?reset" if ui == "lab" else ""))
    page.wait_for_function(f"{APP} !== undefined")
    assert page.evaluate(f"{APP}.name") == name
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.wait_for_function(IDLE, timeout=120000)


def dirty(page) -> bool:
    return page.evaluate(f"{NB}.context.model.dirty")


def assert_clean_after_open(page) -> None:
    """Opening must not mark the notebook modified (kernel metadata, trust, widget state)."""
    page.wait_for_timeout(1000)
    assert not dirty(page), "the notebook is marked modified just by opening it"


def code_sources(page) -> list:
    """The source of every cell (None for markdown), in order."""
    return page.evaluate(f"{NB}.content.widgets.map(c => c.model.type === 'code' ? "
                         "c.model.sharedModel.getSource() : null)")


def run_cells(page, indices, timeout_ms: int = 240000) -> None:
    """Run the cells at ``indices`` in order (the notebook's own run command) and fail on an error."""
    for i in indices:
        page.evaluate(f"async () => {{ {NB}.content.activeCellIndex = {i}; "
                      f"await {APP}.commands.execute('notebook:run-cell'); }}")
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE, timeout=timeout_ms)
    errors = page.evaluate(f"{NB}.content.widgets.map((c, i) => [i, c.model.type === 'code' ? "
                           "c.model.outputs.toJSON().filter(o => o.output_type === 'error')"
                           ".map(o => o.ename + ': ' + o.evalue) : []]).filter(([i, e]) => e.length)")
    assert not errors, f"cells raised: {errors}"


def widget_output(page, cell: int):
    """The output area of cell ``cell``, once it shows a live widget (its image)."""
    # bring the cell into view first: a windowed notebook may not lay out cells off screen
    page.evaluate(f"async () => {{ {NB}.content.activeCellIndex = {cell}; "
                  f"await {NB}.content.scrollToItem({cell}, 'start'); }}")
    panel = page.evaluate(f"{NB}.node.id")           # this notebook, not another open tab's
    out = page.locator(f'[id="{panel}"] .jp-Notebook .jp-Cell').nth(cell).locator(".jp-OutputArea")
    out.locator(".widget-image").first.wait_for(timeout=60000)
    return out


def assert_live(out) -> None:
    """The cell shows the live widget, not the static PNG fallback or a widget error."""
    assert out.locator(".widget-image").count() >= 1
    assert out.locator(".jp-RenderedImage").count() == 0, "the static PNG is shown, not the widget"
    text = out.inner_text()
    assert "Error displaying widget" not in text and "Loading widget" not in text, text[:300]


def save_and_reload(page) -> None:
    """Save (as autosave would), reload the page, and wait for the kernel (still running)."""
    page.evaluate(f"{APP}.commands.execute('docmanager:save')")
    page.wait_for_function(f"() => !{NB}.context.model.dirty", timeout=60000)
    page.reload()
    page.wait_for_function(f"{APP} !== undefined")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    page.wait_for_function(IDLE, timeout=120000)


def _probe(out, status: bool = True) -> None:
    img, st = out.evaluate(PROBE)
    assert img and (st or not status), f"widget image ({img}) / status line ({st}) not in the output"


def _button(out, name: str):
    return out.locator(".widget-button", has_text=re.compile(rf"^\s*{name}\s*$")).first


def max_epochs(page, out) -> None:
    """Move the "epochs" slider to its maximum (keyboard End on its handle), so that a run lasts
    long enough to be stopped."""
    slider = out.locator(".widget-slider", has=page.locator(".widget-label", has_text=re.compile(r"^epochs$")))
    handle = slider.locator(".noUi-handle").first
    readout = slider.locator(".widget-readout").first
    before = readout.inner_text()
    for _ in range(5):                      # a key press can land while the page still lays out
        handle.focus()
        handle.press("End")
        page.wait_for_timeout(300)
        if readout.inner_text() != before:
            return
    raise AssertionError(f"the epochs slider did not move from {before}")


def train_and_stop(page, out, run_for: float = 2.0) -> dict:
    """Train; wait for the first curve point; let it run ``run_for`` s; Stop; wait until halted and
    check that the image stops changing. Returns seconds: first point (status shows an epoch),
    first image (the plot redrawn), stop, and the median interval between redraws while training."""
    _probe(out)
    t0 = _button(out, "Train").evaluate(CLICK)
    page.wait_for_function(STATUS_AFTER, arg=[t0, POINT], timeout=60000)
    first = page.evaluate(FIRST_STATUS, [t0, POINT])[0]
    page.wait_for_timeout(int(run_for * 1000))
    done_early = page.evaluate(FIRST_STATUS, [t0, HALTED])
    assert not done_early, f"the run ended before Stop was pressed: {done_early[1]}"
    t1 = _button(out, "Stop").evaluate(CLICK)
    page.wait_for_function(STATUS_AFTER, arg=[t1, HALTED], timeout=60000)
    halted, text = page.evaluate(FIRST_STATUS, [t1, HALTED])
    page.wait_for_timeout(1000)
    imgs = page.evaluate("window.__rec.img")
    late = [t for t in imgs if t > halted + 500]
    assert not late, f"the image still changed {(late[-1] - halted) / 1000:.2f} s after '{text}'"
    during = [t for t in imgs if first <= t <= t1]
    gaps = [b - a for a, b in zip(during, during[1:])]
    drawn = [t for t in imgs if t > t0]
    return {"first_point": (first - t0) / 1000,
            "first_image": (drawn[0] - t0) / 1000 if drawn and drawn[0] < t1 else None, "stop": (halted - t1) / 1000,
            "redraw_interval": statistics.median(gaps) / 1000 if gaps else None, "status": text}


def slider_redraw(page, out, label: str, where: float) -> float:
    """Click the track of the slider labelled ``label`` at fraction ``where`` of its width; seconds
    from the press (stamped by a capturing pointerdown listener) until the image changes."""
    _probe(out, status=False)
    slider = out.locator(".widget-slider", has=page.locator(".widget-label", has_text=label)).first
    slider.evaluate("s => s.addEventListener('pointerdown', () => { window.__rec.t0 = performance.now(); },"
                    " {capture: true})")
    readout = slider.locator(".widget-readout").first
    seen = []
    for attempt in range(4):                   # a click can land while the page still lays out
        seen.append(readout.inner_text())
        slider.scroll_into_view_if_needed()
        track = slider.locator(".noUi-target").bounding_box()
        x = where if attempt % 2 == 0 else 1 - where
        page.mouse.click(track["x"] + x * track["width"], track["y"] + track["height"] / 2)
        try:
            page.wait_for_function("() => window.__rec.t0 && window.__rec.img.some(t => t > window.__rec.t0)",
                                   timeout=15000)
        except Exception:
            continue
        return page.evaluate("() => (window.__rec.img.find(t => t > window.__rec.t0) - window.__rec.t0) / 1000")
    raise AssertionError(f"the '{label}' slider never redrew the image (readouts {seen}, "
                         f"{len(page.evaluate('window.__rec.img'))} image changes)")


def shutdown_kernels(url: str) -> None:
    """Stop the server's kernels (the sessions API), to free memory for the next lesson."""
    import json
    import urllib.request

    with urllib.request.urlopen(url + "/api/sessions", timeout=30) as r:
        sessions = json.load(r)
    for s in sessions:
        urllib.request.urlopen(urllib.request.Request(f"{url}/api/sessions/{s['id']}", method="DELETE"),
                               timeout=30).close()


def report(lesson: str, samples: dict) -> str:
    """One line of medians per UI, printed (pytest -s) and returned."""
    parts = []
    for ui, rows in samples.items():
        cols = []
        for key in ("first_point", "first_image", "stop", "redraw_interval", "slider_redraw"):
            vals = [r[key] for r in rows if r.get(key) is not None]
            if vals:
                cols.append(f"{key}={statistics.median(vals):.2f}s(n={len(vals)})")
        parts.append(f"{ui}: " + " ".join(cols))
    load = os.getloadavg()
    line = (f"[browser timings] lesson {lesson}: " + "; ".join(parts)
            + f"; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(line)
    return line
