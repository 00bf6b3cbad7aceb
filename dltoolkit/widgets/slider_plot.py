"""SliderPlot: your own knobs driving your own matplotlib drawing, with the static fallback.

    def draw(fig, frequency, damping):
        ax = fig.subplots()
        ...
        return f"frequency = {frequency:.1f}"          # the text summary

    dl.widgets.SliderPlot(draw, frequency=widgets.FloatSlider(1, min=0.5, max=3),
                          damping=widgets.FloatSlider(0.5, min=0, max=2))

Like ``ipywidgets.interact`` but safe in lessons validated by nbval: the live widget shows in
JupyterLab, while nbval/nbconvert store a PNG and the summary text (``interact`` leaks its plot
into the cell outputs instead, so the committed outputs would differ run to run).
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from .static import StaticFallback, fig_to_png, new_figure, show_png


class SliderPlot(StaticFallback):
    """``draw(fig, **values) -> summary str`` redrawn whenever a control's value changes."""

    def __init__(self, draw: Callable, *, width: float = 8.0, height: float = 2.8, **controls):
        if not controls:
            raise ValueError("SliderPlot needs at least one control, e.g. lr=widgets.FloatSlider(...)")
        for name, control in controls.items():
            if not hasattr(control, "observe") or not hasattr(control, "value"):
                raise TypeError(f"control {name!r} must be an ipywidget with a value, got {control!r}")
        self.draw, self.controls = draw, controls
        self.size = (width, height)
        self.image = widgets.Image(format="png")
        for control in controls.values():
            control.observe(lambda change: self.refresh(), names="value")
        self.widget = widgets.VBox([*controls.values(), self.image])
        self.refresh()

    @property
    def values(self) -> dict:
        return {k: c.value for k, c in self.controls.items()}

    def refresh(self) -> None:
        fig = new_figure(*self.size, dpi=72)
        text = self.draw(fig, **self.values)
        self.text = text if isinstance(text, str) else ", ".join(f"{k} = {v}" for k, v in self.values.items())
        fig.tight_layout()
        self.png = fig_to_png(fig)
        show_png(self.image, self.png)

    def summary(self) -> str:
        return self.text

    def figure_png(self) -> bytes:
        return self.png
