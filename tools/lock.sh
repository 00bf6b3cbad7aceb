#!/usr/bin/env bash
# Refresh the pinned environments from pyproject.toml's loose bounds (newest versions that fit):
#   bash tools/lock.sh
# requirements/lessons.lock: what the lessons need (the main job); requirements/test.lock: + tests.
# .ci/setup and .ci/setup-lessons install from these files; pyproject keeps loose lower bounds
# for people who `pip install dltoolkit` into their own environment.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
$PY -m pip install -q pip-tools
common=(--quiet --strip-extras --no-emit-index-url --no-emit-find-links --no-header --resolver=backtracking)
$PY -m piptools compile "${common[@]}" -o requirements/lessons.lock pyproject.toml
$PY -m piptools compile "${common[@]}" -c requirements/constraints.txt --extra test -o requirements/test.lock pyproject.toml
echo "wrote requirements/lessons.lock ($(grep -c '==' requirements/lessons.lock) pins) and requirements/test.lock ($(grep -c '==' requirements/test.lock) pins)"
