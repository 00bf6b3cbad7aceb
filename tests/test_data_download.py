"""Download path and IDX parser, tested on the real Fashion-MNIST label files.

The files are served from a loopback HTTP server; the cache lives in tmp_path.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import io
import struct
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest

from dltoolkit.data import (DATASETS, DownloadError, RemoteFile, fetch, fetch_dataset, parse_idx,
                            read_cifar10_binary, read_idx)
from dltoolkit.data.cli import main as cli_main

SHARED = Path(__file__).resolve().parent / "data"   # vendored real files, see data/README.md
TRAIN = "fashion-mnist-train-labels-idx1-ubyte.gz"
TEST = "fashion-mnist-t10k-labels-idx1-ubyte.gz"
# published SHA-256 values, as recorded in tests/data/README.md (not computed by our code)
SHA_TRAIN = "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"
SHA_TEST = "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"



class Server:
    """http.server on 127.0.0.1 with an ephemeral port, serving ``root`` from a thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        if not self.thread.is_alive():
            return
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    server = Server(root)
    yield root, server
    server.stop()


def _remote(name, sha, url):
    return RemoteFile(name, sha, (url + name,))


def test_real_labels_download_parse_and_cache(served, tmp_path):
    root, server = served
    (root / "train-labels-idx1-ubyte.gz").write_bytes((SHARED / TRAIN).read_bytes())
    (root / "t10k-labels-idx1-ubyte.gz").write_bytes((SHARED / TEST).read_bytes())
    cache = tmp_path / "cache"
    r_train = _remote("train-labels-idx1-ubyte.gz", SHA_TRAIN, server.url)
    r_test = _remote("t10k-labels-idx1-ubyte.gz", SHA_TEST, server.url)
    p_train = fetch(r_train, "fashion_mnist", cache, progress=False)
    p_test = fetch(r_test, "fashion_mnist", cache, progress=False)
    assert p_train == cache / "fashion_mnist" / "train-labels-idx1-ubyte.gz"
    y_train, y_test = read_idx(p_train), read_idx(p_test)
    assert y_train.shape == (60000,) and y_train.dtype == np.uint8
    assert y_test.shape == (10000,)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    # only the verified files, no leftover temporaries
    assert sorted(p.name for p in (cache / "fashion_mnist").iterdir()) == sorted([p_train.name, p_test.name])
    # second load: the server is gone, the cache answers
    server.stop()
    with pytest.raises(OSError):  # really offline now
        __import__("urllib.request").request.urlopen(server.url + "x", timeout=2)
    again = fetch(r_train, "fashion_mnist", cache, progress=False, retries=1, timeout=2)
    assert again == p_train and np.array_equal(read_idx(again), y_train)


@pytest.mark.parametrize("damage", ["truncated", "altered"])
def test_bad_download_is_rejected_and_leaves_nothing(served, tmp_path, damage):
    root, server = served
    raw = bytearray((SHARED / TRAIN).read_bytes())
    if damage == "truncated":
        raw = raw[: len(raw) // 2]
    else:
        raw[len(raw) // 2] ^= 0xFF
    (root / "train-labels-idx1-ubyte.gz").write_bytes(bytes(raw))
    cache = tmp_path / "cache"
    remote = _remote("train-labels-idx1-ubyte.gz", SHA_TRAIN, server.url)
    with pytest.raises(DownloadError) as err:
        fetch(remote, "fashion_mnist", cache, progress=False, retries=2, backoff=0)
    msg = str(err.value)
    assert "train-labels-idx1-ubyte.gz" in msg and SHA_TRAIN in msg and "checksum mismatch" in msg
    assert str(cache / "fashion_mnist" / "train-labels-idx1-ubyte.gz") in msg
    assert list((cache / "fashion_mnist").iterdir()) == []


def test_dataset_mirrors_fall_through_and_missing_file_error(served, tmp_path):
    root, server = served
    (root / "train-labels-idx1-ubyte.gz").write_bytes((SHARED / TRAIN).read_bytes())
    dead = "http://127.0.0.1:9/"  # first mirror refuses connections
    with pytest.raises(DownloadError) as err:
        fetch_dataset("fashion_mnist", data_dir=tmp_path, mirrors=[dead, server.url],
                      progress=False, retries=1, timeout=2)
    # the labels came through the second mirror; the images (not served) are named in the error
    assert (tmp_path / "fashion_mnist" / "train-labels-idx1-ubyte.gz").exists()
    images = DATASETS["fashion_mnist"].files[0]
    assert images.name in str(err.value) and images.sha256 in str(err.value)


def test_local_path_is_verified(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "train-labels-idx1-ubyte.gz").write_bytes((SHARED / TRAIN).read_bytes())
    (folder / "train-images-idx3-ubyte.gz").write_bytes(b"not the file")
    with pytest.raises(DownloadError) as err:
        fetch_dataset("fashion_mnist", path=folder)
    msg = str(err.value)
    assert "3 of 4 files" in msg  # the real labels file passed its check
    assert str(folder / "train-images-idx3-ubyte.gz") in msg and "t10k-labels-idx1-ubyte.gz" in msg


def test_offline_env_gives_manual_instructions(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTOOLKIT_OFFLINE", "1")
    monkeypatch.setenv("DLTOOLKIT_DATA", str(tmp_path))
    with pytest.raises(DownloadError) as err:
        fetch_dataset("mnist")
    msg = str(err.value)
    assert "train-images-idx3-ubyte.gz" in msg and str(tmp_path / "mnist") in msg
    assert DATASETS["mnist"].files[0].sha256 in msg


def test_idx_parser_against_struct_oracle():
    rng = np.random.default_rng(0)
    imgs = rng.integers(0, 256, size=(3, 4, 5), dtype=np.uint8)
    raw = struct.pack(">BBBB3I", 0, 0, 0x08, 3, 3, 4, 5) + imgs.tobytes()
    assert np.array_equal(parse_idx(raw), imgs)
    assert np.array_equal(parse_idx(gzip.compress(raw)), imgs)
    vals = np.array([1.5, -2.25], dtype=">f8")
    got = parse_idx(struct.pack(">BBBBI", 0, 0, 0x0E, 1, 2) + vals.tobytes())
    assert got.tolist() == [1.5, -2.25]
    with pytest.raises(ValueError, match="truncated"):
        parse_idx(raw[:-1])
    with pytest.raises(ValueError, match="not an IDX"):
        parse_idx(b"\x01\x02\x03\x04")


def test_cifar_binary_reader(tmp_path):
    rng = np.random.default_rng(1)
    def batch(n):
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        planes = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)  # R, G, B planes
        data = b"".join(bytes([l]) + p.tobytes() for l, p in zip(labels, planes))
        return data, labels, planes
    archive = tmp_path / "cifar-10-binary.tar.gz"
    truth = {}
    with tarfile.open(archive, "w:gz") as tar:
        for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
            data, labels, planes = batch(3)
            truth[name] = (labels, planes)
            info = tarfile.TarInfo("cifar-10-batches-bin/" + name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (xtr, ytr), (xte, yte) = read_cifar10_binary(archive)
    assert xtr.shape == (15, 32, 32, 3) and ytr.shape == (15, 1) and xte.shape == (3, 32, 32, 3)
    labels, planes = truth["data_batch_2.bin"]
    assert ytr[3:6, 0].tolist() == labels.tolist()
    # pixel (row 5, col 7) of image 0 in batch 2: green is plane 1
    assert xtr[3, 5, 7, 1] == planes[0, 1, 5, 7]
    assert np.array_equal(xte[..., 2], truth["test_batch.bin"][1][:, 2])


def test_pins_look_like_sha256_and_cli(tmp_path, capsys):
    for ds in DATASETS.values():
        for f in ds.files:
            assert len(f.sha256) == 64 and int(f.sha256, 16) >= 0
            assert len(f.urls) >= 2, f"{f.name} needs more than one mirror"
    assert cli_main(["data", "--data-dir", str(tmp_path), "list"]) == 0
    assert "fashion_mnist" in capsys.readouterr().out
    assert cli_main(["data", "--data-dir", str(tmp_path), "verify"]) == 0
    assert cli_main(["data", "--data-dir", str(tmp_path), "verify", "mnist"]) == 1
    (tmp_path / "cifar10").mkdir()
    (tmp_path / "cifar10" / "cifar-10-binary.tar.gz").write_bytes(b"junk")
    assert cli_main(["data", "--data-dir", str(tmp_path), "verify"]) == 1
    assert "CHECKSUM MISMATCH" in capsys.readouterr().out


def test_load_mnist_layout_from_local_folder(tmp_path, monkeypatch):
    """Assembly of load_mnist from a user folder: Keras order, NHWC uint8 images."""
    import dltoolkit.data.real as real

    rng = np.random.default_rng(0)
    arrays = {"train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
              "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 6, dtype=np.uint8),
              "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (4, 28, 28), dtype=np.uint8),
              "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 4, dtype=np.uint8)}
    files = []
    for name, arr in arrays.items():
        raw = struct.pack(f">BBBB{arr.ndim}I", 0, 0, 8, arr.ndim, *arr.shape) + arr.tobytes()
        data = gzip.compress(raw)
        (tmp_path / name).write_bytes(data)
        files.append(RemoteFile(name, hashlib.sha256(data).hexdigest(), ("http://unused/",)))
    fake = real.Dataset("mnist", "test double", tuple(files), real.DATASETS["mnist"].class_names)
    monkeypatch.setitem(real.DATASETS, "mnist", fake)
    (xtr, ytr), (xte, yte) = real.load_mnist(path=tmp_path)
    assert xtr.shape == (6, 28, 28, 1) and xtr.dtype == np.uint8 and xte.shape == (4, 28, 28, 1)
    assert np.array_equal(xtr[..., 0], arrays["train-images-idx3-ubyte.gz"])
    assert np.array_equal(yte, arrays["t10k-labels-idx1-ubyte.gz"])
