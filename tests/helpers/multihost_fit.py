"""One process of a multi-host run: ``python multihost_fit.py PROCESS_ID NUM_PROCESSES PORT``.

With NUM_PROCESSES > 1 it joins the others through ``jax.distributed.initialize`` (coordinator
on 127.0.0.1:PORT, CPU collectives over gloo) and trains data-parallel over the devices of all
processes (``fit(..., devices=jax.devices())``); with 1 it trains on its first device only.
Prints a JSON line: device counts and the per-epoch losses.
"""
import json
import sys

import jax

pid, nproc, port = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
if nproc > 1:
    jax.config.update("jax_cpu_collectives_implementation", "gloo")
    jax.distributed.initialize(f"127.0.0.1:{port}", num_processes=nproc, process_id=pid,
                               initialization_timeout=120)

import numpy as np  # noqa: E402

import dltoolkit as dl  # noqa: E402
from dltoolkit.layers import BatchNorm, Dense  # noqa: E402
from dltoolkit.models import Sequential  # noqa: E402

model = Sequential([Dense(16, input_dim=6), BatchNorm(), Dense(3, activation="softmax")])
model.compile(optimizer=dl.optim.sgd(0.1, momentum=0.9), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.build(seed=0)
rng = np.random.default_rng(0)                      # every process holds the same global data
x = rng.normal(size=(200, 6)).astype(np.float32)
y = (x[:, 0] > 0).astype(np.int32) + (x[:, 1] > 0.5).astype(np.int32)
devices = jax.devices() if nproc > 1 else jax.devices()[:1]
h = model.fit(x, y, epochs=3, batch_size=32, verbose=0, devices=devices)
print(json.dumps({"process": jax.process_index(), "devices": len(jax.devices()),
                  "local_devices": len(jax.local_devices()), "loss": h.history["loss"],
                  "accuracy": h.history["accuracy"]}))
