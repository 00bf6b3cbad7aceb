"""`course init`: copies the course into a workspace and never overwrites the student's work.

The oracle is the file system itself: bytes before and after, and hashlib on the files."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dltoolkit.course import course_files, init_workspace
from dltoolkit.course.workspace import MANIFEST

REPO = Path(__file__).resolve().parents[1]


def _release(tmp_path, name, texts):
    """A fake release: {relpath: text} written under tmp_path/name; returns {relpath: Path}."""
    root = tmp_path / name
    files = {}
    for rel, text in texts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
        files[rel] = root / rel
    return files


V1 = {"lessons/00_a.ipynb": "lesson a v1", "lessons/01_b.ipynb": "lesson b v1",
      "exercises/01_b.ipynb": "exercise b v1"}
V2 = {"lessons/00_a.ipynb": "lesson a v2", "lessons/01_b.ipynb": "lesson b v2",
      "exercises/01_b.ipynb": "exercise b v1", "lessons/02_c.ipynb": "lesson c v2"}


def test_first_init_copies_everything_and_records_hashes(tmp_path):
    files = _release(tmp_path, "rel1", V1)
    ws = tmp_path / "ws"
    report = init_workspace(ws, files=files, version="0.2.0")
    assert sorted(report.copied) == sorted(V1)
    for rel, text in V1.items():
        assert (ws / rel).read_text() == text
    manifest = json.loads((ws / MANIFEST).read_text())
    assert manifest["version"] == "0.2.0"
    for rel, text in V1.items():
        assert manifest["files"][rel]["sha256"] == hashlib.sha256(text.encode()).hexdigest()


def test_rerun_adds_missing_files_and_keeps_edits(tmp_path):
    files = _release(tmp_path, "rel1", V1)
    ws = tmp_path / "ws"
    init_workspace(ws, files=files, version="0.2.0")
    (ws / "lessons/00_a.ipynb").write_text("my notes")            # the student edits one
    (ws / "exercises/01_b.ipynb").unlink()                         # and deletes another
    report = init_workspace(ws, files=files, version="0.2.0")
    assert (ws / "lessons/00_a.ipynb").read_text() == "my notes"
    assert (ws / "exercises/01_b.ipynb").read_text() == "exercise b v1"
    assert report.copied == ["exercises/01_b.ipynb"] and report.kept == ["lessons/00_a.ipynb"]
    assert report.current == ["lessons/01_b.ipynb"]


def test_plain_init_leaves_an_older_unedited_file_and_says_so(tmp_path):
    ws = tmp_path / "ws"
    init_workspace(ws, files=_release(tmp_path, "rel1", V1), version="0.2.0")
    report = init_workspace(ws, files=_release(tmp_path, "rel2", V2), version="0.2.1")
    assert (ws / "lessons/00_a.ipynb").read_text() == "lesson a v1"
    assert (ws / "lessons/02_c.ipynb").read_text() == "lesson c v2"          # new file: added
    assert sorted(report.outdated) == ["lessons/00_a.ipynb", "lessons/01_b.ipynb"]
    assert report.kept == []
    assert "--update" in report.summary()


def test_update_replaces_unedited_and_writes_beside_edited(tmp_path):
    ws = tmp_path / "ws"
    init_workspace(ws, files=_release(tmp_path, "rel1", V1), version="0.2.0")
    (ws / "lessons/01_b.ipynb").write_text("my answer")
    rel2 = _release(tmp_path, "rel2", V2)
    before = {p: p.read_bytes() for p in ws.rglob("*.ipynb")}
    report = init_workspace(ws, files=rel2, update=True, version="0.2.1")
    assert (ws / "lessons/00_a.ipynb").read_text() == "lesson a v2"          # unedited: updated
    assert (ws / "lessons/01_b.ipynb").read_text() == "my answer"            # edited: untouched
    assert (ws / "lessons/01_b.v0.2.1.ipynb").read_text() == "lesson b v2"   # new version beside
    assert report.replaced == ["lessons/00_a.ipynb"] and report.beside == ["lessons/01_b.v0.2.1.ipynb"]
    # a second --update changes nothing and writes no more copies
    snapshot = {p: p.read_bytes() for p in ws.rglob("*.ipynb")}
    again = init_workspace(ws, files=rel2, update=True, version="0.2.1")
    assert {p: p.read_bytes() for p in ws.rglob("*.ipynb")} == snapshot
    assert again.copied == again.replaced == again.beside == []
    assert before[ws / "lessons/01_b.ipynb"] == snapshot[ws / "lessons/01_b.ipynb"]


def test_beside_name_never_clobbers_a_different_file(tmp_path):
    ws = tmp_path / "ws"
    init_workspace(ws, files=_release(tmp_path, "rel1", V1), version="0.2.0")
    (ws / "lessons/01_b.ipynb").write_text("my answer")
    (ws / "lessons/01_b.v0.2.1.ipynb").write_text("a file of mine with that name")
    init_workspace(ws, files=_release(tmp_path, "rel2", V2), update=True, version="0.2.1")
    assert (ws / "lessons/01_b.v0.2.1.ipynb").read_text() == "a file of mine with that name"
    assert (ws / "lessons/01_b.v0.2.1-2.ipynb").read_text() == "lesson b v2"


def test_without_a_manifest_existing_files_count_as_the_students(tmp_path):
    ws = tmp_path / "ws"
    init_workspace(ws, files=_release(tmp_path, "rel1", V1), version="0.2.0")
    (ws / MANIFEST).unlink()
    init_workspace(ws, files=_release(tmp_path, "rel2", V2), update=True, version="0.2.1")
    assert (ws / "lessons/00_a.ipynb").read_text() == "lesson a v1"
    assert (ws / "lessons/00_a.v0.2.1.ipynb").read_text() == "lesson a v2"


def test_bad_workspace_and_manifest_get_clear_errors(tmp_path):
    files = _release(tmp_path, "rel1", V1)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(NotADirectoryError, match="not a folder"):
        init_workspace(tmp_path / "afile", files=files, version="0.2.0")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / MANIFEST).write_text("{broken")
    with pytest.raises(ValueError, match="delete it"):
        init_workspace(ws, files=files, version="0.2.0")


def test_the_course_is_every_lesson_and_exercise_and_no_solution():
    files = course_files()
    lessons = sorted(p.name for p in (REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))
    exercises = sorted(p.name for p in (REPO / "exercises").glob("[0-9][0-9]_*.ipynb"))
    assert len(lessons) >= 18 and len(exercises) >= 17
    assert sorted(r.split("/")[1] for r in files if r.startswith("lessons/")) == lessons
    assert sorted(r.split("/")[1] for r in files if r.startswith("exercises/")) == exercises
    assert not [r for r in files if "solution" in r or not r.startswith(("lessons/", "exercises/"))]


def test_cli_course_init_twice_keeps_an_edited_notebook(tmp_path):
    ws = tmp_path / "course"
    cmd = [sys.executable, "-m", "dltoolkit.cli", "course", "init", str(ws)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    assert len(list((ws / "lessons").glob("*.ipynb"))) == len(list((REPO / "lessons").glob("[0-9][0-9]_*.ipynb")))
    edited = ws / "exercises" / "01_perceptron.ipynb"
    edited.write_text(edited.read_text().replace('"cells": [', '"cells": [\n  ', 1))
    mine = edited.read_bytes()
    second = subprocess.run(cmd + ["--update"], capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "kept your edits: 1" in second.stdout, second.stdout
    assert edited.read_bytes() == mine
    # same release: nothing new to offer, so no copy is written beside the edited file
    assert sorted(p.name for p in edited.parent.iterdir()) == sorted(
        p.name for p in (REPO / "exercises").glob("[0-9][0-9]_*.ipynb"))
    assert not list(ws.rglob("*solution*"))
