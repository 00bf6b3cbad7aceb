"""`dltoolkit site build`: pages for lessons and exercises, navigation whose links all resolve,
no file loaded from the network, the setup cell left out, widgets shown by their static PNG."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dltoolkit.course import ensure_badge_cell

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
from setup_cell import ensure_setup_cell  # noqa: E402

pytest.importorskip("jupyter_server_mathjax")
pytest.importorskip("nbconvert")
LESSONS = ["00_welcome", "03_backprop", "04_activations"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    (root / "lessons").mkdir()
    (root / "exercises").mkdir()
    for name in LESSONS:
        nb = nbformat.read(REPO / "lessons" / f"{name}.ipynb", as_version=4)
        ensure_setup_cell(nb, "0.2.0")
        ensure_badge_cell(nb, f"lessons/{name}.ipynb")
        nbformat.write(nb, root / "lessons" / f"{name}.ipynb")
    shutil.copy(REPO / "exercises" / "03_backprop.ipynb", root / "exercises")
    from dltoolkit.site import build_site

    out = tmp_path_factory.mktemp("site")
    pages = build_site(out, root=root)
    return root, out, pages


def _html(out, rel):
    return (out / rel).read_text(encoding="utf-8")


def test_one_page_per_notebook_and_a_table_of_contents(site):
    _, out, pages = site
    assert sorted(pages) == sorted(["index.html", "exercises/03_backprop.html"]
                                   + [f"lessons/{n}.html" for n in LESSONS])
    index = _html(out, "index.html")
    titles = re.findall(r'<li><a href="lessons/[^"]+">([^<]+)</a>', index)
    assert titles[1] == "Lesson 03 — Computation graphs and backpropagation" and len(titles) == 3
    assert 'href="exercises/03_backprop.html"' in index


def test_every_relative_link_and_source_resolves(site):
    _, out, pages = site
    for rel, path in pages.items():
        html = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"#?]+)', html):
            if url.startswith(("http://", "https://", "data:")):
                continue
            assert (path.parent / url).exists(), f"{rel}: broken link {url}"


def test_no_script_style_or_image_comes_from_the_network(site):
    _, out, pages = site
    for rel, path in pages.items():
        html = path.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|img|link)[^>]+(?:src|href)="(https?://[^"]+)"', html)
        assert remote == [], f"{rel} loads {remote}"
        srcs = [u for u in re.findall(r'src="([^"]+)"', html) if not u.startswith("data:")]
        assert not [u for u in srcs if "cdn" in u.lower() or "//" in u], srcs
    assert (out / "_static/mathjax/MathJax.js").exists()
    for part in ("config/TeX-AMS-MML_HTMLorMML-full.js", "extensions/Safe.js",
                 "jax/output/HTML-CSS/fonts/STIX-Web/fontdata.js", "fonts/HTML-CSS/STIX-Web/woff"):
        assert (out / "_static/mathjax" / part).exists(), part


def test_lesson_navigation_prev_next_and_exercise(site):
    _, out, _ = site
    page = _html(out, "lessons/03_backprop.html")
    nav = re.search(r'<nav[^>]*class="dl-nav"[^>]*>.*?</nav>', page, re.S).group(0)
    assert 'href="../lessons/00_welcome.html"' in nav and 'href="../lessons/04_activations.html"' in nav
    assert 'href="../exercises/03_backprop.html"' in nav and 'href="../index.html"' in nav
    first = _html(out, "lessons/00_welcome.html")
    nav0 = re.search(r'<nav[^>]*class="dl-nav"[^>]*>.*?</nav>', first, re.S).group(0)
    assert "←" not in nav0 and "→" in nav0


def test_setup_cell_dropped_badges_as_text_links_widgets_static(site):
    root, out, _ = site
    page = _html(out, "lessons/03_backprop.html")
    assert "dltoolkit setup" not in page
    assert "colab-badge.svg" not in page and ">Open In Colab</a>" in page
    nb = nbformat.read(root / "lessons/03_backprop.ipynb", as_version=4)
    widget_outputs = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                         for c in nb.cells for o in c.get("outputs", []))
    assert page.count("Static view of an interactive widget") == widget_outputs
    assert "application/vnd.jupyter.widget-view+json" not in page
    # executed lessons keep a widget's PNG and text, not its view (no saved state): the page
    # shows every picture of the notebook, the SliderPlot's included
    slider = [c for c in nb.cells if c.cell_type == "code" and "SliderPlot(" in c.source]
    assert slider and any("image/png" in o.get("data", {}) for c in slider for o in c.outputs)
    pngs = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert page.count("<img") >= pngs >= 1
    # each figure PNG of the notebook is on the page
    pngs = [o["data"]["image/png"].strip() for c in nb.cells for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})]
    assert pngs and all(p[:200] in page for p in pngs)


def test_cli_reports_a_missing_course_clearly(tmp_path):
    code = ("import sys; from dltoolkit.site.build import build_site\n"
            f"build_site({str(tmp_path / 'out')!r}, root={str(tmp_path)!r})")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0 and "no lessons/NN_*.ipynb under" in run.stderr
