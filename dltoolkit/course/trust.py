"""Trust the course's notebooks in the student's Jupyter, as ``jupyter trust`` does.

JupyterLab and Notebook 7 render a live widget (and other unsafe output such as HTML) only in
cells they trust. A notebook is trusted when the user's notary knows its signature (an HMAC
with the user's secret, stored in Jupyter's data folder, never in the file) or, cell by cell,
after the user ran the cell. A lesson that is partly run and then saved (or autosaved) would
therefore reopen untrusted after a page reload, and its live widgets would show as their
static PNG. ``course init`` signs the release notebooks it puts in the workspace, which the
student chose to install; their bytes do not change, and Jupyter re-signs them on every save.
"""
from __future__ import annotations

import logging
import warnings
from pathlib import Path


def trust_notebooks(paths) -> int:
    """Sign each ``.ipynb`` in ``paths`` with the current user's Jupyter notary; returns how many
    were signed. Files that are not notebooks are skipped; a notary that cannot be written
    (read-only data folder) gives one warning, and the notebooks stay usable, untrusted."""
    paths = [Path(p) for p in paths if str(p).endswith(".ipynb")]
    if not paths:
        return 0
    import nbformat
    from nbformat.sign import NotebookNotary

    signed = 0
    try:
        # the data folder and a logger given, so that nbformat does not make a JupyterApp, whose
        # log handler would hold on to whatever sys.stderr is now (a captured stream, later closed)
        from jupyter_core.paths import jupyter_data_dir
        data_dir = jupyter_data_dir()
        Path(data_dir).mkdir(parents=True, exist_ok=True)       # what JupyterApp would do
        notary = NotebookNotary(data_dir=data_dir, log=logging.getLogger("dltoolkit.course"))
        for path in paths:
            try:
                nb = nbformat.read(path, as_version=4)
            except (ValueError, OSError):  # not a notebook (nbformat's NotJSONError is a ValueError)
                continue
            notary.sign(nb)
            signed += 1
    except Exception as e:  # noqa: BLE001 - sqlite/OS errors of the notary's database
        warnings.warn(f"could not mark the course notebooks as trusted in Jupyter ({e}); run "
                      "`jupyter trust` on them, or their widgets show as static pictures after "
                      "a reload", stacklevel=2)
    return signed
