"""`course init` trusts the notebooks it installs (as `jupyter trust` does), so that a lesson run
in part and saved reopens with live widgets. The oracle is nbformat's own notary: it must accept
the installed files' signatures, and the files' bytes must not change."""
import json
import warnings

import nbformat
from nbformat.sign import NotebookNotary

from dltoolkit.course import init_workspace
from dltoolkit.course.trust import trust_notebooks


def _notebook(path, text):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
        "execute_result", data={"text/plain": text, "image/png": "iVBORw0KGgo="}, execution_count=1)])]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_init_signs_the_installed_notebooks_without_changing_their_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter_data"))
    release = {"lessons/00_a.ipynb": _notebook(tmp_path / "rel" / "lessons/00_a.ipynb", "a"),
               "lessons/data/notes.txt": tmp_path / "rel" / "notes.txt"}
    release["lessons/data/notes.txt"].write_text("not a notebook")
    ws = tmp_path / "ws"
    init_workspace(ws, files=release, version="0.2.0")
    installed = ws / "lessons/00_a.ipynb"
    assert installed.read_bytes() == release["lessons/00_a.ipynb"].read_bytes()
    notary = NotebookNotary(data_dir=str(tmp_path / "jupyter_data"))
    assert notary.check_signature(nbformat.read(installed, as_version=4))
    # an unsigned notebook is not trusted by the same notary (the check can fail)
    other = _notebook(tmp_path / "other.ipynb", "b")
    assert not notary.check_signature(nbformat.read(other, as_version=4))


def test_trust_skips_files_that_are_not_notebooks(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter_data"))
    broken = tmp_path / "broken.ipynb"
    broken.write_text("lesson a v1")
    good = _notebook(tmp_path / "good.ipynb", "a")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert trust_notebooks([broken, good, tmp_path / "x.txt"]) == 1
    assert "".join(json.loads(good.read_text())["cells"][0]["source"]) == "1 + 1"   # untouched
