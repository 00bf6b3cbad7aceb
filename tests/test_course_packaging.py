"""The wheel ships the course (lessons, exercises) and nothing of the instructors' (solutions/,
a grader-only dlgrader/ package, lesson sources, conftest). Built from a copy of the checkout
with a stray dlgrader/ beside it; the sdist is built first and the wheel from the sdist."""
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
TEXTS: dict = {}  # the wheel's .py and .json files, by name


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    pytest.importorskip("build")
    src = tmp_path_factory.mktemp("checkout")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "dltoolkit", src / "dltoolkit",
                    ignore=shutil.ignore_patterns("__pycache__", "content"))
    for folder in ("lessons", "exercises", "solutions"):
        (src / folder).mkdir()
        for nb in sorted((REPO / folder).glob("[0-9][0-9]_*.ipynb"))[:3]:
            shutil.copy(nb, src / folder / nb.name)
    (src / "lessons" / "conftest.py").write_text("# test-only\n")
    (src / "lessons" / "src").mkdir()
    (src / "lessons" / "src" / "00_welcome.py").write_text("# source\n")
    (src / "dlgrader").mkdir()
    (src / "dlgrader" / "__init__.py").write_text("HIDDEN = 1\n")
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    whl = zipfile.ZipFile(next(out.glob("*.whl")))
    wheel = whl.namelist()
    TEXTS.update({n: whl.read(n).decode("utf-8", "replace") for n in wheel if n.endswith((".py", ".json"))})
    sdist = tarfile.open(next(out.glob("*.tar.gz"))).getnames()
    return src, wheel, sdist


def test_wheel_has_every_lesson_and_exercise_as_package_data(dists):
    src, wheel, _ = dists
    for folder in ("lessons", "exercises"):
        expected = sorted(p.name for p in (src / folder).glob("*.ipynb"))
        shipped = sorted(n.rsplit("/", 1)[1] for n in wheel
                         if n.startswith(f"dltoolkit/course/content/{folder}/"))
        assert shipped == expected and len(expected) == 3


def test_wheel_has_only_the_dltoolkit_package_and_no_solution(dists):
    _, wheel, _ = dists
    top = {n.split("/")[0] for n in wheel}
    assert top == {"dltoolkit", "dltoolkit-0.2.0.dist-info"}, top
    assert not [n for n in wheel if "solution" in n or "conftest" in n or "/src/" in n]
    assert "dltoolkit/site/templates/dltoolkit_site/index.html.j2" in wheel


def test_sdist_has_the_course_but_no_solutions(dists):
    _, _, sdist = dists
    rel = {n.split("/", 1)[1] for n in sdist if "/" in n}
    assert {"lessons/00_welcome.ipynb", "exercises/01_perceptron.ipynb", "setup.py"} <= rel
    assert not [n for n in rel if n.startswith(("solutions", "dlgrader", "lessons/src"))
                or n.endswith("conftest.py")]


def test_wheel_has_no_reference_implementation_and_no_hidden_case(dists):
    """The grader's references (ref_adam, ref_conv2d, ref_softmax, LENET5_COUNTS, ...) and hidden
    cases live in dlgrader/ only; the wheel carries the public cases' expected answers as numbers."""
    import re
    names = set()
    for path in (REPO / "dlgrader" / "references").glob("l*.py"):
        names |= {a or b for a, b in re.findall(r"^(?:def (\w+)|(\w+) = )", path.read_text(), re.M)}
    assert {"ref_adam", "ref_conv2d", "ref_softmax", "LENET5_COUNTS", "ref_iou", "ref_nms"} <= names
    assert TEXTS and "dltoolkit/grading/expected.json" in TEXTS
    found = [f"{n}: {name}" for n, text in TEXTS.items() if n.startswith("dltoolkit/")
             for name in names if re.search(rf"\b{name}\b", text)]
    assert not found, found
    assert not [n for n in TEXTS if "dlgrader" in n or "from dltoolkit.grading.registry import hidden" in TEXTS[n]]
