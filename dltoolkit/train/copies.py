"""Fresh copies of a pytree of arrays, and host arrays put on the device, without compiling.

The train state is donated to every execution of the step, so whoever keeps a copy (the model
after a run, the last good state, a widget's snapshot) needs its own buffers. ``jnp.copy`` per
leaf compiles a small program for every leaf shape (about 30 ms each on a 2-core CPU: 40 leaves
cost over a second before the first Train shows anything). ``jax.device_put(..., may_alias=False)``
copies on the device with no compilation, and puts every leaf on an explicit sharding (its own,
or the default device's), so the copies are *committed* arrays like the step's outputs. That
matters too: jit caches a program per committed/uncommitted signature, so feeding the step
uncommitted arrays in one run and committed ones in the next compiled it twice.
"""
from __future__ import annotations

import jax
import numpy as np


def _sharding(leaf, default):
    return leaf.sharding if isinstance(leaf, jax.Array) else default


@jax.jit
def _jit_copy(tree):
    return jax.tree.map(lambda a: a.copy(), tree)


def fresh_copy(tree):
    """New, committed buffers for every array leaf of ``tree`` (same values, dtypes and
    shardings; numpy leaves go to the default device). Compiles nothing."""
    leaves, treedef = jax.tree_util.tree_flatten(tree)
    if not leaves:
        return tree
    if jax.process_count() > 1:         # several processes: one SPMD copy that all of them run
        return _jit_copy(tree)
    default = jax.sharding.SingleDeviceSharding(jax.devices()[0])
    arrays = [x if isinstance(x, jax.Array) else np.asarray(x) for x in leaves]
    copied = jax.device_put(arrays, [_sharding(x, default) for x in arrays], may_alias=False)
    return jax.tree_util.tree_unflatten(treedef, copied)


def to_device(a, dtype=None):
    """``a`` (numpy or Python) as a committed array on the default device, by a plain transfer:
    ``jnp.asarray`` of a numpy array compiles a small program per shape in this JAX."""
    a = np.asarray(a) if dtype is None else np.asarray(a, dtype)
    return jax.device_put(a, jax.sharding.SingleDeviceSharding(jax.devices()[0]))
