"""Smoke tests of dl.viz with the Agg backend: figure content (axes, image data) is checked."""
import matplotlib

matplotlib.use("Agg")

import jax  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dltoolkit import viz  # noqa: E402
from dltoolkit.layers import Conv2D, Dense, Flatten, MaxPool2D  # noqa: E402
from dltoolkit.models import Sequential  # noqa: E402


@pytest.fixture(scope="module")
def model():
    m = Sequential([Conv2D(6, 3, activation="relu", input_shape=(8, 8, 3), name="conv1"),
                    MaxPool2D(2, name="pool"), Flatten(name="flatten"),
                    Dense(3, activation="softmax", name="out")])
    params, state = jax.jit(lambda k: m.init(k, (8, 8, 3)))(jax.random.key(0))
    return m, params, state


def images(ax):
    return [im.get_array() for im in ax.get_images()]


def test_plot_filters(model):
    m, params, _ = model
    fig = viz.plot_filters(params)
    assert len(fig.axes) == 6
    arr = np.asarray(images(fig.axes[0])[0])
    assert arr.shape == (3, 3, 3) and arr.min() >= 0 and arr.max() <= 1
    k = np.asarray(params["conv1"]["kernel"][..., 2])
    np.testing.assert_allclose(np.asarray(images(fig.axes[2])[0]), (k - k.min()) / (k.max() - k.min()), rtol=1e-6)
    plt.close(fig)


def test_plot_feature_maps(model):
    m, params, state = model
    x = np.random.default_rng(0).random((8, 8, 3)).astype(np.float32)
    fig = viz.plot_feature_maps(m, params, state, x, layer="conv1", max_maps=4)
    assert len(fig.axes) == 4 and np.asarray(images(fig.axes[0])[0]).shape == (6, 6)
    y, _ = m.layers[0].apply(params["conv1"], {}, x[None])
    np.testing.assert_allclose(np.asarray(images(fig.axes[3])[0]), np.asarray(y[0, ..., 3]), rtol=1e-5)
    plt.close(fig)
    with pytest.raises(ValueError, match="no layer 'conv9'"):
        viz.plot_feature_maps(m, params, state, x, layer="conv9")


def test_layer_stats(model):
    m, params, state = model
    x = np.random.default_rng(1).random((4, 8, 8, 3)).astype(np.float32)
    act = viz.activation_stats(m, params, state, x)
    assert list(act) == ["conv1", "pool", "flatten", "out"]
    y, _ = m.layers[0].apply(params["conv1"], {}, x)
    assert act["conv1"]["zeros"] == pytest.approx(float(np.mean(np.asarray(y) == 0)))
    grad = viz.gradient_stats(m, params, state, x, np.array([0, 1, 2, 0]))
    assert set(grad) == {"conv1", "out"} and all(g["grad_norm"] > 0 for g in grad.values())
    fig = viz.plot_layer_stats(act, grad)
    assert len(fig.axes) == 2 and len(fig.axes[1].patches) == 2
    plt.close(fig)


def test_confusion_matrix_plot():
    y_true, y_pred = np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2])
    counts = viz.confusion_counts(y_true, y_pred)
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    fig = viz.plot_confusion_matrix(y_true, y_pred, ["a", "b", "c"])
    np.testing.assert_array_equal(np.asarray(images(fig.axes[0])[0]), counts)
    assert [t.get_text() for t in fig.axes[0].texts] == ["1", "1", "0", "0", "1", "0", "1", "0", "2"]
    plt.close(fig)


def test_plot_predictions_labels_masks_boxes():
    imgs = np.random.default_rng(0).random((5, 16, 16, 3)).astype(np.float32)
    fig = viz.plot_predictions(imgs, labels=[0, 1, 2, 0, 1], preds=[0, 1, 1, 0, 1],
                               class_names=["c", "s", "t"], cols=5)
    assert len(fig.axes) == 5 and fig.axes[2].get_title() == "t / s"
    assert fig.axes[2].title.get_color() == "red"
    plt.close(fig)
    masks = np.zeros((5, 16, 16), int)
    masks[:, 4:8, 4:8] = 1
    fig = viz.plot_predictions(imgs, masks=masks, pred_masks=masks, boxes=np.tile([4, 4, 8, 8], (5, 1)),
                               pred_boxes=np.tile([0.25, 0.25, 0.5, 0.5], (5, 1)), normalized=False, cols=5)
    assert len(fig.axes) == 10 and len(images(fig.axes[0])) == 2
    rects = fig.axes[0].patches
    assert len(rects) == 2 and rects[0].get_width() == 4
    plt.close(fig)
