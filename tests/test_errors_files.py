"""File-format errors name the file and what is wrong; downloads give up within 15 s.

The download tests never leave the machine: a local server that accepts connections and never
answers, a port where nothing listens, a name that cannot resolve, and a name lookup that
hangs (``socket.getaddrinfo`` patched to sleep). Each asserts the total time against the
budget (15 s, plus a margin for this loaded machine) and the message that says where to
place the files by hand.
"""
import contextlib
import hashlib
import socket
import threading
import time

import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.data import DownloadError, RemoteFile, fetch
from dltoolkit.data.cifar import read_cifar10_binary
from dltoolkit.layers import Dense
from dltoolkit.models import Sequential

BUDGET, MARGIN = 15.0, 4.0


@pytest.fixture
def saved(tmp_path):
    model = Sequential([Dense(3, activation="softmax", input_dim=4)])
    model.build()
    path = tmp_path / "model.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return path, arrays


@pytest.mark.parametrize("meta,expected", [
    (b'{"format": "dltoolkit-checkpoint", ', r"__meta__ entry is not valid JSON \(JSONDecodeError"),
    (b"\xff\xfe not utf-8", r"__meta__ entry is not valid JSON \(UnicodeDecodeError"),
    (b"[1, 2]", r"__meta__ holds a JSON list, not an object"),
])
def test_corrupt_meta_names_the_file(saved, meta, expected):
    path, arrays = saved
    arrays["__meta__"] = np.frombuffer(meta, np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=expected) as e:
        dl.models.load(path)
    assert str(path) in str(e.value)
    with pytest.raises(ValueError, match=expected):
        Sequential([Dense(3, activation="softmax", input_dim=4)]).load_weights(path)


def test_unbuildable_architecture_names_the_file(saved):
    path, arrays = saved
    arrays["__meta__"] = np.frombuffer(b'{"format": "dltoolkit-checkpoint", "model": {"class": '
                                       b'"NoSuchLayer", "config": {}}}', np.uint8)
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"model\.npz: the saved architecture cannot be rebuilt "
                                         r"\(.*NoSuchLayer"):
        dl.models.load(path)


def test_corrupt_cifar_archive_names_the_file(tmp_path):
    path = tmp_path / "cifar-10-binary.tar.gz"
    path.write_bytes(b"this is not a gzip file")
    with pytest.raises(ValueError, match=r"cifar-10-binary\.tar\.gz: not a readable \.tar\.gz archive "
                                         r"\(ReadError.*download it again"):
        read_cifar10_binary(path)


@contextlib.contextmanager
def silent_server():
    """Accepts every connection and never sends a byte."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    srv.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/"
    finally:
        stop.set()
        t.join()
        for c in held:
            c.close()
        srv.close()


def _closed_port() -> str:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}/"


def _load_mnist_within_budget(tmp_path, mirror):
    dl.data.load_mnist                              # import the data package before the clock
    t0 = time.monotonic()
    with pytest.raises(DownloadError) as e:
        dl.data.load_mnist(data_dir=tmp_path, mirrors=[mirror], progress=False)
    elapsed = time.monotonic() - t0
    msg = str(e.value)
    assert elapsed <= BUDGET + MARGIN, f"took {elapsed:.1f} s"
    assert "4 of 4 files unavailable" in msg and "pass path=" in msg
    for name in ("train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        assert f"place it at\n  {tmp_path / 'mnist' / name}" in msg
    assert "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609" in msg
    assert not list((tmp_path / "mnist").glob("*.part"))     # nothing partial left behind
    return elapsed, msg


def test_silent_server_gives_up_within_the_budget(tmp_path):
    with silent_server() as url:
        elapsed, msg = _load_mnist_within_budget(tmp_path, url)
    assert elapsed >= BUDGET - 1.0                  # it did wait for an answer, then gave up
    assert "gave up: the network did not answer within 15 s" in msg


def test_refused_connection_within_the_budget(tmp_path):
    _load_mnist_within_budget(tmp_path, _closed_port())


def test_unresolvable_host(tmp_path):
    _load_mnist_within_budget(tmp_path, "http://no-such-host.invalid/")


def test_hanging_name_lookup(tmp_path, monkeypatch):
    # DNS ignores socket timeouts: the lookup runs in a helper thread that is abandoned
    real = socket.getaddrinfo

    def hang(host, *args, **kwargs):
        if host == "hangs.example":
            time.sleep(60)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hang)
    elapsed, msg = _load_mnist_within_budget(tmp_path, "http://hangs.example/")
    assert "no answer within" in msg


@contextlib.contextmanager
def slow_server(body: bytes, pieces: int, gap: float):
    """Answers every request with ``body``, sent in ``pieces`` parts ``gap`` seconds apart."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)

    def serve():
        conn, _ = srv.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
            step = -(-len(body) // pieces)
            for i in range(0, len(body), step):
                time.sleep(gap)
                conn.sendall(body[i:i + step])

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/"
    finally:
        t.join(30)
        srv.close()


def test_slow_but_working_download_is_not_cut_off(tmp_path):
    # the budget counts waiting on failures only: bytes that keep arriving cost nothing
    body = bytes(range(256)) * 40
    remote = RemoteFile("slow.bin", hashlib.sha256(body).hexdigest(), ())
    with slow_server(body, pieces=8, gap=0.4) as url:              # about 3.2 s in all
        t0 = time.monotonic()
        path = fetch(remote, "slow", tmp_path, urls=[url + "slow.bin"], deadline=1.0, progress=False)
        elapsed = time.monotonic() - t0
    assert path.read_bytes() == body and elapsed > 1.0
