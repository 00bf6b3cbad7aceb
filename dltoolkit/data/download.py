"""Verified, cached downloads: SHA-256 pinned, several mirrors, retries, atomic rename.

A file is streamed to a temporary name *inside* the cache folder, its SHA-256 is checked,
and only then is it renamed into place with ``os.replace`` (atomic on one file system). A
truncated, altered or interrupted download therefore never appears under the real name,
and the temporary file is deleted. Cache root: ``data_dir`` argument, else the
``DLTOOLKIT_DATA`` environment variable, else ``~/.cache/dltoolkit``. Set
``DLTOOLKIT_OFFLINE=1`` to forbid network access (cached or local files only).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Union

from .deadline import DEFAULT_SECONDS, WaitBudget, open_url

PathLike = Union[str, Path]
CHUNK = 1 << 16


class DownloadError(OSError):
    """A data file could not be obtained (offline, every mirror failed, or checksum mismatch)."""


@dataclass(frozen=True)
class RemoteFile:
    """A file to fetch: its name in the cache, pinned SHA-256, mirror URLs and size in bytes."""

    name: str
    sha256: str
    urls: tuple[str, ...]
    size: Optional[int] = None


def data_home(data_dir: Optional[PathLike] = None) -> Path:
    """The cache root: ``data_dir``, else ``$DLTOOLKIT_DATA``, else ``~/.cache/dltoolkit``."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    env = os.environ.get("DLTOOLKIT_DATA")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "dltoolkit"


def sha256_file(path: PathLike) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _stream(url: str, dest, timeout: float, progress: bool, label: str, size: Optional[int],
            budget: Optional[WaitBudget] = None, share: int = 1) -> str:
    """Copy ``url`` into the open file ``dest``; return the SHA-256 of what was written."""
    from tqdm.auto import tqdm

    h = hashlib.sha256()
    req = urllib.request.Request(url, headers={"User-Agent": "dltoolkit"})
    if budget is not None:                  # wait at most what is left of the data set's budget
        timeout = budget.timeout(timeout, share)
    with open_url(req, timeout) as resp:
        total = int(resp.headers.get("Content-Length") or 0) or size
        with tqdm(total=total, unit="B", unit_scale=True, desc=label, disable=not progress,
                  leave=False) as bar:
            for block in iter(lambda: resp.read(CHUNK), b""):
                dest.write(block)
                h.update(block)
                bar.update(len(block))
                if budget is not None:
                    budget.progress()
    return h.hexdigest()


def _manual_hint(remote: RemoteFile, target: Path) -> str:
    return (f"To install it by hand, download {remote.name!r} from one of:\n  "
            + "\n  ".join(remote.urls)
            + f"\nand place it at\n  {target}\n(expected SHA-256 {remote.sha256}"
            + (f", {remote.size} bytes)" if remote.size else ")"))


def cached_copy(target: Path, sha256: str) -> bool:
    """True when ``target`` exists and its SHA-256 is ``sha256`` (the verified cache hit)."""
    return target.exists() and sha256_file(target) == sha256


def stale_note(target: Path, sha256: str) -> str:
    """A line for the error message when a cached file exists but does not match, else ''."""
    if not target.exists():
        return ""
    return (f"The cached copy {target} has SHA-256 {sha256_file(target)}, not the expected "
            f"{sha256}; it was not used.\n")


def fetch(remote: RemoteFile, subdir: str = "", data_dir: Optional[PathLike] = None, *,
          urls: Optional[Iterable[str]] = None, retries: int = 3, backoff: float = 1.0,
          timeout: float = 30.0, progress: bool = True,
          deadline: Union[float, WaitBudget] = DEFAULT_SECONDS) -> Path:
    """Return the path of a verified copy of ``remote`` in the cache, downloading if needed.

    A cached file whose SHA-256 matches is returned without touching the network. Otherwise
    every mirror (``urls`` overrides ``remote.urls``) is tried in turn, ``retries`` rounds with
    exponential backoff (``backoff * 2**round`` seconds between rounds). Raises
    :class:`DownloadError` naming the file, the expected SHA-256 and where to put it by hand.
    ``deadline``: seconds (or a :class:`WaitBudget` shared by a data set's files) that failed
    attempts may cost in all, connects, silent reads and backoff included (see ``deadline.py``).
    """
    folder = data_home(data_dir) / subdir
    target = folder / remote.name
    mirrors = tuple(urls) if urls is not None else remote.urls
    remote = RemoteFile(remote.name, remote.sha256, mirrors, remote.size)
    if cached_copy(target, remote.sha256):
        return target
    stale = stale_note(target, remote.sha256)
    if os.environ.get("DLTOOLKIT_OFFLINE", "").strip() not in ("", "0"):
        raise DownloadError(f"{remote.name} is not in the cache and DLTOOLKIT_OFFLINE is set.\n"
                            + stale + _manual_hint(remote, target))
    folder.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    budget = deadline if isinstance(deadline, WaitBudget) else WaitBudget(deadline)
    for attempt in range(max(1, retries)):
        if attempt:
            budget.pause(backoff * 2 ** (attempt - 1))
        for i, url in enumerate(mirrors):
            if budget.spent:
                break
            budget.start()
            fd, tmp = tempfile.mkstemp(prefix=f".{remote.name}.", suffix=".part", dir=folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    digest = _stream(url, f, timeout, progress, remote.name, remote.size, budget,
                                     share=len(mirrors) - i)
                if digest != remote.sha256:
                    errors.append(f"{url}: checksum mismatch (got SHA-256 {digest})")
                    continue
                os.replace(tmp, target)
                return target
            except Exception as e:  # network errors of every kind: try the next mirror
                budget.failed()
                errors.append(f"{url}: {type(e).__name__}: {e}")
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
        if budget.spent:
            errors.append(f"gave up: the network did not answer within {budget.seconds:g} s in all "
                          f"(unreachable or silent)")
            break
    raise DownloadError(f"could not download {remote.name}; tried:\n  " + "\n  ".join(errors)
                        + "\n" + stale + _manual_hint(remote, target))


def verify_local(remote: RemoteFile, path: PathLike) -> Path:
    """Check a user-supplied local file against the pinned SHA-256; return its path."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"{remote.name}: expected a file at {path}, found none")
    actual = sha256_file(path)
    if actual != remote.sha256:
        raise DownloadError(f"{path} has SHA-256 {actual}, but {remote.name} should have "
                            f"{remote.sha256}; the file is corrupt, truncated or a different file")
    return path
