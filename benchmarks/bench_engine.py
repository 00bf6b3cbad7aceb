"""Training-engine benchmarks: ratios against peers measured in this run.

1. LeNet-5 train step (Adam, batch 128, 28x28x1): images/s of dltoolkit vs Flax (linen)+Optax
   vs PyTorch CPU (peers skipped with a note when not installed).
2. ``fit()`` end to end (shuffling, padding, metrics, progress off) vs the bare jitted step
   looped over pre-made device batches (MLP 64-256-256-10 on the digits).
3. The same with a small MLP (64-32-32-10, batch 32), where dispatch dominates: one on-device
   epoch (lax.scan) vs a per-step Python loop.
4. Compile counts while changing learning rate, momentum and batch size.

Usage: .venv/bin/python benchmarks/bench_engine.py [--quick]
"""
from __future__ import annotations

import sys
import time

import jax
import jax.numpy as jnp
import numpy as np
import optax

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, Dense, Flatten
from dltoolkit.models import Sequential

QUICK = "--quick" in sys.argv
B = 128
STEPS = 20 if QUICK else 60


def timeit(fn, steps=STEPS, warmup=3):
    for _ in range(warmup):
        fn()
    t = time.perf_counter()
    for _ in range(steps):
        out = fn()
    jax.block_until_ready(out)
    return (time.perf_counter() - t) / steps


def lenet():
    return Sequential([Conv2D(6, 5, padding="same", activation="tanh", input_shape=(28, 28, 1)),
                       AvgPool2D(2), Conv2D(16, 5, activation="tanh"), AvgPool2D(2), Flatten(),
                       Dense(120, activation="tanh"), Dense(84, activation="tanh"), Dense(10)])


def bench_dltoolkit(x, y):
    model = lenet()
    model.compile(optimizer=dl.optim.adam(1e-3), loss=dl.losses.get("sparse_categorical_crossentropy", from_logits=True))
    model.build(seed=0)
    eng = model.engine
    ts = eng.init_train_state(model.params, model.state, jax.random.key(0))
    xs, ys, ws = jnp.asarray(x)[None], jnp.asarray(y)[None], jnp.ones((1, B))
    box = {"ts": ts}

    def step():
        box["ts"], sums = eng.train_chunk(box["ts"], xs, ys, ws)
        return sums["loss"]

    return timeit(step)


def bench_flax(x, y):
    try:
        import flax.linen as nn
    except ImportError:
        return None

    class LeNet(nn.Module):
        @nn.compact
        def __call__(self, x):
            x = nn.tanh(nn.Conv(6, (5, 5), padding="SAME")(x))
            x = nn.avg_pool(x, (2, 2), (2, 2))
            x = nn.tanh(nn.Conv(16, (5, 5), padding="VALID")(x))
            x = nn.avg_pool(x, (2, 2), (2, 2))
            x = x.reshape((x.shape[0], -1))
            x = nn.tanh(nn.Dense(120)(x))
            x = nn.tanh(nn.Dense(84)(x))
            return nn.Dense(10)(x)

    net = LeNet()
    params = net.init(jax.random.key(0), jnp.zeros((1, 28, 28, 1)))
    tx = optax.adam(1e-3)
    opt_state = tx.init(params)

    @jax.jit
    def train_step(params, opt_state, x, y):
        def loss_fn(p):
            logits = net.apply(p, x)
            return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()
        loss, g = jax.value_and_grad(loss_fn)(params)
        u, opt_state = tx.update(g, opt_state, params)
        return optax.apply_updates(params, u), opt_state, loss

    box = {"p": params, "o": opt_state}
    xj, yj = jnp.asarray(x), jnp.asarray(y)

    def step():
        box["p"], box["o"], loss = train_step(box["p"], box["o"], xj, yj)
        return loss

    return timeit(step)


def bench_torch(x, y):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.Tanh(), torch.nn.AvgPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.Tanh(), torch.nn.AvgPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(400, 120), torch.nn.Tanh(), torch.nn.Linear(120, 84), torch.nn.Tanh(),
        torch.nn.Linear(84, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    xt = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    yt = torch.from_numpy(y.astype(np.int64))
    lossf = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = lossf(net(xt), yt)
        loss.backward()
        opt.step()
        return None

    return timeit(step)


def section_lenet():
    rng = np.random.default_rng(0)
    x = rng.random((B, 28, 28, 1), np.float32)
    y = rng.integers(0, 10, B).astype(np.int32)
    ours = bench_dltoolkit(x, y)
    flax_t = bench_flax(x, y)
    torch_t = bench_torch(x, y)
    print(f"[1] LeNet-5 train step, Adam, batch {B}, 28x28x1 (images/s; higher is better)")
    print(f"    dltoolkit      {B / ours:9.0f} img/s")
    if flax_t:
        print(f"    Flax+Optax     {B / flax_t:9.0f} img/s   dltoolkit/Flax    = {flax_t / ours:.2f}x")
    else:
        print("    Flax+Optax     not installed (pip install flax)")
    if torch_t:
        print(f"    PyTorch CPU    {B / torch_t:9.0f} img/s   dltoolkit/PyTorch = {torch_t / ours:.2f}x")
    else:
        print("    PyTorch CPU    not installed (pip install torch==2.13.0)")


def section_fit_vs_bare(hidden=256, bs=64, label="[2]"):
    (x, y), _ = dl.data.load_digits()
    x = np.repeat(x, 4, axis=0)
    y = np.repeat(y, 4, axis=0)
    model = Sequential([Flatten(input_shape=(8, 8, 1)), Dense(hidden, activation="relu"),
                        Dense(hidden, activation="relu"), Dense(10, activation="softmax")])
    model.compile(optimizer=dl.optim.sgd(0.05, momentum=0.9), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.build(seed=0)
    epochs = 3 if QUICK else 8
    model.fit(x, y, epochs=1, batch_size=bs, verbose=0, steps_per_execution=1)     # compile
    t = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=bs, verbose=0, steps_per_execution=1)
    fit_step = (time.perf_counter() - t) / (epochs * int(np.ceil(len(x) / bs)))
    model.fit(x, y, epochs=1, batch_size=bs, verbose=0)                             # compile epoch mode
    t = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=bs, verbose=0)
    fit_epoch_step = (time.perf_counter() - t) / (epochs * int(np.ceil(len(x) / bs)))

    # the bare jitted step: same model/loss/optimizer, pre-made device batches, no metrics fetch
    eng = model.engine
    n = len(x) // bs
    xb = [jnp.asarray(x[i * bs:(i + 1) * bs])[None] for i in range(n)]
    yb = [jnp.asarray(y[i * bs:(i + 1) * bs])[None] for i in range(n)]
    w = jnp.ones((1, bs))
    box = {"ts": eng.init_train_state(model.params, model.state, jax.random.key(0))}

    def bare_epoch():
        for a, b in zip(xb, yb):
            box["ts"], s = eng.train_chunk(box["ts"], a, b, w)
        return s["loss"]

    bare_step = timeit(bare_epoch, steps=epochs, warmup=1) / n

    # a per-step Python loop written by hand with jax.jit (what students write first)
    params, opt = model.params, optax.sgd(0.05, momentum=0.9)
    opt_state = opt.init(params)

    @jax.jit
    def step(params, opt_state, xb, yb):
        def loss_fn(p):
            logits = model.apply(p, {}, xb)[0]
            return dl.losses.sparse_categorical_crossentropy(yb, logits)
        l, g = jax.value_and_grad(loss_fn)(params)
        u, opt_state = opt.update(g, opt_state, params)
        return optax.apply_updates(params, u), opt_state, l

    pbox = {"p": params, "o": opt_state}
    xs = [a[0] for a in xb]
    ys = [b[0] for b in yb]

    def loop_epoch():
        for a, b in zip(xs, ys):
            pbox["p"], pbox["o"], l = step(pbox["p"], pbox["o"], a, b)
            float(l)                                   # the habitual per-step loss print/fetch
        return l

    loop_step = timeit(loop_epoch, steps=epochs, warmup=1) / n
    print(f"{label} MLP 64-{hidden}-{hidden}-10 on the digits (x4), batch {bs}, {len(x)} examples; "
          f"throughput ratios (>1: fit is faster)")
    print(f"    bare jitted step (1 call/step)   : {1e6 * bare_step:8.0f} us/step")
    print(f"    fit, steps_per_execution=1       : {1e6 * fit_step:8.0f} us/step   fit/bare = {bare_step / fit_step:.2f}x")
    print(f"    fit, whole epoch on device       : {1e6 * fit_epoch_step:8.0f} us/step   fit/bare = {bare_step / fit_epoch_step:.2f}x")
    print(f"    per-step Python loop, loss fetch : {1e6 * loop_step:8.0f} us/step   on-device epoch speedup = {loop_step / fit_epoch_step:.2f}x")


def section_compiles():
    (x, y), _ = dl.data.load_digits()
    model = Sequential([Flatten(input_shape=(8, 8, 1)), Dense(32, activation="relu"),
                        Dense(10, activation="softmax")])
    model.compile(optimizer=dl.optim.sgd(0.1, momentum=0.9), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    for lr, mom in [(0.01, 0.5), (0.2, 0.0), (0.05, 0.99)]:
        model.learning_rate = lr
        model.opt_state = dl.optim.set_hyperparams(model.opt_state, momentum=mom)
        model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    after_knobs = model.engine.traces["train"]
    for bs in (16, 64, 16, 64):
        model.fit(x, y, epochs=1, batch_size=bs, verbose=0)
    print("[4] compile counts")
    print(f"    after 1 fit + 3 learning-rate/momentum changes: {after_knobs} compile(s)")
    print(f"    after batch sizes 16, 64, 16, 64: {model.engine.traces['train']} compile(s) in all")


if __name__ == "__main__":
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}, {jax.device_count()} device(s)")
    section_lenet()
    section_fit_vs_bare(256, 64, "[2]")
    section_fit_vs_bare(32, 32, "[3]")
    section_compiles()
