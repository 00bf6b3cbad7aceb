"""Build step only (metadata lives in pyproject.toml): copy the course notebooks into the wheel.

``lessons/`` and ``exercises/`` stay at the repository root for contributors; building a wheel
copies the files named by ``dltoolkit/course/content.py`` (never solutions) into
``dltoolkit/course/content/`` inside the build, where ``dltoolkit course init`` finds them.
"""
import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _content_module():
    spec = importlib.util.spec_from_file_location("_course_content", ROOT / "dltoolkit/course/content.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class BuildPyWithCourse(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return                     # an editable install reads lessons/ and exercises/ in place
        files = _content_module().collect(ROOT)
        if not any(rel.startswith("lessons/") for rel in files):
            raise SystemExit("setup.py: no lessons/NN_*.ipynb found; the wheel would ship no course")
        out = Path(self.build_lib) / "dltoolkit" / "course" / "content"
        if out.exists():
            shutil.rmtree(out)
        for rel, src in files.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out / rel)


setup(cmdclass={"build_py": BuildPyWithCourse})
