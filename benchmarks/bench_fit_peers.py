"""``fit()`` end to end against Keras 3 on JAX and a plain PyTorch CPU loop.

Each framework runs in its own process (benchmarks/peers/*_worker.py: warm-up fit, then two timed
epochs), alternated round by round so that machine load hits all of them alike. Prints images/s
per round and the median ratios dltoolkit/Keras and dltoolkit/PyTorch for three workloads:

    lenet5    LeNet-5 on 28x28x1, batch 128 (conv-bound)
    mlp       MLP 64-256-256-10 on the digits, batch 32 (dispatch-bound)
    resnet20  CIFAR ResNet-20 on 32x32x3, batch 128 (larger convs)

Keras and PyTorch are benchmark-only dependencies (`pip install -e ".[bench]"`; PyTorch CPU:
`pip install torch`); a missing peer is reported and skipped.

Usage: .venv/bin/python benchmarks/bench_fit_peers.py [--rounds 2] [--quick] [--workloads lenet5,mlp]
       [--frameworks dltoolkit,keras-jax]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

PEERS = Path(__file__).resolve().parent / "peers"
FRAMEWORKS = {"dltoolkit": ("dltoolkit_worker.py", "dltoolkit"), "keras-jax": ("keras_worker.py", "keras"),
              "pytorch": ("torch_worker.py", "torch")}


def run(framework: str, workload: str, quick: bool) -> tuple | None:
    script, _ = FRAMEWORKS[framework]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PEERS), os.environ.get("PYTHONPATH", "")]),
               KERAS_BACKEND="jax", JAX_PLATFORMS=os.environ.get("JAX_PLATFORMS", "cpu"))
    out = subprocess.run([sys.executable, str(PEERS / script), workload] + (["--quick"] if quick else []),
                         capture_output=True, text=True, env=env)
    if out.returncode:
        print(f"  {framework} failed on {workload}:\n{out.stderr[-1500:]}")
        return None
    res = json.loads(out.stdout.strip().splitlines()[-1])
    return res["img_per_s"], res.get("cpu_img_per_s", float("nan"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--quick", action="store_true", help="1/8 of the data (a smoke run)")
    ap.add_argument("--workloads", default="lenet5,mlp,resnet20")
    ap.add_argument("--frameworks", default=",".join(FRAMEWORKS), help="dltoolkit first, then peers")
    args = ap.parse_args()
    wanted = args.frameworks.split(",")
    present = [f for f, (_, mod) in FRAMEWORKS.items() if f in wanted and importlib.util.find_spec(mod)]
    for f in set(wanted) - set(present):
        print(f"{f}: not installed, skipped")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    summary = []
    for workload in args.workloads.split(","):
        rates = {f: [] for f in present}
        cpu = {f: [] for f in present}
        for r in range(args.rounds):
            order = present if r % 2 == 0 else present[::-1]          # alternate who goes first
            for f in order:
                v = run(f, workload, args.quick)
                if v is not None:
                    rates[f].append(v[0])
                    cpu[f].append(v[1])
            print(f"{workload} round {r + 1} (load {os.getloadavg()[0]:.2f}): " + ", ".join(
                f"{f} {rates[f][-1]:,.0f} img/s ({cpu[f][-1]:,.0f} per CPU-s)" for f in present if rates[f]),
                flush=True)
        med = {f: statistics.median(v) for f, v in rates.items() if v}
        ratios = {peer: med["dltoolkit"] / med[peer] for peer in med if peer != "dltoolkit" and "dltoolkit" in med}
        cmed = {f: statistics.median(v) for f, v in cpu.items() if v}
        cratios = {p: cmed["dltoolkit"] / cmed[p] for p in cmed if p != "dltoolkit" and "dltoolkit" in cmed}
        summary.append((workload, med, ratios, cratios))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print("\n| workload | " + " | ".join(present) + " | " + " | ".join(f"dltoolkit/{p}" for p in present[1:])
          + " | " + " | ".join(f"dltoolkit/{p} (CPU time)" for p in present[1:]) + " |")
    print("|---" * (1 + 3 * len(present) - 2) + "|")
    for workload, med, ratios, cratios in summary:
        cells = [f"{med.get(f, float('nan')):,.0f}" for f in present]
        cells += [f"{ratios.get(p, float('nan')):.2f}x" for p in present[1:]]
        cells += [f"{cratios.get(p, float('nan')):.2f}x" for p in present[1:]]
        print(f"| {workload} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
