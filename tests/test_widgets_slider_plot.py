"""SliderPlot: a control change redraws; without a front end it renders PNG + text."""
import ipywidgets as widgets
import pytest

import dltoolkit as dl


def test_slider_redraws_and_has_a_static_fallback():
    calls = []

    def draw(fig, a, b):
        calls.append((a, b))
        ax = fig.subplots()
        ax.plot([0, 1], [a, b])
        return f"a = {a}, b = {b}"

    a, b = widgets.IntSlider(1, min=0, max=5), widgets.IntSlider(2, min=0, max=5)
    sp = dl.widgets.SliderPlot(draw, a=a, b=b)
    assert calls == [(1, 2)] and sp.summary() == "a = 1, b = 2"
    first = sp.png
    a.value = 4
    assert calls[-1] == (4, 2) and sp.summary() == "a = 4, b = 2" and sp.png != first
    bundle = sp._repr_mimebundle_()
    assert bundle["text/plain"].endswith("a = 4, b = 2") and "image/png" in bundle
    assert sp.image.value == sp.png


def test_slider_plot_rejects_non_widgets():
    with pytest.raises(TypeError, match="ipywidget"):
        dl.widgets.SliderPlot(lambda fig, a: "", a=3)
    with pytest.raises(ValueError, match="at least one control"):
        dl.widgets.SliderPlot(lambda fig: "")
