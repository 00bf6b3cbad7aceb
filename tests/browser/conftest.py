"""Browser tests: a real JupyterLab on 127.0.0.1 driven by Debian's chromium through Playwright.

Needs ``apt-get install chromium`` and ``pip install pytest-playwright`` (never
``playwright install``: we use the system browser). Skips with the reason when either is missing.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("DLTOOLKIT_CHROMIUM", "/usr/bin/chromium")
REPO = HERE.parents[1]

# the demo notebook is opened by the browser test, not collected by nbval
collect_ignore_glob = ["*.ipynb"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(why: str):
    """Skip on a contributor's machine without a browser; fail in CI, where .ci/setup installs
    one, so that a browser test can never pass by skipping there."""
    (pytest.fail if os.environ.get("CI") else pytest.skip)(why)


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        _unavailable(f"chromium not found at {CHROMIUM}: apt-get install -y chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed: pip install pytest-playwright")
    return CHROMIUM


@pytest.fixture(scope="session")
def artifacts_dir():
    out = Path(os.environ.get("DLTOOLKIT_ARTIFACTS", REPO / "artifacts"))
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory, chromium_path):
    """Start ``jupyter lab`` (no token, loopback, temp HOME/config/settings); yield its URL."""
    root = tmp_path_factory.mktemp("lab_root")
    home = tmp_path_factory.mktemp("lab_home")
    for nb in HERE.glob("*.ipynb"):
        shutil.copy(nb, root / nb.name)
    port = _free_port()
    cfg = home / "jupyter_server_config.py"
    cfg.write_text(
        "c.ServerApp.ip = '127.0.0.1'\n"
        f"c.ServerApp.port = {port}\n"
        "c.ServerApp.port_retries = 0\n"
        "c.ServerApp.open_browser = False\n"
        "c.ServerApp.allow_root = True\n"
        f"c.ServerApp.root_dir = {str(root)!r}\n"
        "c.IdentityProvider.token = ''\n"
        "c.ServerApp.password = ''\n"
        "c.ServerApp.disable_check_xsrf = True\n"
        "c.LabApp.expose_app_in_browser = True\n"
        f"c.LabApp.workspaces_dir = {str(home / 'workspaces')!r}\n"
        f"c.LabApp.user_settings_dir = {str(home / 'settings')!r}\n")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"),
               IPYTHONDIR=str(home / "ipython"), MPLBACKEND="Agg")
    log = open(home / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", f"--config={cfg}", "--no-browser"],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/api/status", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("jupyter lab did not start:\n" + (home / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def lab_page(jupyter_lab, chromium_path):
    """A Playwright page in headless Debian chromium (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-extensions", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60000)
        try:
            yield page
        finally:
            browser.close()
