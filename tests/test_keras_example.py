"""The course notes' Keras example, ported line by line (issue 2)."""
import numpy as np

from helpers.datasets import separable_5class
from dltoolkit.layers import Dense
from dltoolkit.models import Sequential
from dltoolkit.optim import SGD


def test_keras_example_ports_and_trains():
    X, labels = separable_5class()
    y = np.eye(5, dtype=np.float32)[labels]
    model = Sequential()
    model.add(Dense(units=64, activation='relu', input_dim=100))
    model.add(Dense(units=5, activation='softmax'))
    opt = SGD(learning_rate=0.1)
    model.compile(loss='categorical_crossentropy', optimizer=opt, metrics=['accuracy'])
    text = model.summary(print_fn=None)
    assert "Total params: 6,789" in text                     # 100*64+64 + 64*5+5
    assert "dense (Dense)" in text and "dense_1 (Dense)" in text
    history = model.fit(X, y, epochs=5, verbose=0)
    assert list(history.history) == ["loss", "accuracy"]
    assert len(history.history["loss"]) == 5
    assert history.history["accuracy"][-1] > 0.90
    assert history.history["loss"][-1] < history.history["loss"][0]
    # evaluate agrees with an independent numpy computation of the accuracy
    probs = model.predict(X)
    assert probs.shape == (1000, 5)
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)
    loss, acc = model.evaluate(X, y)
    assert abs(acc - np.mean(probs.argmax(1) == labels)) < 1e-6
    ce = -np.mean(np.log(np.clip(probs[np.arange(1000), labels], 1e-7, 1)))
    assert abs(loss - ce) < 1e-4
