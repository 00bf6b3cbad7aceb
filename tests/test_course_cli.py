"""`dltoolkit lessons --lab|--notebook` opens the student's workspace (made if missing), not
site-packages or the checkout. The Jupyter app is replaced by a recorder: no server starts."""
from pathlib import Path

import pytest

from dltoolkit import cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def launched(monkeypatch):
    calls = []
    import jupyterlab.labapp
    import notebook.app

    for app in (jupyterlab.labapp.LabApp, notebook.app.JupyterNotebookApp):
        monkeypatch.setattr(app, "launch_instance",
                            classmethod(lambda cls, argv=None: calls.append((cls.__name__, argv))))
    return calls


def test_lessons_lab_opens_a_new_workspace(tmp_path, launched, capsys):
    ws = tmp_path / "my course"
    assert cli.main(["lessons", "--lab", "--no-browser", "--dir", str(ws)]) == 0
    (name, argv), = launched
    assert name == "LabApp"
    assert f"--ServerApp.root_dir={ws}" in argv and "--LabApp.default_url=/lab/tree/lessons" in argv
    assert "--no-browser" in argv
    assert sorted(p.name for p in (ws / "lessons").glob("*.ipynb")) == \
        sorted(p.name for p in (REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))
    assert "copied:" in capsys.readouterr().out


def test_lessons_notebook_uses_the_default_workspace_and_keeps_edits(tmp_path, launched, monkeypatch):
    ws = tmp_path / "default"
    monkeypatch.setenv("DLTOOLKIT_COURSE_DIR", str(ws))
    assert cli.main(["lessons", "--notebook"]) == 0
    edited = ws / "lessons" / "00_welcome.ipynb"
    edited.write_text(edited.read_text() + "\n")
    mine = edited.read_bytes()
    assert cli.main(["lessons", "--notebook"]) == 0
    assert edited.read_bytes() == mine
    assert [name for name, _ in launched] == ["JupyterNotebookApp"] * 2
    assert f"--ServerApp.root_dir={ws}" in launched[0][1]
