"""The static site in headless chromium: `dltoolkit site build` of the whole course, served on
127.0.0.1; lesson 03's equations are typeset by the site's own MathJax, every figure loads, no
widget error box and no request fails on any lesson page."""
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
MATH_DONE = ("() => !window.MathJax || (MathJax.Hub && MathJax.Hub.queue.pending === 0"
             " && MathJax.Hub.queue.running === 0)")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, chromium_path):
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, "-m", "dltoolkit.cli", "site", "build", "--out", str(out)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", out
    server.shutdown()
    server.server_close()


def _open(browser, url):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    failed = []
    # MathJax probes web-font support with an about:blank font: not a request to any server
    page.on("requestfailed", lambda r: failed.append(r.url) if r.url != "about:blank" else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_function(MATH_DONE, timeout=60000)
    return page, failed


def test_lesson_03_equations_are_typeset(site_url, shared_browser, artifacts_dir):
    url, out = site_url
    page, failed = _open(shared_browser, f"{url}/lessons/03_backprop.html")
    counts = page.evaluate("""() => ({
        tex: document.querySelectorAll('script[type^="math/tex"]').length,
        rendered: document.querySelectorAll('span.MathJax, div.MathJax_Display').length,
        frames: document.querySelectorAll('.MathJax .math, .MathJax_Display .math').length,
        errors: document.querySelectorAll('.MathJax_Error, merror, [data-mjx-error]').length,
        raw: (document.body.innerText.match(/\\$[^$\\n]{1,40}\\$/g) || []).length})""")
    # every TeX source (MathJax keeps it as a script beside its output) has a typeset rendering
    assert counts["tex"] >= 20, counts
    assert counts["frames"] == counts["tex"] and counts["errors"] == 0, counts
    assert counts["raw"] == 0, counts                    # no "$...$" left as plain text
    box = page.locator("div.MathJax_Display").first.bounding_box()
    assert box and box["height"] > 20                    # a displayed equation has height on screen
    assert failed == [], failed
    page.screenshot(path=str(artifacts_dir / "site_lesson03.png"))
    page.close()


def test_every_lesson_page_loads_its_figures_without_widget_errors(site_url, shared_browser):
    url, out = site_url
    lessons = sorted((out / "lessons").glob("*.html"))
    assert len(lessons) == len(list((REPO / "lessons").glob("[0-9][0-9]_*.ipynb")))
    for html in lessons:
        page, failed = _open(shared_browser, f"{url}/lessons/{html.name}")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert images and all(ok and w > 0 for ok, w in images), (html.name, images)
        text = page.evaluate("document.body.innerText")
        assert "Error displaying widget" not in text and "Loading widget" not in text, html.name
        assert failed == [], (html.name, failed)
        page.close()


def test_contents_page_leads_through_the_lessons(site_url, shared_browser):
    url, _ = site_url
    page, _ = _open(shared_browser, f"{url}/index.html")
    page.get_by_role("link", name="Lesson 03 — Computation graphs and backpropagation").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/lessons/03_backprop.html")
    page.locator("nav.dl-nav").first.get_by_role("link", name="Exercise 03").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/exercises/03_backprop.html")
    page.close()
