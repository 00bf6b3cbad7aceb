"""Jupyter Notebook 7 (the `notebook` package) serves a lesson from a student's course workspace
and renders its widgets live: the slider of lesson 00's SliderPlot redraws the plot in the kernel."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
IDLE = ("() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return !!(w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel"
        " && w.sessionContext.session.kernel.status === 'idle'); }")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory, chromium_path):
    pytest.importorskip("notebook.app")
    home = tmp_path_factory.mktemp("nb7_home")
    workspace = home / "course"
    init = subprocess.run([sys.executable, "-m", "dltoolkit.cli", "course", "init", str(workspace)],
                          capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stdout + init.stderr
    port = _free_port()
    cfg = home / "jupyter_server_config.py"
    cfg.write_text(
        "c.ServerApp.ip = '127.0.0.1'\n"
        f"c.ServerApp.port = {port}\nc.ServerApp.port_retries = 0\n"
        "c.ServerApp.open_browser = False\nc.ServerApp.allow_root = True\n"
        f"c.ServerApp.root_dir = {str(workspace)!r}\n"
        "c.IdentityProvider.token = ''\nc.ServerApp.password = ''\n"
        "c.ServerApp.disable_check_xsrf = True\n"
        "c.JupyterNotebookApp.expose_app_in_browser = True\n"
        f"c.JupyterNotebookApp.workspaces_dir = {str(home / 'workspaces')!r}\n"
        f"c.JupyterNotebookApp.user_settings_dir = {str(home / 'settings')!r}\n")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"),
               IPYTHONDIR=str(home / "ipython"), MPLBACKEND="Agg")
    log = open(home / "nb7.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "notebook", f"--config={cfg}", "--no-browser"],
                            cwd=workspace, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(url + "/api/status", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("jupyter notebook did not start:\n" + (home / "nb7.log").read_text()[-3000:])
            time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_notebook7_runs_lesson_00_with_a_live_slider(notebook7, chromium_path, artifacts_dir):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-extensions", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120000)
        try:
            page.goto(f"{notebook7}/notebooks/lessons/00_welcome.ipynb")
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
            slider.scroll_into_view_if_needed()
            track = slider.locator(".noUi-target").bounding_box()
            page.mouse.click(track["x"] + 0.9 * track["width"], track["y"] + track["height"] / 2)
            expect(readout).not_to_have_text(value, timeout=30000)
            expect(image).not_to_have_attribute("src", before, timeout=60000)
        finally:
            page.screenshot(path=str(artifacts_dir / "notebook7_lesson00.png"), full_page=False)
            browser.close()
