"""For the browser tests: start a Jupyter server (JupyterLab or Notebook 7) and launch Debian's
chromium through Playwright (never a downloaded browser)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_jupyter(module: str, app: str, root: Path, home: Path, timeout: float = 60):
    """Start ``python -m MODULE`` (jupyterlab or notebook, whose app class is APP) serving ``root``
    on loopback with no token and a temp HOME/config/settings; yield its URL, then stop it."""
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
        # both front ends (a server of either app serves /lab and /notebooks) expose their app
        "c.LabApp.expose_app_in_browser = True\n"
        "c.JupyterNotebookApp.expose_app_in_browser = True\n"
        f"c.{app}.workspaces_dir = {str(home / 'workspaces')!r}\n"
        f"c.{app}.user_settings_dir = {str(home / 'settings')!r}\n")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTER_DATA_DIR=str(home / "data"),
               IPYTHONDIR=str(home / "ipython"), MPLBACKEND="Agg")
    log_path = home / f"{module}.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, "-m", module, f"--config={cfg}", "--no-browser"],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/api/status", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"{module} did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--no-first-run"]


def launch_chromium(playwright, path: str):
    """Headless Debian chromium; the flags keep it off the (closed) network and its sandbox."""
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
