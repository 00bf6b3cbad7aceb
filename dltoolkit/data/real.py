"""Downloadable data sets with the Keras return convention, verified by SHA-256.

``load_mnist()``, ``load_fashion_mnist()`` and ``load_cifar10()`` return
``((x_train, y_train), (x_test, y_test))`` of uint8 arrays. Unlike Keras (``(N, 28, 28)``),
MNIST-style images come as NHWC ``(N, 28, 28, 1)`` because every image in dltoolkit is NHWC.
Each file is cached under ``<data home>/<dataset name>/`` (see :func:`data_home`); pass
``path=`` a folder that already holds the original files to use them instead (they are
verified against the same checksums).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

from .cifar import read_cifar10_binary
from .deadline import DEFAULT_SECONDS, WaitBudget
from .download import DownloadError, PathLike, RemoteFile, fetch, verify_local
from .idx import read_idx

MNIST_MIRRORS = ("https://storage.googleapis.com/cvdf-datasets/mnist/",
                 "https://ossci-datasets.s3.amazonaws.com/mnist/",
                 "http://yann.lecun.com/exdb/mnist/")
FASHION_MIRRORS = ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                   "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")
CIFAR_MIRRORS = ("https://www.cs.toronto.edu/~kriz/", "http://www.cs.toronto.edu/~kriz/")
IDX_NAMES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
# SHA-256 of the four IDX_NAMES files of each release
MNIST_SHA256 = ("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")
FASHION_SHA256 = ("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                  "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                  "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                  "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    files: tuple[RemoteFile, ...]
    class_names: tuple[str, ...]


def _files(mirrors: tuple[str, ...], pins: Iterable[tuple[str, str, int]]) -> tuple[RemoteFile, ...]:
    return tuple(RemoteFile(n, sha, tuple(m + n for m in mirrors), size) for n, sha, size in pins)


DATASETS: dict[str, Dataset] = {d.name: d for d in [
    Dataset("mnist", "handwritten digits, 28x28 grey, 60,000 train / 10,000 test",
            _files(MNIST_MIRRORS, zip(IDX_NAMES, MNIST_SHA256, (9912422, 28881, 1648877, 4542))),
            tuple(str(i) for i in range(10))),
    Dataset("fashion_mnist", "Zalando clothing, 28x28 grey, 60,000 train / 10,000 test",
            _files(FASHION_MIRRORS, zip(IDX_NAMES, FASHION_SHA256, (26421880, 29515, 4422102, 5148))),
            ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
             "Bag", "Ankle boot")),
    Dataset("cifar10", "tiny colour photos, 32x32 RGB, 50,000 train / 10,000 test (binary release)",
            _files(CIFAR_MIRRORS, [("cifar-10-binary.tar.gz",
                                    "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
                                    170052171)]),
            ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")),
]}


def get_dataset(name: str) -> Dataset:
    key = name.strip().lower().replace("-", "_")
    if key not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; downloadable data sets are: {', '.join(DATASETS)}")
    return DATASETS[key]


def fetch_dataset(name: str, data_dir: Optional[PathLike] = None, path: Optional[PathLike] = None,
                  mirrors: Optional[Iterable[str]] = None, **kwargs) -> dict[str, Path]:
    """Verified local paths of every file of data set ``name``, keyed by file name.

    ``path``: a folder holding the original files (checked, not copied). ``mirrors``: base
    URLs to try instead of the built-in ones (each file's name is appended). Other keyword
    arguments go to :func:`fetch` (``retries``, ``backoff``, ``timeout``, ``progress``,
    ``deadline``); by default all files share one 15 s budget for a network that does not answer.
    """
    ds = get_dataset(name)
    out, errors = {}, []
    kwargs.setdefault("deadline", WaitBudget(DEFAULT_SECONDS))   # one budget for the whole data set
    for f in ds.files:  # try every file, then report all failures at once
        try:
            if path is not None:
                out[f.name] = verify_local(f, Path(path) / f.name)
            else:
                urls = None if mirrors is None else [m.rstrip("/") + "/" + f.name for m in mirrors]
                out[f.name] = fetch(f, ds.name, data_dir, urls=urls, **kwargs)
        except (DownloadError, FileNotFoundError) as e:
            errors.append(str(e))
    if errors:
        raise DownloadError(f"{ds.name}: {len(errors)} of {len(ds.files)} files unavailable. Place "
                            f"them by hand as shown below, or pass path= a folder that holds them."
                            f"\n\n" + "\n\n".join(errors))
    return out


def _load_idx_set(name: str, **kwargs):
    p = fetch_dataset(name, **kwargs)
    x_tr, y_tr, x_te, y_te = (read_idx(p[n]) for n in IDX_NAMES)
    return (x_tr[..., None], y_tr), (x_te[..., None], y_te)


def load_mnist(data_dir: Optional[PathLike] = None, path: Optional[PathLike] = None, **kwargs):
    """MNIST digits: ``((x_train, y_train), (x_test, y_test))``.

    x: uint8 (60000|10000, 28, 28, 1) NHWC, values 0..255; y: uint8 (N,) labels 0..9.
    """
    return _load_idx_set("mnist", data_dir=data_dir, path=path, **kwargs)


def load_fashion_mnist(data_dir: Optional[PathLike] = None, path: Optional[PathLike] = None, **kwargs):
    """Fashion-MNIST: same layout as :func:`load_mnist`; names in ``DATASETS['fashion_mnist']``."""
    return _load_idx_set("fashion_mnist", data_dir=data_dir, path=path, **kwargs)


def load_cifar10(data_dir: Optional[PathLike] = None, path: Optional[PathLike] = None, **kwargs):
    """CIFAR-10 from the binary release: x uint8 (N, 32, 32, 3) NHWC, y uint8 (N, 1) (Keras)."""
    p = fetch_dataset("cifar10", data_dir=data_dir, path=path, **kwargs)
    return read_cifar10_binary(p["cifar-10-binary.tar.gz"])


def class_names(name: str) -> tuple[str, ...]:
    """Human-readable class names of a downloadable data set, indexed by label."""
    return get_dataset(name).class_names
