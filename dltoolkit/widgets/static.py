"""The no-front-end fallback: every widget also renders as a PNG plot plus a text summary.

A live JupyterLab shows the richest output it can render, the interactive widget
(``application/vnd.jupyter.widget-view+json``). nbval, nbconvert and a plain script have no
widget manager: they keep (and compare) ``text/plain`` and show ``image/png``. So each
explorer's ``_repr_mimebundle_`` returns all three::

    {"application/vnd.jupyter.widget-view+json": ...,   # live widget (JupyterLab)
     "image/png": <current plot>,                        # nbconvert / static HTML
     "text/plain": "OptimizerPlayground: surface=rosenbrock, lr=0.001, ..."}   # nbval, scripts

``explorer.static()`` returns the same picture and text as a :class:`StaticView`, which is
what to call when you want a snapshot (e.g. in a lesson validated by nbval).
"""
from __future__ import annotations

import base64
import io
from typing import Any, Optional

import numpy as np


def new_figure(width: float = 8.0, height: float = 3.2, dpi: int = 80):
    """A matplotlib Figure on the Agg canvas, without pyplot (thread-safe per figure,
    no global figure list, nothing pops up)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def fig_to_png(fig, compress_level: int = 1) -> bytes:
    """Draw ``fig`` and encode it as PNG bytes (low zlib level: the encode is the slow part)."""
    fig.canvas.draw()
    return canvas_png(fig.canvas, compress_level)


def canvas_png(canvas, compress_level: int = 1) -> bytes:
    """PNG bytes of what is on an Agg canvas now (after ``draw`` or blitting)."""
    from PIL import Image

    rgba = np.asarray(canvas.buffer_rgba())
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """``(width, height)`` in pixels, from the PNG header (IHDR)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def show_png(image, png: bytes) -> None:
    """Put ``png`` in the ``ipywidgets.Image`` ``image`` at its own pixel size: an image
    widget otherwise stretches to its box, and an upscaled plot looks blurred."""
    width, height = png_size(png)
    if image.layout.width != f"{width}px":
        image.layout.width, image.layout.height = f"{width}px", f"{height}px"
    image.value = png


class StaticView:
    """A PNG picture plus a text summary; displays as both (``image/png`` + ``text/plain``)."""

    def __init__(self, png: Optional[bytes], text: str):
        self.png, self.text = png, text

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        data: dict[str, Any] = {"text/plain": self.text}
        if self.png:
            data["image/png"] = base64.b64encode(self.png).decode("ascii")
        return data

    def __repr__(self) -> str:
        return self.text

    def save(self, path) -> None:
        """Write the PNG to ``path``."""
        with open(path, "wb") as f:
            f.write(self.png or b"")


class StaticFallback:
    """Mixin for explorers: ``self.widget`` is the ipywidgets container; subclasses provide
    ``summary() -> str`` and ``figure_png() -> bytes``."""

    widget: Any

    def summary(self) -> str:  # pragma: no cover - overridden
        return type(self).__name__

    def figure_png(self) -> Optional[bytes]:  # pragma: no cover - overridden
        return None

    def static(self) -> StaticView:
        """A snapshot of the current plot and settings (what nbval/nbconvert show)."""
        return StaticView(self.figure_png(), self.summary())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        data = self.static()._repr_mimebundle_()
        widget_bundle = self.widget._repr_mimebundle_() if hasattr(self.widget, "_repr_mimebundle_") else None
        if isinstance(widget_bundle, tuple):
            widget_bundle = widget_bundle[0]
        if widget_bundle:
            view = widget_bundle.get("application/vnd.jupyter.widget-view+json")
            if view is not None:
                data["application/vnd.jupyter.widget-view+json"] = view
        return data

    def __repr__(self) -> str:
        return self.summary()
