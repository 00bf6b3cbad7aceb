"""What ``fit`` costs around the step: ``fit()`` end to end vs the engine's bare jitted step.

In one process, alternated round by round: ``model.fit`` for 2 epochs (shuffling, padding, the
on-device gather, metrics, the last-good-state copy, the per-epoch fetch) against the bare step,
``engine.train_chunk`` called on one fixed device batch as many times (no data movement at all).
Prints images/s of each, wall clock and CPU time of this process, and fit/bare. The workloads
are those of ``bench_fit_peers.py`` (benchmarks/peers/workloads.py).

Usage: .venv/bin/python benchmarks/bench_fit_overhead.py [--rounds 5] [--workloads lenet5,mlp]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp

sys.path.insert(0, str(Path(__file__).resolve().parent / "peers"))
import dltoolkit as dl  # noqa: E402
from dltoolkit_worker import build  # noqa: E402
from workloads import data  # noqa: E402


def measure(name: str, rounds: int):
    x, y, w = data(name)
    batch, n = w["batch"], len(x)
    model = build(name)
    model.compile(optimizer=dl.optim.adam(1e-3), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=batch, verbose=0)              # compile, warm up
    eng, steps = model.engine, -(-n // batch)
    box = [eng.init_train_state(model.params, model.state, jax.random.key(0))]
    xs, ys, ws = jnp.asarray(x[:batch])[None], jnp.asarray(y[:batch])[None], jnp.ones((1, batch))

    def bare():
        for _ in range(2 * steps):
            box[0], sums = eng.train_chunk(box[0], xs, ys, ws)
        jax.block_until_ready(sums)

    def fit():
        model.fit(x, y, epochs=2, batch_size=batch, verbose=0)

    bare()
    runs = {"fit": fit, "bare": bare}
    wall, cpu = {k: [] for k in runs}, {k: [] for k in runs}
    for r in range(rounds):
        for k in (list(runs) if r % 2 == 0 else list(runs)[::-1]):
            t, c = time.perf_counter(), time.process_time()
            runs[k]()
            wall[k].append(2 * n / (time.perf_counter() - t))
            cpu[k].append(2 * n / (time.process_time() - c))
    med = lambda d: {k: statistics.median(v) for k, v in d.items()}
    return med(wall), med(cpu), dict(eng.traces)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workloads", default="lenet5,mlp")
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    print("| workload | fit img/s | bare step img/s | fit/bare (wall) | fit/bare (CPU time) |")
    print("|---|---|---|---|---|")
    for name in args.workloads.split(","):
        wall, cpu, traces = measure(name, args.rounds)
        print(f"| {name} | {wall['fit']:,.0f} | {wall['bare']:,.0f} | {wall['fit'] / wall['bare']:.2f}x | "
              f"{cpu['fit'] / cpu['bare']:.2f}x |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
