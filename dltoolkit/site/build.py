"""``dltoolkit site build``: the executed lessons as a static HTML site that works offline.

Layout of ``out/``::

    index.html                  table of contents: every lesson, its exercise
    lessons/NN_topic.html       one page per executed lesson (+ the .ipynb to download)
    exercises/NN_topic.html     one page per exercise notebook (+ the .ipynb)
    _static/site.css, _static/mathjax/   served by the site itself: no CDN

Each page is nbconvert's lab rendering with equations typeset by the site's own MathJax, figures
embedded, and navigation (contents, previous, next, exercise) above and below. The setup cell is
left out. A widget output shows its static view (the PNG the widget saved at execution time, or
its text): the JavaScript that would rebuild a live view from saved widget state is published on
npm only, so the site does not load it.
"""
from __future__ import annotations

import base64
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..course.content import collect, course_root
from ..course.links import CELL_ID as BADGES_ID, colab_url
from .assets import copy_static

TEMPLATES = Path(__file__).resolve().parent / "templates"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_NOTE = ("Static view of an interactive widget: open the notebook in Jupyter "
               "(or Colab, Binder) to use it.")


@dataclass
class Page:
    kind: str            # "lessons" or "exercises"
    src: Path
    title: str

    @property
    def stem(self) -> str:
        return self.src.stem

    @property
    def href(self) -> str:
        return f"{self.kind}/{self.stem}.html"


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip()
    return fallback


def _static_widget_view(out) -> None:
    """Replace a widget view by its static fallback, with a note saying so."""
    data = out.get("data", {})
    if WIDGET_VIEW not in data:
        return
    del data[WIDGET_VIEW]
    png = data.get("image/png")
    if png:
        png = png if isinstance(png, str) else base64.b64encode(png).decode()
        data["text/html"] = (f'<img src="data:image/png;base64,{png.strip()}" alt="widget view">'
                             f'<div class="dl-static-widget">{STATIC_NOTE}</div>')


def prepare(nb) -> None:
    """Edit ``nb`` in place for the site: no setup cell, text links instead of remote badge images,
    static widget views, no saved widget state (which would pull the widget scripts from a CDN)."""
    cells = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("id") == "setup" or "setup" in tags:
            continue
        if cell.get("id") == BADGES_ID or BADGES_ID in tags:
            cell.source = re.sub(r"\[!\[([^\]]*)\]\([^)]*\)\]\(([^)]*)\)", r"[\1](\2)", cell.source)
        for out in cell.get("outputs", []):
            _static_widget_view(out)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)


def _nav(page: Page, prev: Page | None, nxt: Page | None, partner: Page | None, bottom: bool) -> str:
    a = lambda href, text: f'<a href="../{href}">{html.escape(text)}</a>'  # noqa: E731
    parts = [a("index.html", "Contents")]
    if prev:
        parts.append(a(prev.href, "← " + prev.title))
    if nxt:
        parts.append(a(nxt.href, nxt.title + " →"))
    parts.append('<span class="dl-spacer"></span>')
    if partner:
        parts.append(a(partner.href, ("Exercise" if partner.kind == "exercises" else "Lesson")
                       + f" {partner.stem[:2]}"))
    parts.append(f'<a href="{page.stem}.ipynb" download>Download notebook</a>')
    try:
        parts.append(f'<a href="{colab_url(f"{page.kind}/{page.src.name}")}">Open in Colab</a>')
    except (LookupError, ValueError):
        pass
    cls = "dl-nav dl-bottom" if bottom else "dl-nav"
    return f'<nav class="{cls}" aria-label="lesson navigation">' + " ".join(parts) + "</nav>"


def _index(lessons: list[Page], partner: dict) -> str:
    items = []
    for p in lessons:
        ex = partner.get(p.src)
        ex_link = f'<a class="dl-ex" href="{ex.href}">exercise</a>' if ex else ""
        items.append(f'<li><a href="{p.href}">{html.escape(p.title)}</a>{ex_link}</li>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>dltoolkit course</title><link rel=\"icon\" href=\"data:,\">"
            '<link rel="stylesheet" href="_static/site.css"></head>'
            f'<body class="dl-toc"><h1>dltoolkit course</h1><p>Release {__version__}. '
            "Each lesson as it ran, with its outputs; the exercises beside them.</p>"
            f'<nav aria-label="table of contents"><ol start="0">{"".join(items)}</ol></nav>'
            "</body></html>\n")


def build_site(out="site", *, root=None) -> dict[str, Path]:
    """Render every executed lesson and every exercise under ``root`` (default: the installed
    course) into ``out``; return ``{relative page path: file}``, index first."""
    import nbformat
    from nbconvert import HTMLExporter

    root = Path(root) if root is not None else course_root()
    out = Path(out)
    files = collect(root)
    pages = {"lessons": [], "exercises": []}
    notebooks = {}
    for rel, path in files.items():
        kind = rel.split("/", 1)[0]
        if path.suffix != ".ipynb" or rel.count("/") != 1:
            continue
        nb = nbformat.read(path, as_version=4)
        page = Page(kind, path, _title(nb, path.stem))
        pages[kind].append(page)
        notebooks[path] = nb
    if not pages["lessons"]:
        raise FileNotFoundError(f"no lessons/NN_*.ipynb under {root}: nothing to build")
    by_number = {p.stem[:2]: p for p in pages["exercises"]}
    partner = {}
    for p in pages["lessons"]:
        if p.stem[:2] in by_number:
            partner[p.src] = by_number[p.stem[:2]]
            partner[by_number[p.stem[:2]].src] = p

    exporter = HTMLExporter(template_name="dltoolkit_site", extra_template_basedirs=[str(TEMPLATES)])
    copy_static(out / "_static")
    written = {"index.html": out / "index.html"}
    (out / "index.html").write_text(_index(pages["lessons"], partner), encoding="utf-8")
    for kind, seq in pages.items():
        (out / kind).mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(seq):
            nb = notebooks[page.src]
            shutil.copyfile(page.src, out / kind / page.src.name)
            prepare(nb)
            nb.metadata["title"] = page.title
            prev = seq[i - 1] if i > 0 else None
            nxt = seq[i + 1] if i + 1 < len(seq) else None
            site = {"static": "../_static",
                    "nav_top": _nav(page, prev, nxt, partner.get(page.src), False),
                    "nav_bottom": _nav(page, prev, nxt, partner.get(page.src), True)}
            body, _ = exporter.from_notebook_node(nb, resources={"dl_site": site})
            target = out / page.href
            target.write_text(body, encoding="utf-8")
            written[page.href] = target
    return written
