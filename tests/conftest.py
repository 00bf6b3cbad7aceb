from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Notebooks under tests/ are fixtures (e.g. the browser demo), not lessons for nbval.
collect_ignore_glob = ["browser/*.ipynb", "**/*.ipynb"]
