"""The data format between the grader and the student's kernel: JSON plus ``.npz``, never pickle.

A message is a JSON tree in which arrays are replaced by ``{"$a": k}`` (entry ``a{k}`` of an
``.npz`` read with ``allow_pickle=False``) and the other non-JSON values by tagged objects:

    {"$t": [...]}           tuple              {"$d": [[key, value], ...]}   dict (any JSON key)
    {"$f": "nan"|"inf"|"-inf"}                 {"$key": k, "impl": "threefry2x32"}  typed PRNG key
    {"$a": k, "jax": true}  a jax array (decoded as one where jax is loaded, else numpy)

A function can only travel from the grader to the kernel, as ``{"$fn": k}``: a handle the kernel
calls back through the grader (which runs its own function on data). Object arrays, classes,
functions from the kernel and every other Python object are refused with a
``WireError`` that names the path of the offending value: nothing that carries code crosses.
Frames on a pipe are ``<8-byte length><JSON><8-byte length><npz>``, each bounded by ``limit``.
"""
from __future__ import annotations

import io
import json
import math
import os
import struct
import sys

import numpy as np

MAX_BYTES = 512 * 1024 * 1024


class WireError(ValueError):
    """A value that cannot cross between the grader and the kernel (or a broken frame)."""


def _is_jax_array(x) -> bool:
    return "jax" in sys.modules and type(x).__module__.startswith(("jax", "jaxlib"))


def _enc(x, arrays: list, path: str, fns: list | None = None):
    if fns is not None and callable(x) and not isinstance(x, type) and not hasattr(x, "dtype"):
        fns.append(x)  # the grader's own function, passed by reference: the kernel calls back
        return {"$fn": len(fns) - 1}
    if x is None or isinstance(x, (bool, str)) and not isinstance(x, np.generic):
        return x
    if isinstance(x, int) and not isinstance(x, np.generic):
        return int(x)
    if isinstance(x, float) and not isinstance(x, np.generic):
        return x if math.isfinite(x) else {"$f": repr(float(x))}
    if isinstance(x, (tuple, list)):
        items = [_enc(v, arrays, f"{path}[{i}]", fns) for i, v in enumerate(x)]
        return {"$t": items} if isinstance(x, tuple) else items
    if isinstance(x, dict):
        return {"$d": [[_enc(k, arrays, f"{path} key"), _enc(v, arrays, f"{path}[{k!r}]", fns)]
                       for k, v in x.items()]}
    if _is_jax_array(x) or isinstance(x, (np.ndarray, np.generic)):
        is_jax = _is_jax_array(x)
        if is_jax:
            import jax
            if jax.dtypes.issubdtype(x.dtype, jax.dtypes.prng_key):
                data = np.asarray(jax.random.key_data(x))
                arrays.append(data)
                return {"$key": len(arrays) - 1, "impl": str(jax.random.key_impl(x))}
        a = np.asarray(x)
        if a.dtype.hasobject or a.dtype.kind not in "biufcUS":
            raise WireError(f"{path}: an array of dtype {a.dtype} cannot be sent (numbers only)")
        arrays.append(a)
        return {"$a": len(arrays) - 1, "jax": True} if is_jax else (
            {"$a": len(arrays) - 1, "scalar": True} if isinstance(x, np.generic) else {"$a": len(arrays) - 1})
    raise WireError(f"{path}: a {type(x).__name__} cannot be sent; use arrays, numbers, strings, "
                    "None, or tuples/lists/dicts of them")


def encode(obj, fns: list | None = None) -> tuple[bytes, bytes]:
    """``obj`` as (JSON bytes, npz bytes). With a list ``fns`` (the grader's side only), functions
    are appended to it and sent as ``{"$fn": k}``: the kernel can call them back, never see them."""
    arrays: list = []
    tree = _enc(obj, arrays, "value", fns)
    buf = io.BytesIO()
    np.savez(buf, **{f"a{i}": a for i, a in enumerate(arrays)})
    return json.dumps(tree, allow_nan=False).encode(), buf.getvalue()


CALLBACK = None  # the kernel sets it: index -> a function that asks the grader to call its k-th function


def _dec(t, npz, as_jax: bool):
    if isinstance(t, list):
        return [_dec(v, npz, as_jax) for v in t]
    if not isinstance(t, dict):
        return t
    if "$t" in t:
        return tuple(_dec(v, npz, as_jax) for v in t["$t"])
    if "$d" in t:
        return {_freeze(_dec(k, npz, as_jax)): _dec(v, npz, as_jax) for k, v in t["$d"]}
    if "$fn" in t:
        if CALLBACK is None:
            raise WireError("a function reference arrived where none may")
        return CALLBACK(int(t["$fn"]))
    if "$f" in t:
        return float(t["$f"])
    if "$key" in t:
        import jax
        return jax.random.wrap_key_data(np.asarray(npz[f"a{int(t['$key'])}"]), impl=str(t["impl"]))
    if "$a" in t:
        a = npz[f"a{int(t['$a'])}"]
        if t.get("scalar"):
            return a[()]
        if t.get("jax") and as_jax and "jax" in sys.modules:
            import jax.numpy as jnp
            return jnp.asarray(a)
        return a
    raise WireError(f"unknown tag in message: {sorted(t)[:3]}")


def _freeze(k):
    return tuple(k) if isinstance(k, list) else k


def decode(header: bytes, payload: bytes, *, as_jax: bool = True):
    """Inverse of :func:`encode`; the npz is read with ``allow_pickle=False``."""
    try:
        tree = json.loads(header)
        npz = np.load(io.BytesIO(payload), allow_pickle=False) if payload else {}
        return _dec(tree, npz, as_jax)
    except WireError:
        raise
    except Exception as e:  # noqa: BLE001 - a malformed frame from the student's side
        raise WireError(f"malformed message: {type(e).__name__}: {str(e)[:200]}") from None


def write_frame(fd: int, obj, fns: list | None = None) -> None:
    """Write ``obj`` (encoded) to the file descriptor ``fd``."""
    header, payload = encode(obj, fns)
    data = struct.pack("<Q", len(header)) + header + struct.pack("<Q", len(payload)) + payload
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        b = os.read(fd, min(left, 1 << 20))
        if not b:
            raise EOFError("the other side closed the pipe")
        chunks.append(b)
        left -= len(b)
    return b"".join(chunks)


def read_frame(fd: int, *, limit: int = MAX_BYTES, as_jax: bool = True):
    """Read one frame from ``fd`` (blocking); WireError when a part exceeds ``limit`` bytes."""
    parts = []
    for _ in range(2):
        (n,) = struct.unpack("<Q", _read_exact(fd, 8))
        if n > limit:
            raise WireError(f"message of {n} bytes exceeds the limit of {limit}")
        parts.append(_read_exact(fd, n))
    return decode(parts[0], parts[1], as_jax=as_jax)
