"""Keras 3 ``fit`` on the JAX backend, the same workload; prints images/s as JSON."""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
from keras import layers  # noqa: E402

from workloads import data, report_fit  # noqa: E402


def resnet20():
    inp = keras.Input((32, 32, 3))
    h = layers.ReLU()(layers.BatchNormalization()(layers.Conv2D(16, 3, padding="same", use_bias=False)(inp)))
    for stage, width in enumerate((16, 32, 64)):
        for block in range(3):
            stride = 2 if stage and not block else 1
            r = layers.Conv2D(width, 3, strides=stride, padding="same", use_bias=False)(h)
            r = layers.ReLU()(layers.BatchNormalization()(r))
            r = layers.BatchNormalization()(layers.Conv2D(width, 3, padding="same", use_bias=False)(r))
            if stride != 1 or h.shape[-1] != width:
                h = layers.BatchNormalization()(layers.Conv2D(width, 1, strides=stride, use_bias=False)(h))
            h = layers.ReLU()(layers.Add()([h, r]))
    out = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(h))
    return keras.Model(inp, out)


def build(name):
    if name == "lenet5":
        return keras.Sequential([keras.Input((28, 28, 1)),
                                 layers.Conv2D(6, 5, padding="same", activation="relu"), layers.AveragePooling2D(2),
                                 layers.Conv2D(16, 5, activation="relu"), layers.AveragePooling2D(2), layers.Flatten(),
                                 layers.Dense(120, activation="relu"), layers.Dense(84, activation="relu"),
                                 layers.Dense(10, activation="softmax")])
    if name == "mlp":
        return keras.Sequential([keras.Input((64,)), layers.Dense(256, activation="relu"),
                                 layers.Dense(256, activation="relu"), layers.Dense(10, activation="softmax")])
    return resnet20()


def main(name, quick):
    x, y, w = data(name, quick)
    model = build(name)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    report_fit("keras-jax", name, model, x, y, w)


if __name__ == "__main__":
    main(sys.argv[1], "--quick" in sys.argv)
