"""Browser tests: a real JupyterLab on 127.0.0.1 driven by Debian's chromium through Playwright.

Needs ``apt-get install chromium`` and ``pip install pytest-playwright`` (never
``playwright install``: we use the system browser). Skips with the reason when either is missing (fails instead in CI).
"""
import os
import shutil
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


@pytest.fixture
def lab_page(jupyter_lab, chromium_path):
    """A Playwright page in headless Debian chromium (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p, chromium_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60000)
        try:
            yield page
        finally:
            browser.close()
