"""One step per call vs an on-device loop, per model class: the measurements behind exec_mode.py.

For each model the engine's two gathering executions run the same epoch (batches gathered on the
device): ``train_step`` called once per step, and ``train_loop`` over the whole epoch in one call.
They alternate round by round; the table gives the median images/s of each and loop/per-step.
CPU time (all threads of this process) is printed beside the wall clock, since on a shared
machine it is the steadier of the two.

    mlp       MLP 64-256-256-10, batch 32 (dispatch-bound)
    mlp_wide  MLP 784-1024-1024-10, batch 128
    cnn_tiny  Conv 8x3x3 on 8x8x1 + dense, batch 32 (a small conv step)
    lenet5    LeNet-5 on 28x28x1, batch 128

Usage: .venv/bin/python benchmarks/bench_exec_mode.py [--rounds 3] [--models mlp,lenet5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import jax
import numpy as np

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, Dense, Flatten
from dltoolkit.models import Sequential
from dltoolkit.train.batching import ArrayFeeder

MODELS = {
    "mlp": (lambda: Sequential([Dense(256, activation="relu", input_dim=64), Dense(256, activation="relu"),
                                Dense(10, activation="softmax")]), (64,), 32, 4096),
    "mlp_wide": (lambda: Sequential([Dense(1024, activation="relu", input_dim=784),
                                     Dense(1024, activation="relu"), Dense(10, activation="softmax")]),
                 (784,), 128, 4096),
    "cnn_tiny": (lambda: Sequential([Conv2D(8, 3, activation="relu", input_shape=(8, 8, 1)), Flatten(),
                                     Dense(10, activation="softmax")]), (8, 8, 1), 32, 4096),
    "lenet5": (lambda: Sequential([Conv2D(6, 5, padding="same", activation="relu", input_shape=(28, 28, 1)),
                                   AvgPool2D(2), Conv2D(16, 5, activation="relu"), AvgPool2D(2), Flatten(),
                                   Dense(120, activation="relu"), Dense(84, activation="relu"),
                                   Dense(10, activation="softmax")]), (28, 28, 1), 128, 2048),
}


def measure(name: str, rounds: int):
    make, shape, batch, n = MODELS[name]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, *shape)).astype(np.float32)
    y = rng.integers(0, 10, n).astype(np.int32)
    model = make()
    model.compile(optimizer=dl.optim.adam(1e-3), loss="sparse_categorical_crossentropy")
    model.build(seed=0)
    eng, tr = model.engine, model.trainer
    feeder = ArrayFeeder(x, y, batch_size=batch)
    batches, steps = feeder.epoch_batches(0), feeder.steps
    count = feeder.device_count(steps)
    tr.begin_run(0)

    def per_step():
        acc = eng.zero_sums()
        for _ in range(steps):
            acc = tr.run(eng.train_step, acc, batches)
        return acc

    def loop():
        return tr.run(eng.train_loop, eng.zero_sums(), batches, count)

    runs = {"per-step": per_step, "loop": loop}
    wall = {k: [] for k in runs}
    cpu = {k: [] for k in runs}
    for f in runs.values():
        jax.block_until_ready(f())                       # compile and warm up
    for r in range(rounds):
        for k in (list(runs) if r % 2 == 0 else list(runs)[::-1]):
            t, c = time.perf_counter(), time.process_time()
            jax.block_until_ready(runs[k]())
            wall[k].append(steps * batch / (time.perf_counter() - t))
            cpu[k].append(steps * batch / (time.process_time() - c))
    tr.end_run()
    med = lambda d: {k: statistics.median(v) for k, v in d.items()}
    return med(wall), med(cpu)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--models", default=",".join(MODELS))
    args = ap.parse_args()
    print(f"jax {jax.__version__} on {jax.default_backend()}; load average {os.getloadavg()[0]:.2f}")
    print("| model | per-step img/s | loop img/s | loop/per-step (wall) | loop/per-step (CPU time) |")
    print("|---|---|---|---|---|")
    for name in args.models.split(","):
        wall, cpu = measure(name, args.rounds)
        print(f"| {name} | {wall['per-step']:,.0f} | {wall['loop']:,.0f} | "
              f"{wall['loop'] / wall['per-step']:.2f}x | {cpu['loop'] / cpu['per-step']:.2f}x |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
