"""First-Train latency of lesson 11's dashboard: Train pressed -> first point on the curve.

    .venv/bin/python benchmarks/bench_first_train.py [--rounds 3]

Each case runs in a fresh process with the lesson's data and dashboard (LeNet-5, Adam, batch 32,
digits upsampled to 32x32), presses Train (background thread, as in JupyterLab) and reports the
seconds until the first running point (``runner.first_point_at``) and from Stop to the thread's
end:

- cold:    an empty persistent compilation cache (the very first session on a machine);
- warm:    the cache filled by an earlier process (every later session);
- run-all: in the same process, after the lesson's own ``dash.train(blocking=True)`` (Run All).

Targets on a 2-core CPU (issue "live dashboards"): first point < 1 s, Stop < 0.5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CASE = r"""
import json, sys, time
import jax, numpy as np
import dltoolkit as dl
from dltoolkit.models.zoo import lenet5
from dltoolkit.train.compile_cache import enable_compilation_cache
mode = sys.argv[1]
enable_compilation_cache()
(x_train, y_train), _ = dl.data.load_digits()
X = np.asarray(jax.image.resize(x_train, (len(x_train), 32, 32, 1), "bilinear"))
lenet = lambda input_dim=None, num_classes=10: lenet5(input_shape=(32, 32, 1), num_classes=num_classes,
                                                     activation="relu", pooling="max")
dash = dl.widgets.TrainingDashboard(lenet, data=(X, y_train), optimizer="adam", learning_rate=1e-3,
                                    batch_size=32, epochs=3, validation_split=0.2)
if mode == "run-all":
    dash.train(blocking=True)
t0 = time.perf_counter()
dash.train_button.click()
while dash.runner.first_point_at is None and dash.runner.running:
    time.sleep(0.005)
first = time.perf_counter() - t0
time.sleep(0.3)
t1 = time.perf_counter()
dash.stop_button.click()
dash.wait(60)
stop = time.perf_counter() - t1
print(json.dumps({"first": first, "stop": stop, "status": dash.status_text}))
"""


def run(mode: str, cache: str) -> dict:
    env = dict(os.environ, DLTOOLKIT_COMPILATION_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", CASE, mode], env=env, capture_output=True, text=True,
                         timeout=600)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    results: dict[str, list] = {"cold": [], "warm": [], "run-all": []}
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory() as cache:
            results["cold"].append(run("cold", cache))
            results["warm"].append(run("warm", cache))
            results["run-all"].append(run("run-all", cache))
        print(f"round {r + 1}: " + ", ".join(f"{k} first {v[-1]['first']:.2f} s / stop {v[-1]['stop']:.2f} s"
                                             for k, v in results.items()), flush=True)
    load = os.getloadavg()[0]
    print(f"\nmedians over {args.rounds} rounds (load average {load:.1f}):")
    for k, v in results.items():
        print(f"  {k:8s} Train -> first point {statistics.median(x['first'] for x in v):.2f} s, "
              f"Stop -> halted {statistics.median(x['stop'] for x in v):.2f} s")


if __name__ == "__main__":
    main()
