"""dltoolkit's ``fit`` on one workload; prints images/s of the timed epochs as JSON."""
import sys

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, Dense, Flatten
from dltoolkit.models import Sequential
from workloads import data, report_fit


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
    report_fit("dltoolkit", name, model, x, y, w)


if __name__ == "__main__":
    main(sys.argv[1], "--quick" in sys.argv)
