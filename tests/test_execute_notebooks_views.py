"""tools/execute_notebooks.py keeps no widget view without its state in an executed lesson: the
view is dropped, and the PNG and text beside it stay."""
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from execute_notebooks import WIDGET_VIEW, drop_widget_views  # noqa: E402


def test_widget_views_are_dropped_and_the_fallback_kept():
    view = {"model_id": "21d2e6da1f8b4cf391f39525f4500790", "version_major": 2, "version_minor": 0}
    out = nbformat.v4.new_output("execute_result", execution_count=1,
                                 data={WIDGET_VIEW: view, "image/png": "iVBORw0KGgo=", "text/plain": "w"})
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("w", outputs=[out]),
                nbformat.v4.new_code_cell("1", outputs=[])]
    assert drop_widget_views(nb) == 1
    assert set(nb.cells[1].outputs[0].data) == {"image/png", "text/plain"}
    assert drop_widget_views(nb) == 0
    nbformat.validate(nb)
