"""Static files the site serves itself (no CDN): MathJax 2.7 from ``jupyter-server-mathjax``,
with the HTML-CSS output and STIX-Web fonts, as the classic Jupyter Notebook served it."""
from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
_MATHJAX_PARTS = ("MathJax.js", "LICENSE", "config", "jax/input", "jax/element", "jax/output/HTML-CSS",
                  "fonts/HTML-CSS/STIX-Web", "localization/en")
_MATHJAX_SKIP = shutil.ignore_patterns("a11y")


def mathjax_source() -> Path:
    try:
        import jupyter_server_mathjax
    except ImportError:
        raise ImportError("`dltoolkit site build` serves MathJax itself and needs the "
                          "jupyter-server-mathjax package: pip install 'dltoolkit[site]'") from None
    return Path(jupyter_server_mathjax.__file__).resolve().parent / "static"


def copy_mathjax(dest: Path) -> Path:
    """Copy the parts of MathJax the pages load into ``dest``; return ``dest``."""
    src = mathjax_source()
    for part in _MATHJAX_PARTS:
        s, d = src / part, dest / part
        if s.is_dir():
            shutil.copytree(s, d, dirs_exist_ok=True)
        elif s.exists():
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(s, d)
    shutil.copytree(src / "extensions", dest / "extensions", ignore=_MATHJAX_SKIP, dirs_exist_ok=True)
    return dest


def copy_static(dest: Path) -> None:
    """The site's stylesheet and MathJax, into ``dest`` (the site's ``_static/``)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "site.css", dest / "site.css")
    copy_mathjax(dest / "mathjax")
