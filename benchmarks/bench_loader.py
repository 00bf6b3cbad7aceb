"""Loader throughput, and how long a jitted conv step waits for data.

    .venv/bin/python benchmarks/bench_loader.py [--n 20000] [--batch-size 128] [--steps 150]

Part 1 prints batches/s of ``dl.data.DataLoader`` (synchronous and prefetching) next to a
bare NumPy loop that permutes the indices and slices ``x[idx], y[idx]`` (the peer), with
and without moving each batch to the device, as ratios in one run.
Part 2 feeds a jitted SGD step of ``dl.models.lenet5`` (28x28x1, logits) and reports the
fraction of wall time the step loop spends waiting for the next batch (target <= 10%).
"""
from __future__ import annotations

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np

import dltoolkit as dl
from dltoolkit.data import DataLoader


def numpy_loop(x, y, batch_size, epoch, put):
    idx = np.random.default_rng([0, epoch]).permutation(len(x))
    for s in range(0, len(x), batch_size):
        sel = idx[s:s + batch_size]
        b = (x[sel], y[sel])
        yield jax.device_put(b) if put else b


def rate(make_iter, epochs=2):
    """Batches per second over ``epochs`` passes (after one warm-up pass)."""
    for b in make_iter(0):
        jax.block_until_ready(b)
    t, n = time.perf_counter(), 0
    for e in range(1, epochs + 1):
        for b in make_iter(e):
            jax.block_until_ready(b)
            n += 1
    return n / (time.perf_counter() - t)


def conv_feed(x, y, batch_size, steps, prefetch):
    model = dl.models.lenet5(input_shape=x.shape[1:], output_activation=None)
    params, state = model.init(jax.random.key(0))

    def loss_fn(p, xb, yb):
        logits, _ = model.apply(p, state, xb, train=True)
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), yb[:, None], 1))

    @jax.jit
    def step(p, xb, yb):
        loss, g = jax.value_and_grad(loss_fn)(p, xb, yb)
        return jax.tree.map(lambda w, d: w - 0.05 * d, p, g), loss

    loader = DataLoader(x, y, batch_size=batch_size, drop_last=True, prefetch=prefetch)
    xb, yb = next(iter(loader))
    params, loss = step(params, xb, yb)  # compile
    jax.block_until_ready(loss)
    t0 = time.perf_counter()
    for _ in range(20):  # compute-only reference: one batch already on the device
        params, loss = step(params, xb, yb)
    jax.block_until_ready(loss)
    compute = (time.perf_counter() - t0) / 20
    wait = busy = 0.0
    done = 0
    while done < steps:
        it = iter(loader)
        while done < steps:
            t = time.perf_counter()
            try:
                xb, yb = next(it)
            except StopIteration:
                break
            t1 = time.perf_counter()
            params, loss = step(params, xb, yb)
            jax.block_until_ready(loss)  # a step that reads metrics every batch: worst case for overlap
            busy += time.perf_counter() - t1
            wait += t1 - t
            done += 1
    return compute, wait / done, busy / done


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--steps", type=int, default=150)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((a.n, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, a.n).astype(np.int32)
    print(f"device: {jax.devices()[0]}; N={a.n}, batch={a.batch_size}, 28x28x1 float32")
    rows = {
        "numpy slicing (host)": lambda e: numpy_loop(x, y, a.batch_size, e, False),
        "numpy slicing + device_put": lambda e: numpy_loop(x, y, a.batch_size, e, True),
        "DataLoader host, prefetch=0": lambda e: DataLoader(x, y, a.batch_size, prefetch=0, device_put=False).iter_epoch(e),
        "DataLoader device, prefetch=0": lambda e: DataLoader(x, y, a.batch_size, prefetch=0).iter_epoch(e),
        "DataLoader device, prefetch=2": lambda e: DataLoader(x, y, a.batch_size, prefetch=2).iter_epoch(e),
    }
    res = {k: rate(f) for k, f in rows.items()}
    base_host, base_dev = res["numpy slicing (host)"], res["numpy slicing + device_put"]
    print(f"{'loader':34s} {'batches/s':>10s} {'vs numpy host':>14s} {'vs numpy+put':>13s}")
    for k, r in res.items():
        print(f"{k:34s} {r:10.0f} {r / base_host:14.2f} {r / base_dev:13.2f}")
    print("\njitted dl.models.lenet5 SGD step fed by the loader (block on the loss every step):")
    for pf in (0, 2):
        compute, wait, busy = conv_feed(x, y, a.batch_size, a.steps, pf)
        print(f"  prefetch={pf}: step {busy * 1e3:7.2f} ms (compute-only {compute * 1e3:.2f} ms), "
              f"waiting for data {wait * 1e3:6.3f} ms = {100 * wait / (wait + busy):5.1f}% of step time")


if __name__ == "__main__":
    main()
