"""One release number: pyproject.toml's version is the one in dltoolkit.__version__, the setup
cell, each notebook's metadata, environment.yml's pin and the changelog's newest entry."""
import json
import re
import sys
from pathlib import Path

import pytest

import dltoolkit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))
import setup_cell  # noqa: E402


def _pyproject_version():
    tomllib = pytest.importorskip("tomllib")
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def _notebooks():
    return sorted((REPO / "lessons").glob("[0-9][0-9]_*.ipynb")) + \
        sorted((REPO / "exercises").glob("[0-9][0-9]_*.ipynb"))


def test_package_setup_cell_environment_and_changelog_agree():
    version = _pyproject_version()
    assert dltoolkit.__version__ == version == setup_cell.version()
    assert f"dltoolkit=={version}" in setup_cell.setup_source()
    env = (REPO / "environment.yml").read_text()
    assert re.findall(r"dltoolkit==([^\s#]+)", env) == [version]
    first = re.search(r"^## (\S+)", (REPO / "CHANGELOG.md").read_text(), re.M).group(1)
    assert first == version


def test_notebooks_that_carry_a_version_carry_this_one():
    version = _pyproject_version()
    for path in _notebooks():
        nb = json.loads(path.read_text())
        meta = nb["metadata"].get("dltoolkit", {}).get("version")
        first = "".join(nb["cells"][0]["source"]) if nb["cells"] else ""
        if meta is not None:
            assert meta == version, f"{path.name}: metadata.dltoolkit.version {meta} != {version}"
        if first.startswith(setup_cell.MARKER):
            assert first == setup_cell.setup_source(version), f"{path.name}: stale setup cell"
            assert meta == version, f"{path.name}: setup cell without metadata.dltoolkit.version"


def test_every_notebook_has_the_setup_cell():
    paths = _notebooks()
    have = [p.name for p in paths
            if "".join(json.loads(p.read_text())["cells"][0]["source"]).startswith(setup_cell.MARKER)]
    if not have:
        pytest.skip("no notebook has the setup cell yet (tools/setup_cell.py adds it)")
    assert have == [p.name for p in paths], "notebooks without the setup cell"
