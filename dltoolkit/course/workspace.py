"""``dltoolkit course init``: copy the course into a folder the student owns, never over their work.

The workspace keeps a manifest, ``.dltoolkit-course.json``, with the SHA-256 of every file as it
was copied. On a later run a file whose bytes still match its recorded hash is *unchanged*; any
other existing file is *the student's* (edited, re-run, or saved by Jupyter) and is never written:

=====================  ===========================  =====================================
workspace file         plain ``init``               ``init --update``
=====================  ===========================  =====================================
missing                copied                       copied
same as the release    left alone                   left alone
unchanged, older       left alone (reported)        replaced by the new release
edited, release same   left alone                   left alone
edited, release newer  left alone (reported)        new release written beside it as
                                                    ``NAME.vVERSION.ipynb``
=====================  ===========================  =====================================
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from .content import course_files
from .trust import trust_notebooks

MANIFEST = ".dltoolkit-course.json"
ENV_DIR = "DLTOOLKIT_COURSE_DIR"


def default_workspace() -> Path:
    """``$DLTOOLKIT_COURSE_DIR`` if set, else ``~/dltoolkit-course``."""
    return Path(os.environ.get(ENV_DIR) or Path.home() / "dltoolkit-course").expanduser()


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class InitReport:
    """What one ``init`` did, as workspace-relative paths."""
    workspace: Path
    copied: list = field(default_factory=list)
    replaced: list = field(default_factory=list)        # unchanged by the student, new release in place
    beside: list = field(default_factory=list)          # new release written next to an edited file
    kept: list = field(default_factory=list)            # the student's edits, untouched
    outdated: list = field(default_factory=list)        # a newer release exists; run with update=True
    current: list = field(default_factory=list)         # already identical to the release

    def summary(self) -> str:
        lines = [f"course workspace: {self.workspace}"]
        for label, items in [("copied", self.copied), ("updated", self.replaced),
                             ("new version beside your edited file", self.beside),
                             ("kept your edits", self.kept), ("up to date", self.current)]:
            if items:
                names = "  " + ", ".join(items) if label != "up to date" and len(items) <= 8 else ""
                lines.append(f"  {label}: {len(items)}{names}")
        if self.outdated:
            lines.append(f"  a newer release exists for {len(self.outdated)} file(s): run "
                         "`dltoolkit course init --update` (your edits are never overwritten)")
        return "\n".join(lines)


def _read_manifest(dest: Path) -> dict:
    path = dest / MANIFEST
    if not path.exists():
        return {"files": {}}
    try:
        data = json.loads(path.read_text())
    except ValueError as e:
        raise ValueError(f"{path} is not valid JSON ({e}); delete it to treat every existing "
                         "file as your own work and copy only the missing ones") from None
    data.setdefault("files", {})
    return data


def _write_manifest(dest: Path, data: dict) -> None:
    tmp = dest / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, dest / MANIFEST)


def _beside(target: Path, version: str, new_hash: str) -> Path:
    """``07_x.ipynb`` -> ``07_x.v0.2.1.ipynb`` (``-2``, ``-3``... if that name holds other bytes)."""
    for n in range(1, 1000):
        tag = f"v{version}" + ("" if n == 1 else f"-{n}")
        cand = target.with_name(f"{target.stem}.{tag}{target.suffix}")
        if not cand.exists() or sha256(cand) == new_hash:
            return cand
    raise RuntimeError(f"too many versions of {target} side by side; tidy the folder")


def init_workspace(dest=None, *, update: bool = False, files: dict | None = None,
                   version: str | None = None) -> InitReport:
    """Copy the course (lessons, exercises; never solutions) into ``dest`` without overwriting
    the student's work; see the module docstring for the rules. ``files`` (``{relpath: Path}``)
    and ``version`` default to the installed release."""
    if version is None:
        version = __version__
    dest = Path(dest).expanduser() if dest is not None else default_workspace()
    if dest.exists() and not dest.is_dir():
        raise NotADirectoryError(f"course workspace {dest} exists and is not a folder; pick another DIR")
    files = course_files() if files is None else files
    dest.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(dest)
    recorded = manifest["files"]
    report = InitReport(dest)
    for rel, src in files.items():
        new_hash = sha256(src)
        target = dest / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            recorded[rel] = {"sha256": new_hash, "version": version}
            report.copied.append(rel)
            continue
        have = sha256(target)
        if have == new_hash:
            report.current.append(rel)
            recorded.setdefault(rel, {"sha256": new_hash, "version": version})
            continue
        copied_hash = recorded.get(rel, {}).get("sha256")
        pristine = copied_hash == have                  # the student has not touched it
        release_changed = copied_hash != new_hash       # (unknown without a record: assume so)
        if not pristine:
            report.kept.append(rel)
        if not release_changed:
            continue
        if not update:
            report.outdated.append(rel)
        elif pristine:
            shutil.copyfile(src, target)
            recorded[rel] = {"sha256": new_hash, "version": version}
            report.replaced.append(rel)
        else:
            side = _beside(target, version, new_hash)
            if not side.exists():
                shutil.copyfile(src, side)
                recorded[side.relative_to(dest).as_posix()] = {"sha256": new_hash, "version": version}
                report.beside.append(side.relative_to(dest).as_posix())
    manifest["version"] = version
    _write_manifest(dest, manifest)
    trust_notebooks(dest / rel for rel in report.copied + report.replaced + report.beside + report.current)
    return report
