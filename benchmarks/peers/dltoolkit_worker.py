"""dltoolkit's ``fit`` on one workload; prints images/s of the timed epochs as JSON."""
import json
import sys
import time

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, Dense, Flatten
from dltoolkit.models import Sequential
from workloads import data


def build(name):
    if name == "lenet5":
        return Sequential([Conv2D(6, 5, padding="same", activation="relu", input_shape=(28, 28, 1)),
                           AvgPool2D(2), Conv2D(16, 5, activation="relu"), AvgPool2D(2), Flatten(),
                           Dense(120, activation="relu"), Dense(84, activation="relu"),
                           Dense(10, activation="softmax")])
    if name == "mlp":
        return Sequential([Dense(256, activation="relu", input_dim=64), Dense(256, activation="relu"),
                           Dense(10, activation="softmax")])
    return dl.models.cifar_resnet(20)


def main(name, quick):
    x, y, w = data(name, quick)
    model = build(name)
    model.compile(optimizer=dl.optim.adam(1e-3), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=w["batch"], verbose=0)          # warm-up: compiles
    t = time.perf_counter()
    model.fit(x, y, epochs=w["epochs"], batch_size=w["batch"], verbose=0)
    secs = time.perf_counter() - t
    print(json.dumps({"framework": "dltoolkit", "workload": name, "img_per_s": len(x) * w["epochs"] / secs}))


if __name__ == "__main__":
    main(sys.argv[1], "--quick" in sys.argv)
