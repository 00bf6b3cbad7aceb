"""Cutting data into equally shaped chunks of batches for the engine.

In-memory arrays are put on the device once; each epoch a seeded permutation (epoch number
folded into the seed) is padded to a whole number of batches. On one device the engine gathers
each step's batch itself (``epoch_batches``, ``gather.py``); with a mesh the batches are
gathered into ``(K, B, ...)`` chunks (``chunks``). Padded rows carry sample weight 0, so every
batch of every epoch has the same shape and the jitted step compiles once per batch size.

``steps_per_execution`` (K) is how many steps run between two looks of the host (callbacks,
Stop): one on-device loop of K steps, or K one-step calls when the model runs faster that way
(``per_step``, chosen by ``exec_mode.py``).

With a mesh (data parallelism), the batch axis of each chunk is sharded over the mesh's
``"data"`` axis and the dataset itself is replicated.
"""
from __future__ import annotations

import functools
import math
from typing import Iterable, Iterator, Optional

import jax
import jax.numpy as jnp
import numpy as np
from jax.sharding import NamedSharding, PartitionSpec as P

from .gather import EpochBatches
from .copies import to_device
from .parallel import put


def _as_device_array(a, sharding=None):
    a = np.asarray(a)
    if a.dtype == np.float64:
        a = a.astype(np.float32)
    elif a.dtype == np.int64:
        a = a.astype(np.int32)
    return put(a, sharding) if sharding is not None else to_device(a)


@functools.lru_cache(maxsize=None)
def _gatherers(mesh):
    """Jitted batch gathers, made once per mesh (so a new ``fit`` call compiles nothing new)."""
    out = NamedSharding(mesh, P(None, "data")) if mesh is not None else None
    take = jax.jit(lambda a, i: a[i], out_shardings=out)
    mask = jax.jit(lambda i, valid, w: valid if w is None else valid * w[i], out_shardings=out)
    return take, mask


class ArrayFeeder:
    """Chunks of batches from in-memory arrays ``x`` (N, ...) and ``y`` (N, ...) or None."""

    def __init__(self, x, y=None, *, batch_size: int = 32, shuffle: bool = True, seed: int = 0,
                 steps_per_execution: Optional[int] = None, sample_weight=None, mesh=None,
                 per_step: bool = False):
        n = len(x)
        if n == 0:
            raise ValueError("no data: x has 0 examples")
        if y is not None and len(y) != n:
            raise ValueError(f"x and y have different numbers of examples: {n} and {len(y)}")
        if batch_size is None:
            batch_size = 32
        if int(batch_size) < 1:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
        self.n, self.batch_size = n, int(batch_size)
        self.mesh = mesh
        if mesh is not None and self.batch_size % mesh.size:
            raise ValueError(f"batch_size {self.batch_size} must be divisible by the number of devices "
                             f"({mesh.size}) for data-parallel training")
        replicated = NamedSharding(mesh, P()) if mesh is not None else None
        self.x = _as_device_array(x, replicated)
        self.y = None if y is None else _as_device_array(y, replicated)
        self.w = None if sample_weight is None else _as_device_array(
            np.asarray(sample_weight, np.float32), replicated)
        self.shuffle, self.seed = shuffle, int(seed)
        self.steps = math.ceil(n / self.batch_size)
        k = self.steps if steps_per_execution in (None, "auto", 0) else int(steps_per_execution)
        self.k = max(1, min(k, self.steps))
        self.n_chunks = math.ceil(self.steps / self.k)
        self.per_step = bool(per_step)
        self._take, self._mask = _gatherers(mesh)
        self._counts: dict = {}

    @property
    def gathers_on_device(self) -> bool:
        """True when the engine can gather batches inside its jitted step (one device)."""
        return self.mesh is None and self.y is not None

    def epoch_batches(self, epoch: int = 0) -> EpochBatches:
        """The data and this epoch's ``idx``/``valid``, shape (steps, B), for the engine's
        gathering executions; the indices are sent once per epoch."""
        idx, valid = self._epoch_indices(epoch)
        shape = (-1, self.batch_size)
        return EpochBatches(self.x, self.y, self.w, to_device(idx.reshape(shape)[: self.steps]),
                            to_device(valid.reshape(shape)[: self.steps]))

    def n_steps(self, c: int) -> int:
        """Real steps in execution ``c`` (the last one may be shorter)."""
        return min(self.k, self.steps - c * self.k)

    def device_count(self, n: int):
        """``n`` as an int32 device scalar, made once (no transfer per execution)."""
        if n not in self._counts:
            self._counts[n] = to_device(n, np.int32)
        return self._counts[n]

    def _epoch_indices(self, epoch: int):
        if self.shuffle:
            order = np.random.default_rng([self.seed, epoch]).permutation(self.n)
        else:
            order = np.arange(self.n)
        total = self.n_chunks * self.k * self.batch_size
        idx = np.zeros(total, np.int32)
        idx[: self.n] = order
        valid = np.zeros(total, np.float32)
        valid[: self.n] = 1.0
        shape = (self.n_chunks, self.k, self.batch_size)
        return idx.reshape(shape), valid.reshape(shape)

    def chunks(self, epoch: int = 0) -> Iterator[tuple]:
        """Yield ``(xs, ys, ws, n_steps)`` with xs (K, B, ...), ws (K, B) float32 weights."""
        idx, valid = self._epoch_indices(epoch)
        for c in range(self.n_chunks):
            i = jnp.asarray(idx[c])
            xs = self._take(self.x, i)
            ys = None if self.y is None else self._take(self.y, i)
            ws = self._mask(i, jnp.asarray(valid[c]), self.w)
            n_steps = min(self.k, self.steps - c * self.k)
            yield xs, ys, ws, n_steps


class IterableFeeder:
    """Chunks of one batch from an iterable of ``(x, y)`` batches (e.g. an image folder).

    Batches smaller than the first one are padded with weight-0 rows, so a last partial batch
    does not compile a new step.
    """

    def __init__(self, batches: Iterable, mesh=None):
        self.batches = batches
        self.mesh = mesh
        self.batch_size = None
        try:
            self.steps = len(batches)
        except TypeError:
            self.steps = None

    def chunks(self, epoch: int = 0):
        for batch in self.batches:
            if not isinstance(batch, (tuple, list)) or len(batch) < 2:
                raise ValueError("a dataset for fit must yield (x, y) batches")
            x, y = np.asarray(batch[0]), np.asarray(batch[1])
            b = len(x)
            if self.batch_size is None:
                self.batch_size = b
            if b > self.batch_size:
                raise ValueError(f"batch of {b} examples is larger than the first batch "
                                 f"({self.batch_size}); batches must not grow")
            pad = self.batch_size - b
            w = np.concatenate([np.ones(b, np.float32), np.zeros(pad, np.float32)])
            if pad:
                x = np.concatenate([x, np.zeros((pad,) + x.shape[1:], x.dtype)])
                y = np.concatenate([y, np.zeros((pad,) + y.shape[1:], y.dtype)])
            sharding = NamedSharding(self.mesh, P(None, "data")) if self.mesh is not None else None
            yield (_as_device_array(x[None], sharding), _as_device_array(y[None], sharding),
                   _as_device_array(w[None], sharding), 1)
