"""The dltoolkit console script."""
import subprocess
import sys

import dltoolkit


def _run(*args):
    return subprocess.run([sys.executable, "-m", "dltoolkit.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_version_and_help():
    out = _run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"dltoolkit {dltoolkit.__version__}"
    out = _run("--help")
    assert out.returncode == 0
    for sub in ("lessons", "data"):
        assert sub in out.stdout


def test_unknown_command_fails_cleanly():
    out = _run("frobnicate")
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_lessons_lists_every_lesson_notebook():
    out = _run("lessons")
    names = out.stdout.split()
    assert out.returncode == 0
    assert names[0] == "00_welcome.ipynb" and len(names) == 18 and names[-1].startswith("17_")
