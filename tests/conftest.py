import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared_dir():
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not present beside this checkout")
    return SHARED


# Notebooks under tests/ are fixtures (e.g. the browser demo), not lessons for nbval.
collect_ignore_glob = ["browser/*.ipynb", "**/*.ipynb"]
