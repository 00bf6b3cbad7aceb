"""Finding and reading weight files: safetensors only, never pickle.

``resolve(arch, weights)`` turns a ``weights=`` argument into a local path:

* a path to a ``.safetensors`` file is used as it is;
* a known name (``"imagenet"``) is looked up in the registry and fetched once into
  ``<cache>/weights/`` (``$DLTOOLKIT_DATA`` or ``~/.cache/dltoolkit``), verified by its pinned SHA-256.
  With ``huggingface_hub`` installed (``pip install dltoolkit[hub]``) the hub client downloads it
  (its cache, resumable downloads, ``HF_TOKEN``); otherwise dltoolkit's own verified download does.
  ``DLTOOLKIT_OFFLINE=1`` or ``HF_HUB_OFFLINE=1`` forbids the network: a file not already cached
  raises :class:`~dltoolkit.data.DownloadError` at once, naming the URL and where to put the file.

``read_tensors(path)`` reads every tensor with ``safetensors.numpy`` (a header of names, dtypes and
shapes, then raw bytes: nothing is executed). PyTorch pickles (``.pt``, ``.pth``, ``.bin``, ``.ckpt``)
are refused with a message that says how to convert them.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

import numpy as np

from ...data.download import DownloadError, cached_copy, data_home, fetch, sha256_file, stale_note
from .registry import PretrainedFile, lookup

PICKLE_SUFFIXES = (".pt", ".pth", ".bin", ".ckpt", ".pkl", ".pickle", ".tar")


def _offline() -> bool:
    flags = (os.environ.get("DLTOOLKIT_OFFLINE", ""), os.environ.get("HF_HUB_OFFLINE", ""))
    return any(f.strip() not in ("", "0") for f in flags)


def _hub_download(entry: PretrainedFile) -> Optional[Path]:
    """Download with ``huggingface_hub`` when it is installed; None when it is not."""
    try:
        from huggingface_hub import hf_hub_download
    except ImportError:
        return None
    path = Path(hf_hub_download(entry.repo, entry.filename, revision=entry.revision))
    actual = sha256_file(path)
    if actual != entry.sha256:
        raise DownloadError(f"{entry.repo}/{entry.filename} from the hub has SHA-256 {actual}, not the "
                            f"pinned {entry.sha256}; it was not loaded")
    return path


def manual_hint(entry: PretrainedFile, target: Path) -> str:
    """Where to get the file by hand and where to put it."""
    return (f"To install it by hand, download {entry.url}\n(listed at {entry.page})\nand save it as\n"
            f"  {target}\nor pass the downloaded file's path as weights=... "
            f"(expected SHA-256 {entry.sha256}).")


def fetch_named(entry: PretrainedFile, data_dir=None) -> Path:
    """A verified local copy of a registry file (see the module docstring for the order tried)."""
    remote = entry.remote()
    target = data_home(data_dir) / "weights" / remote.name
    if cached_copy(target, remote.sha256):
        return target
    stale = stale_note(target, remote.sha256)
    if _offline():
        raise DownloadError(f"{entry.arch} weights {entry.name!r} ({entry.repo}) are not in the cache "
                            f"and the network is off (DLTOOLKIT_OFFLINE / HF_HUB_OFFLINE).\n"
                            + stale + manual_hint(entry, target))
    hub_error = ""
    try:
        path = _hub_download(entry)
        if path is not None:
            return path
    except DownloadError:
        raise
    except Exception as e:  # no network, hub down, proxy: fall back to the plain download
        hub_error = f"huggingface_hub: {type(e).__name__}: {e}\n"
    try:
        return fetch(remote, "weights", data_dir, retries=2)
    except DownloadError as e:
        raise DownloadError(hub_error + str(e)) from None


def resolve(arch: str, weights: Union[str, os.PathLike], data_dir=None) -> Path:
    """The local ``.safetensors`` path for a ``weights=`` argument (a known name or a path)."""
    if not isinstance(weights, (str, os.PathLike)):
        raise TypeError(f"{arch}: weights must be None, a name such as 'imagenet' or a path to a "
                        f".safetensors file; got {weights!r}")
    text = os.fspath(weights)
    looks_like_path = os.sep in text or "." in Path(text).name or Path(text).exists()
    if not looks_like_path:
        return fetch_named(lookup(arch, text), data_dir)
    path = Path(text).expanduser()
    if path.suffix.lower() in PICKLE_SUFFIXES:
        raise ValueError(f"{arch}: {path} looks like a PyTorch pickle; dltoolkit never unpickles weight "
                         f"files (loading a pickle can run arbitrary code). Convert it once with PyTorch: "
                         f"safetensors.torch.save_file(torch.load(path, weights_only=True), "
                         f"'{path.stem}.safetensors'), then pass the .safetensors file.")
    if not path.is_file():
        raise FileNotFoundError(f"{arch}: no weight file at {path}")
    return path


def read_tensors(path: Union[str, os.PathLike]) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file as a NumPy array, keyed by its name in the file."""
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    try:
        return load_file(str(path))
    except (SafetensorError, OSError, ValueError, TypeError) as e:
        raise ValueError(f"could not read {path} as a safetensors file ({type(e).__name__}: {e}). "
                         f"Weights must be in the safetensors format (the hub's model.safetensors).") from e


def write_tensors(tensors: dict, path: Union[str, os.PathLike]) -> Path:
    """Write NumPy arrays as a safetensors file (e.g. a stand-in with torchvision's key names)."""
    from safetensors.numpy import save_file

    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(path))
    return Path(path)
