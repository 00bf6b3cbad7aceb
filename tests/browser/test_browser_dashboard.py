"""Real browser: JupyterLab runs the demo notebook; the learning-rate slider and the Train
button drive the kernel, and the loss plot and status line update from it."""
import re
import time

import pytest

pytestmark = pytest.mark.browser

IDLE = ("() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle'); }")


def test_dashboard_trains_from_the_browser(lab_page, jupyter_lab, artifacts_dir):
    from playwright.sync_api import expect

    page = lab_page
    t0 = time.time()
    page.goto(f"{jupyter_lab}/lab/tree/demo_dashboard.ipynb")
    page.wait_for_function("window.jupyterapp !== undefined", timeout=90000)
    page.locator(".jp-Notebook").wait_for(timeout=90000)
    page.wait_for_function(IDLE, timeout=90000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")

    status = page.locator(".widget-html", has_text="status:")
    expect(status).to_contain_text("ready: press Train", timeout=90000)
    image = page.locator(".widget-image").first
    before = image.get_attribute("src")

    # learning-rate slider (the first slider, log scale): two keyboard steps up from 0.1
    readout = page.locator(".widget-readout").first
    expect(readout).to_have_text(re.compile(r"^\s*(0\.100?|1\.0e-1)\s*$"))
    handle = page.locator(".widget-hslider .noUi-handle").first
    handle.focus()
    handle.press("ArrowRight")
    handle.press("ArrowRight")
    expect(readout).not_to_have_text(re.compile(r"^\s*(0\.100?|1\.0e-1)\s*$"), timeout=10000)
    lr = float(readout.inner_text())
    assert 0.1 < lr < 1.0, lr

    page.get_by_role("button", name="Train").click()
    # status goes through compiling / epochs to done, with the new learning rate applied by the kernel
    expect(status).to_contain_text(f"done: 5 epochs trained (learning rate {lr:.3g})", timeout=120000)
    expect(page.locator(".widget-html", has_text="final:")).to_contain_text("val_accuracy")
    assert image.get_attribute("src") != before, "the loss plot was not redrawn after training"
    shot = artifacts_dir / "browser_dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot} ({time.time() - t0:.1f} s)")
