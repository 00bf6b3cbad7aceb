"""Data parallelism on JAX's own sharding engine.

``fit(..., devices=jax.devices())`` builds a 1-D ``Mesh`` with axis ``"data"``; every batch is
split along its first axis over the devices (``NamedSharding(mesh, P("data"))``) and the params,
optimizer state and BatchNorm state are replicated (``P()``). The jitted step is the same
function as on one device: XLA's SPMD partitioner inserts the gradient all-reduce, and
reductions over the batch (the loss mean, BatchNorm's batch statistics) are global.

Multi-host recipe (one process per host, same script everywhere)::

    import jax
    jax.distributed.initialize(coordinator_address="host0:1234", num_processes=N, process_id=i)
    model.fit(x_local_shard_or_full, y, devices=jax.devices())   # all devices of all hosts

Each process passes the same global arrays (or its shard, assembled with
``jax.make_array_from_process_local_data``); see the README's multi-device section.
Testing here: ``XLA_FLAGS=--xla_force_host_platform_device_count=4`` gives 4 CPU devices.
"""
from __future__ import annotations

from typing import Optional, Sequence

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec as P


def data_mesh(devices: Optional[Sequence] = None) -> Mesh:
    """A 1-D mesh named ``"data"`` over ``devices`` (default: all devices)."""
    devices = list(jax.devices() if devices is None else devices)
    if not devices:
        raise ValueError("data_mesh needs at least one device")
    return Mesh(np.array(devices), ("data",))


def put(a, sharding: NamedSharding):
    """``a`` placed with ``sharding``. On one host that is ``jax.device_put``; across hosts (after
    ``jax.distributed.initialize``) the mesh has devices this process cannot address, so each
    process fills its own shards from its copy of the same global array."""
    if sharding.is_fully_addressable:
        return jax.device_put(a, sharding)
    if jax.dtypes.issubdtype(getattr(a, "dtype", None), jax.dtypes.prng_key):   # typed random keys
        impl = jax.random.key_impl(a)
        data = put(jax.random.key_data(a), sharding)
        return jax.jit(lambda d: jax.random.wrap_key_data(d, impl=impl), out_shardings=sharding)(data)
    host = np.asarray(a)
    return jax.make_array_from_callback(host.shape, sharding, lambda index: host[index])


def replicate(tree, mesh: Mesh):
    """Put every leaf on every device of the mesh."""
    sharding = NamedSharding(mesh, P())
    return jax.tree.map(lambda a: put(a, sharding), tree)


def shard_batch(x, mesh: Mesh):
    """Split an array's first axis over the mesh's ``"data"`` axis."""
    return put(x, NamedSharding(mesh, P("data")))
