"""Reader for the *binary* CIFAR-10 release (``cifar-10-binary.tar.gz``).

Each batch file is a sequence of 3,073-byte records: 1 label byte (0..9), then 3,072 pixel
bytes: the 1,024 red values of the 32x32 image in row-major order, then green, then blue.
The Python release of CIFAR uses ``pickle``, which can run arbitrary code when loading a
downloaded file; this reader never unpickles anything.
"""
from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Union

import numpy as np

RECORD = 1 + 3 * 32 * 32
TRAIN_BATCHES = tuple(f"data_batch_{i}.bin" for i in range(1, 6))
TEST_BATCHES = ("test_batch.bin",)


def parse_cifar_records(data: bytes, name: str = "<bytes>") -> tuple[np.ndarray, np.ndarray]:
    """Records -> (images uint8 (N, 32, 32, 3) NHWC, labels uint8 (N,))."""
    if len(data) % RECORD:
        raise ValueError(f"{name}: {len(data)} bytes is not a whole number of {RECORD}-byte CIFAR records")
    rec = np.frombuffer(data, np.uint8).reshape(-1, RECORD)
    images = rec[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), rec[:, 0].copy()


def read_cifar10_binary(archive: Union[str, Path]) -> tuple[tuple[np.ndarray, np.ndarray],
                                                              tuple[np.ndarray, np.ndarray]]:
    """Read ``cifar-10-binary.tar.gz`` -> ``((x_train, y_train), (x_test, y_test))``.

    Images are uint8 NHWC ``(N, 32, 32, 3)``; labels uint8 of shape ``(N, 1)`` as in Keras.
    """
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                base = member.name.rsplit("/", 1)[-1]
                if member.isfile() and base in TRAIN_BATCHES + TEST_BATCHES:
                    found[base] = tar.extractfile(member).read()
    except (tarfile.TarError, EOFError, OSError) as e:
        if isinstance(e, FileNotFoundError):
            raise
        raise ValueError(f"{archive}: not a readable .tar.gz archive ({type(e).__name__}: {e}); the "
                         f"file is truncated or corrupt: delete it and download it again") from None
    missing = [b for b in TRAIN_BATCHES + TEST_BATCHES if b not in found]
    if missing:
        raise ValueError(f"{archive}: not the binary CIFAR-10 archive, missing {missing}")

    def stack(names):
        parts = [parse_cifar_records(found[b], f"{archive}: {b}") for b in names]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])[:, None]

    return stack(TRAIN_BATCHES), stack(TEST_BATCHES)
