"""Jupyter Notebook 7 (the `notebook` package) serves a lesson from a student's course workspace
and renders its widgets live: the slider of lesson 00's SliderPlot redraws the plot in the kernel."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
IDLE = ("() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle'); }")


def test_notebook7_runs_lesson_00_with_a_live_slider(course_server, shared_browser, artifacts_dir):
    from playwright.sync_api import expect

    context = shared_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120000)
    try:
        page.goto(f"{course_server}/notebooks/lessons/00_welcome.ipynb")
        page.wait_for_function("window.jupyterapp !== undefined")
        assert page.evaluate("window.jupyterapp.name") == "Jupyter Notebook"   # not JupyterLab
        page.locator(".jp-Notebook").wait_for()
        page.wait_for_function(IDLE)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        slider = page.locator(".widget-hslider").first
        expect(slider).to_be_visible(timeout=180000)
        page.wait_for_function(IDLE, timeout=180000)
        assert "Error displaying widget" not in page.evaluate("document.body.innerText")
        image = page.locator(".widget-image").first
        expect(image).to_be_visible()
        before = image.get_attribute("src")
        readout = slider.locator(".widget-readout")
        value = readout.inner_text()           # 3.0: run-all sets the frequency in a later cell
        for where in (0.9, 0.1, 0.5):       # a click can land while the page still lays out
            slider.scroll_into_view_if_needed()
            track = slider.locator(".noUi-target").bounding_box()
            page.mouse.click(track["x"] + where * track["width"], track["y"] + track["height"] / 2)
            page.wait_for_timeout(2000)
            if readout.inner_text() != value:
                break
        expect(readout).not_to_have_text(value, timeout=30000)
        expect(image).not_to_have_attribute("src", before, timeout=60000)
    finally:
        page.screenshot(path=str(artifacts_dir / "notebook7_lesson00.png"), full_page=False)
        context.close()
