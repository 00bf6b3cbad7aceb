"""Widget responsiveness: slider move -> redrawn figure, and compile counts.

    .venv/bin/python benchmarks/bench_widgets.py

Prints the median and worst time from setting an OptimizerPlayground slider's value (the
observe callback recomputes all trajectories with the compiled lax.scan and blits a new PNG
into the Image widget) to the callback's return, after the first draw; the target is < 150 ms
on a 2-core CPU. Also prints the TrainingDashboard's compile counts across learning-rate and
momentum changes (target: 0 new compiles).
"""
from __future__ import annotations

import statistics
import time

import dltoolkit as dl


def bench_playground(repeats: int = 30) -> None:
    t0 = time.perf_counter()
    pg = dl.widgets.OptimizerPlayground(steps=200, optimizers=("sgd", "momentum", "nesterov", "rmsprop", "adam"))
    first = time.perf_counter() - t0
    times = []
    values = [10 ** (-3 + 0.1 * (i % 15)) for i in range(repeats)]
    for i, v in enumerate(values):
        slider = (pg.lr, pg.momentum, pg.steps)[i % 3]
        value = v if slider is pg.lr else (0.5 + 0.01 * i if slider is pg.momentum else 100 + i)
        t = time.perf_counter()
        slider.value = value
        times.append(time.perf_counter() - t)
    ms = sorted(1000 * x for x in times)
    print(f"OptimizerPlayground: first draw (incl. compile) {first:.2f} s; slider -> redrawn PNG: "
          f"median {statistics.median(ms):.1f} ms, p90 {ms[int(0.9 * len(ms))]:.1f} ms, "
          f"max {ms[-1]:.1f} ms over {repeats} moves (target < 150 ms); "
          f"traces of the scan: {pg.engine.traces['scan']}")


def bench_dashboard() -> None:
    d = dl.widgets.TrainingDashboard(None, "moons", epochs=3, background=False)
    t = time.perf_counter()
    d.train()
    first = time.perf_counter() - t
    compiles = d.model.engine.traces["train"]
    runs = []
    for lr, mu in [(0.03, 0.0), (0.01, 0.9), (0.3, 0.5)]:
        d.lr.value = lr
        d.optimizer.sliders["sgd"]["momentum"].value = mu
        t = time.perf_counter()
        d.train()
        runs.append(time.perf_counter() - t)
    new = d.model.engine.traces["train"] - compiles
    print(f"TrainingDashboard: first Train (3 epochs, incl. compile) {first:.2f} s; "
          f"after lr/momentum changes: {new} new compiles, Train (3 epochs) "
          f"{min(runs):.2f}-{max(runs):.2f} s")


if __name__ == "__main__":
    bench_playground()
    bench_dashboard()
