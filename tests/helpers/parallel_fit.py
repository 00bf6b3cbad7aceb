"""Run in a subprocess with XLA_FLAGS=--xla_force_host_platform_device_count=4.

Trains the same BatchNorm MLP on 1 device and data-parallel on 4 and prints a JSON report:
per-epoch losses of both, and the sharding of a training chunk.
"""
import json
import sys

import jax
import numpy as np

import dltoolkit as dl
from dltoolkit.layers import BatchNorm, Dense
from dltoolkit.models import Sequential
from dltoolkit.train.batching import ArrayFeeder
from dltoolkit.train.parallel import data_mesh


def make():
    model = Sequential([Dense(16, input_dim=6), BatchNorm(), Dense(3, activation="softmax")])
    model.compile(optimizer=dl.optim.sgd(0.1, momentum=0.9), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.build(seed=0)
    return model


rng = np.random.default_rng(0)
x = rng.normal(size=(200, 6)).astype(np.float32)
y = (x[:, 0] > 0).astype(np.int32) + (x[:, 1] > 0.5).astype(np.int32)

single, multi = make(), make()
h1 = single.fit(x, y, epochs=3, batch_size=32, verbose=0, devices=jax.devices()[:1])
h4 = multi.fit(x, y, epochs=3, batch_size=32, verbose=0, devices=jax.devices())
mesh = data_mesh(jax.devices())
xs, ys, ws, _ = next(ArrayFeeder(x, y, batch_size=32, mesh=mesh).chunks(0))
report = {
    "devices": len(jax.devices()),
    "loss_1": h1.history["loss"], "loss_4": h4.history["loss"],
    "spec": str(xs.sharding.spec),
    "shard_shapes": sorted({tuple(s.data.shape) for s in xs.addressable_shards}),
    "n_shards": len(xs.addressable_shards),
    "param_devices": len(jax.tree.leaves(multi.params)[0].sharding.device_set),
    "bn_mean_diff": float(np.max(np.abs(np.asarray(single.state["batch_norm"]["mean"]) -
                                        np.asarray(multi.state["batch_norm"]["mean"])))),
}
json.dump(report, sys.stdout)
