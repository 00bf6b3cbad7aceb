"""``dltoolkit exercises gradescope-zip NN``: Gradescope's autograder zip for one exercise.

Gradescope's autograder specification: the zip holds ``setup.sh`` (run once, as root, on its
Ubuntu image) and ``run_autograder`` (run per submission, working directory ``/autograder``)
at its root; the submission is in ``/autograder/submission`` and the script must write
``/autograder/results/results.json``. Ours installs the same dltoolkit release and the
grader-only ``dlgrader`` package (hidden cases, shipped inside the zip, never to students),
then runs ``dltoolkit grade --exercise NN --gradescope``.
"""
from __future__ import annotations

import re
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
apt-get install -y python3 python3-pip python3-venv bubblewrap util-linux
python3 -m venv /opt/dltoolkit-venv
/opt/dltoolkit-venv/bin/pip install --upgrade pip
/opt/dltoolkit-venv/bin/pip install "{requirement}"
if [ -d /autograder/source/dlgrader ]; then
  cp -r /autograder/source/dlgrader "$(/opt/dltoolkit-venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/"
fi
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; the notebook is in /autograder/submission.
set -uo pipefail
mkdir -p /autograder/results
/opt/dltoolkit-venv/bin/dltoolkit grade /autograder/submission --exercise {exercise} --jobs 1 \\
    --gradescope /autograder/results/results.json --json /autograder/results/report.json \\
    --deadline {deadline} --quiet
if [ ! -s /autograder/results/results.json ]; then
  echo '{{"score": 0, "output": "the grader could not run; contact the course staff", "tests": []}}' \\
      > /autograder/results/results.json
fi
"""


def _requirement() -> str:
    try:
        return f"dltoolkit=={metadata.version('dltoolkit')}"
    except metadata.PackageNotFoundError:
        return "dltoolkit"


def build_zip(exercise: str, output, *, deadline: float = 900) -> Path:
    """Write the autograder zip for exercise ``NN`` to ``output``; ValueError for an unknown one."""
    from . import registry
    if not re.fullmatch(r"\d\d", str(exercise)) or not registry.all_checks(str(exercise)):
        known = sorted({c.lesson for c in registry.all_checks()})
        raise ValueError(f"no exercise {exercise!r}; known exercises: {', '.join(known)}")
    out = Path(output)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("setup.sh", SETUP_SH.format(requirement=_requirement())),
                           ("run_autograder", RUN_AUTOGRADER.format(exercise=exercise, deadline=deadline))):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            z.writestr(info, text)
        hidden = ROOT / "dlgrader"
        files = sorted(p for p in hidden.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for f in files if hidden.is_dir() else []:
            z.write(f, f"dlgrader/{f.relative_to(hidden)}")
    return out
