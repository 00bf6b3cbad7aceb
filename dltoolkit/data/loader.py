"""``DataLoader``: mini-batches from in-memory arrays, shuffled per epoch, prefetched.

Epoch ``e`` visits the examples in the order ``permutation(N)`` drawn from
``np.random.default_rng([seed, e])``: every example exactly once per epoch, a new order
every epoch, and the same order for the same (seed, epoch), whatever happened before.
With ``prefetch > 0`` a background thread slices the next batches and moves them to the
device with ``jax.device_put`` while the current step runs, through a bounded queue of
``prefetch`` batches, so the accelerator does not wait for the host.
"""
from __future__ import annotations

import queue
import threading
from typing import Any, Iterator, Optional

import numpy as np

_DONE = object()


class DataLoader:
    """Iterate over ``(x_batch, y_batch)`` (or ``x_batch`` when ``y`` is None).

    Args:
      x, y: arrays with the same first dimension N (y optional).
      batch_size: examples per batch; the last batch is smaller unless ``drop_last``.
      shuffle: reshuffle every epoch (seeded); otherwise the stored order.
      seed: int seed of the shuffles.
      drop_last: skip a final partial batch, so every batch has ``batch_size`` rows (a jitted
        step then compiles once).
      prefetch: batches prepared ahead in a background thread (0 = synchronous).
      device_put: move batches to the default device (``jax.device_put``) or a given
        ``jax.Device``/``Sharding``; False keeps NumPy arrays.
    """

    def __init__(self, x: Any, y: Any = None, batch_size: int = 32, shuffle: bool = True,
                 seed: int = 0, drop_last: bool = False, prefetch: int = 2,
                 device_put: Any = True) -> None:
        self.x = np.asarray(x)
        self.y = None if y is None else np.asarray(y)
        if self.y is not None and len(self.y) != len(self.x):
            raise ValueError(f"x and y must have the same number of examples, got {len(self.x)} and {len(self.y)}")
        if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        self.batch_size, self.shuffle, self.seed = int(batch_size), shuffle, seed
        self.drop_last, self.prefetch, self.device_put = drop_last, int(prefetch), device_put
        self.epoch = 0

    def __len__(self) -> int:
        """Batches per epoch."""
        n = len(self.x)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def order(self, epoch: int) -> np.ndarray:
        """The example indices of ``epoch`` in visiting order."""
        n = len(self.x)
        return np.random.default_rng([self.seed, epoch]).permutation(n) if self.shuffle else np.arange(n)

    def _host_batches(self, epoch: int) -> Iterator:
        idx = self.order(epoch)
        for b in range(len(self)):
            sel = idx[b * self.batch_size:(b + 1) * self.batch_size]
            if not self.shuffle:  # contiguous: a view, no copy
                sel = slice(b * self.batch_size, (b + 1) * self.batch_size)
            yield self.x[sel] if self.y is None else (self.x[sel], self.y[sel])

    def _put(self, batch: Any) -> Any:
        if self.device_put is False:
            return batch
        import jax

        device = None if self.device_put is True else self.device_put
        return jax.device_put(batch, device)

    def iter_epoch(self, epoch: int) -> Iterator:
        """The batches of a given epoch (does not advance ``self.epoch``)."""
        if self.prefetch <= 0:
            for batch in self._host_batches(epoch):
                yield self._put(batch)
            return
        q: queue.Queue = queue.Queue(maxsize=self.prefetch)
        stop = threading.Event()

        def produce() -> None:
            try:
                for batch in self._host_batches(epoch):
                    item = self._put(batch)
                    while not stop.is_set():
                        try:
                            q.put(item, timeout=0.1)
                            break
                        except queue.Full:
                            continue
                    if stop.is_set():
                        return
                q.put(_DONE)
            except BaseException as e:  # hand the error to the consumer
                q.put(e)

        worker = threading.Thread(target=produce, name="dltoolkit-prefetch", daemon=True)
        worker.start()
        try:
            while True:
                item = q.get()
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:  # consumer stopped early (break) or finished: release the producer
            stop.set()
            while worker.is_alive():
                try:
                    q.get_nowait()
                except queue.Empty:
                    worker.join(timeout=0.05)

    def __iter__(self) -> Iterator:
        epoch, self.epoch = self.epoch, self.epoch + 1
        return self.iter_epoch(epoch)

    def __repr__(self) -> str:
        return (f"DataLoader(N={len(self.x)}, batch_size={self.batch_size}, batches={len(self)}, "
                f"shuffle={self.shuffle}, drop_last={self.drop_last}, prefetch={self.prefetch})")
