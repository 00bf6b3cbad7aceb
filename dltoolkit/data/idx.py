"""Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al.).

An IDX file is a 4-byte magic number ``0x00 0x00 <type> <ndim>``, then ``ndim`` big-endian
uint32 dimension sizes, then the values in C order, big-endian. The files are usually
gzip-compressed (``.gz``); both forms are read here.
"""
from __future__ import annotations

import gzip
import struct
from pathlib import Path
from typing import Union

import numpy as np

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def parse_idx(data: bytes, name: str = "<bytes>") -> np.ndarray:
    """Decode IDX bytes (gzip-compressed or not) into an array with native byte order."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise ValueError(f"{name}: corrupt or truncated gzip data ({e})") from e
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{name}: not an IDX file (magic bytes {data[:4]!r}, expected 00 00 <type> <ndim>)")
    code, ndim = data[2], data[3]
    if code not in IDX_TYPES:
        raise ValueError(f"{name}: unknown IDX data type 0x{code:02x}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{name}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(IDX_TYPES[code])
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) - header != expected:
        raise ValueError(f"{name}: IDX header says shape {shape} ({expected} bytes of data) but the "
                         f"file holds {len(data) - header} bytes (truncated or corrupt)")
    arr = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="))


def read_idx(path: Union[str, Path]) -> np.ndarray:
    """Read an IDX file (``.gz`` or raw) from disk; see :func:`parse_idx`."""
    path = Path(path)
    return parse_idx(path.read_bytes(), name=str(path))
