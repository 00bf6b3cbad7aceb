"""The three workloads of bench_fit_peers.py, as plain data every framework can read.

    lenet5    LeNet-5 (ReLU, average pooling, softmax), 8,192 images 28x28x1, batch 128, Adam
    mlp       MLP 64-256-256-10 (ReLU, softmax) on the digits tiled to 16,384 rows, batch 32, Adam
    resnet20  CIFAR ResNet-20 (BN, projection shortcuts), 2,048 images 32x32x3, batch 128, Adam
"""
import json
import time

import numpy as np

WORKLOADS = {
    "lenet5": dict(n=8192, shape=(28, 28, 1), batch=128, epochs=2),
    "mlp": dict(n=16384, shape=(64,), batch=32, epochs=2),
    "resnet20": dict(n=2048, shape=(32, 32, 3), batch=128, epochs=2),
}


def data(name: str, quick: bool = False):
    """Float32 inputs and int32 labels (10 classes), identical in every framework's process."""
    w = WORKLOADS[name]
    n = w["n"] // (8 if quick else 1)
    rng = np.random.default_rng(0)
    if name == "mlp":
        import dltoolkit as dl
        (x, y), _ = dl.data.load_digits()
        reps = -(-n // len(x))
        x = np.tile(x.reshape(len(x), -1), (reps, 1))[:n].astype(np.float32)
        y = np.tile(y, reps)[:n].astype(np.int32)
        return x, y, w
    x = rng.normal(size=(n, *w["shape"])).astype(np.float32)
    y = rng.integers(0, 10, n).astype(np.int32)
    return x, y, w


def report_fit(framework: str, name: str, model, x, y, w) -> None:
    """Keras-style ``fit``: one warm-up epoch (compiles), then time ``w["epochs"]`` epochs and print
    images/s as JSON (what bench_fit_peers.py reads)."""
    model.fit(x, y, epochs=1, batch_size=w["batch"], verbose=0)
    t, c = time.perf_counter(), time.process_time()
    model.fit(x, y, epochs=w["epochs"], batch_size=w["batch"], verbose=0)
    n = len(x) * w["epochs"]
    report(framework, name, n / (time.perf_counter() - t), n / (time.process_time() - c))


def report(framework: str, name: str, img_per_s: float, cpu_img_per_s: float = float("nan")) -> None:
    """One JSON line: images/s by the wall clock, and per second of this process's CPU time
    (all its threads; steadier than the wall clock on a shared machine)."""
    print(json.dumps({"framework": framework, "workload": name, "img_per_s": img_per_s,
                      "cpu_img_per_s": cpu_img_per_s}))
