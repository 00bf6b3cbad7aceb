"""Browser tests: a real JupyterLab / Notebook 7 on 127.0.0.1 driven by Debian's chromium through
Playwright. One chromium per session (``shared_browser``), one JupyterLab for the demo notebook and one
Jupyter server for the course workspace, which serves both UIs (``/lab`` and ``/notebooks``).

Needs ``apt-get install chromium`` and ``pip install pytest-playwright`` (never
``playwright install``: we use the system browser). Skips with the reason when either is missing (fails instead in CI).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_helpers import launch_chromium, serve_jupyter

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("DLTOOLKIT_CHROMIUM", "/usr/bin/chromium")
REPO = HERE.parents[1]

# the demo notebook is opened by the browser test, not collected by nbval
collect_ignore_glob = ["*.ipynb"]


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
    """JupyterLab serving the demo notebooks beside this file; yields its URL."""
    root = tmp_path_factory.mktemp("lab_root")
    home = tmp_path_factory.mktemp("lab_home")
    for nb in HERE.glob("*.ipynb"):
        shutil.copy(nb, root / nb.name)
    yield from serve_jupyter("jupyterlab", "LabApp", root, home)


@pytest.fixture(scope="session")
def shared_browser(chromium_path):
    """Headless Debian chromium (no downloaded browser), shared by every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p, chromium_path)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def lab_page(jupyter_lab, shared_browser):
    """A fresh page (own context: no shared storage) in the shared chromium."""
    context = shared_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def course_server(tmp_path_factory, chromium_path):
    """A `dltoolkit course init` workspace served by one Jupyter server with both front ends:
    JupyterLab at ``/lab/tree/...`` and Notebook 7 at ``/notebooks/...``; yields its URL. The
    workspace is made with the server's Jupyter data folder, so the notebooks that course init
    trusts are trusted by this server, as on a student's machine."""
    home = tmp_path_factory.mktemp("course_home")
    workspace = home / "course"
    env = dict(os.environ, JUPYTER_DATA_DIR=str(home / "data"))
    init = subprocess.run([sys.executable, "-m", "dltoolkit.cli", "course", "init", str(workspace)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert init.returncode == 0, init.stdout + init.stderr
    yield from serve_jupyter("notebook", "JupyterNotebookApp", workspace, home, timeout=90)
