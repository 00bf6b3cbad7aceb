"""The grader/kernel data format: numbers, arrays, typed keys and containers cross; code never does."""
from __future__ import annotations

import io
import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from dltoolkit.grading.wire import WireError, decode, encode, read_frame, write_frame


def test_round_trip_keeps_types_dtypes_and_structure():
    value = (np.arange(6, dtype=np.float32).reshape(2, 3), {"w": [1, 2.5, float("nan"), None, True, "s"], 3: (4,)},
             np.float32(2.5), np.int64(7), jnp.arange(3))
    out = decode(*encode(value))
    assert isinstance(out, tuple) and out[0].dtype == np.float32 and np.array_equal(out[0], value[0])
    assert out[1]["w"][:2] == [1, 2.5] and np.isnan(out[1]["w"][2]) and out[1]["w"][3:] == [None, True, "s"]
    assert out[1][3] == (4,)
    assert out[2].dtype == np.float32 and out[2] == np.float32(2.5) and out[3].dtype == np.int64
    assert isinstance(out[4], jax.Array) and out[4].tolist() == [0, 1, 2]


def test_typed_and_raw_prng_keys_cross_as_key_data():
    k = jax.random.key(3)
    out = decode(*encode(k))
    assert jax.dtypes.issubdtype(out.dtype, jax.dtypes.prng_key)
    assert np.array_equal(jax.random.key_data(out), jax.random.key_data(k))
    assert np.array_equal(jax.random.normal(out, (3,)), jax.random.normal(k, (3,)))
    raw = decode(*encode(jax.random.PRNGKey(1)))
    assert raw.dtype == jnp.uint32 and raw.shape == (2,)


@pytest.mark.parametrize("bad", [lambda x: x, object(), np.array([object()]), {1, 2}, type])
def test_code_and_objects_are_refused(bad):
    with pytest.raises(WireError):
        encode(bad)


def test_a_pickled_array_in_the_npz_is_refused():
    buf = io.BytesIO()
    np.savez(buf, a0=np.array([{"evil": 1}], dtype=object))
    with pytest.raises(WireError):
        decode(b'{"$a": 0}', buf.getvalue())


def test_frames_over_a_pipe_and_the_size_limit():
    r, w = os.pipe()
    write_frame(w, {"op": "call", "args": (np.ones(3),)})
    out = read_frame(r)
    assert out["op"] == "call" and np.array_equal(out["args"][0], np.ones(3))
    write_frame(w, {"x": np.zeros(1000)})
    with pytest.raises(WireError, match="exceeds the limit"):
        read_frame(r, limit=100)
    os.close(r)
    os.close(w)
