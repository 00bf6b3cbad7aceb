"""InitializationExplorer, ConvExplorer, DecisionBoundaryPlayground and the controls, headless."""
import base64

import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.widgets import (ConvExplorer, DecisionBoundaryPlayground, InitializationExplorer,
                               OptimizerControl, batch_size_slider, conv_output_size,
                               expand_features, learning_rate_slider)
from dltoolkit.widgets.conv_explorer import convolve


def test_controls_ranges():
    lr = learning_rate_slider()
    assert 10 ** lr.min == pytest.approx(1e-5) and 10 ** lr.max == pytest.approx(10)
    assert lr.continuous_update is False
    assert list(batch_size_slider().options) == [2 ** k for k in range(11)]
    oc = OptimizerControl("sgd")
    oc.dropdown.value = "adam"
    assert [c.description for c in oc.children[1:]] == ["b1", "b2"]
    assert type(oc.build(0.01)).__name__ == "GradientTransformation"


@pytest.mark.parametrize("n,k,p,s,d", [(8, 3, 0, 1, 1), (9, 3, 1, 2, 1), (16, 5, 2, 3, 2), (7, 2, 0, 2, 3)])
def test_conv_output_size_matches_the_real_convolution(n, k, p, s, d):
    out = convolve(np.ones((n, n), np.float32), np.ones((k, k), np.float32), p, s, d)
    assert out.shape == (conv_output_size(n, k, p, s, d),) * 2


def test_conv_explorer_formula_window_and_numpy_oracle():
    c = ConvExplorer(size=6, kernel=3, padding=1, stride=2)
    assert "floor((6 + 2*1 - 1*(3-1) - 1)/2) + 1 = 3" in c.formula.value
    assert c.position.max == 8
    img = np.arange(36, dtype=np.float32).reshape(6, 6)
    ker = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], np.float32)
    padded = np.pad(img, 1)
    ref = np.array([[np.sum(padded[i * 2:i * 2 + 3, j * 2:j * 2 + 3] * ker) for j in range(3)] for i in range(3)])
    np.testing.assert_allclose(convolve(img, ker, 1, 2, 1), ref, rtol=1e-6)
    c.pooling.value = "max"
    assert "after 2x2 max pooling" in c.summary()
    c.kernel.value, c.dilation.value = 7, 3
    assert "does not fit" not in c.summary() or "add padding" in c.summary()
    assert "add padding or shrink the kernel" in c.formula.value
    assert base64.b64decode(c._repr_mimebundle_()["image/png"])[:4] == b"\x89PNG"


def numpy_stds(ex):
    """Independent forward pass in numpy with the same weights."""
    import jax
    key = jax.random.key(0)
    kx, *kw = jax.random.split(key, ex.depth.value + 1)
    init = dl.initializers.get(ex.initializer.value)
    h = np.asarray(jax.random.normal(kx, (ex.batch, ex.width)), np.float64)
    act = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}[ex.activation.value]
    out = []
    for k in kw:
        h = act(h @ (ex.scale.value * np.asarray(init(k, (ex.width, ex.width)), np.float64)))
        out.append(h.std())
    return np.array(out)


def test_initialization_explorer_verdicts_and_no_retrace():
    ex = InitializationExplorer(activation="tanh", initializer="glorot_normal", depth=6, width=128, batch=256)
    stds, gn, _ = ex.compute()
    np.testing.assert_allclose(stds, numpy_stds(ex), rtol=1e-3)
    assert ex.info.value.startswith("just right")
    ex.scale.value = 0.1
    assert ex.info.value.startswith("too small")
    ex.scale.value = 5.0
    assert ex.info.value.startswith("too big")
    ex.initializer.value = "lecun_normal"
    assert ex.traces["stats"] == 1
    ex.activation.value, ex.initializer.value, ex.scale.value = "relu", "he_normal", 1.0
    np.testing.assert_allclose(ex.compute()[0], numpy_stds(ex), rtol=1e-3)
    assert ex.info.value.startswith("just right")
    assert ex.summary().startswith("InitializationExplorer: activation=relu")


def test_expand_features_and_shape_error():
    X = np.array([[1.0, 2.0], [-0.5, 0.25]], np.float32)
    F = expand_features(X, ["x", "y", "x^2", "xy", "sin y", "r", "theta"])
    ref = np.stack([X[:, 0], X[:, 1], X[:, 0] ** 2, X[:, 0] * X[:, 1], np.sin(X[:, 1]),
                    np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])], 1)
    np.testing.assert_allclose(F, ref, rtol=1e-6)
    with pytest.raises(ValueError, match=r"shape \(n, 2\), got \(5, 3\)"):
        DecisionBoundaryPlayground(data=(np.zeros((5, 3)), np.zeros(5)))


def test_decision_boundary_learns_students_own_xor_with_product_feature():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 2)).astype(np.float32)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int32)
    pg = DecisionBoundaryPlayground(data=(X, y), hidden_layers=0, learning_rate=0.1, epochs=40,
                                    batch_size=32, background=False)
    img = pg.image.value
    pg.features["xy"].value = True
    pg.train_button.click()
    assert pg.status_text.startswith("done: 40 epochs")
    assert len(pg.curves["loss"]) == 40 and pg.curves["loss"][-1] < pg.curves["loss"][0]
    F = expand_features(X, pg.feature_names())
    assert (pg.model.predict(F).argmax(1) == y).mean() > 0.9   # linear in (x, y, xy): separable
    assert pg.image.value != img
    traces = pg.model.engine.traces["train"]
    pg.lr.value = 10.0
    pg.epochs.value = 20
    pg.train_button.click()
    assert "diverged" in pg.status_text or pg.status_text.startswith("done")
    pg.lr.value = 0.1
    pg.train_button.click()
    assert pg.status_text.startswith("done") and pg.model.engine.traces["train"] == traces
    assert pg.summary().startswith("DecisionBoundaryPlayground: dataset=your data")


def numpy_layers(ex):
    """The activations of every layer, from an independent float64 numpy forward pass."""
    import jax
    kx, *kw = jax.random.split(jax.random.key(0), ex.depth.value + 1)
    init = dl.initializers.get(ex.initializer.value)
    h = np.asarray(jax.random.normal(kx, (ex.batch, ex.width)), np.float64)
    act = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
           "sigmoid": lambda z: 1 / (1 + np.exp(-z))}[ex.activation.value]
    out = []
    for k in kw:
        h = act(h @ (ex.scale.value * np.asarray(init(k, (ex.width, ex.width)), np.float64)))
        out.append(h)
    return out


def test_verdicts_follow_lesson_8_definitions_on_independent_measurements():
    """tanh with He x 2.5 keeps its std through depth yet saturates (|h| > 0.99, lesson 8's
    definition) in far more than 10 % of units: "too big", not "just right"."""
    from dltoolkit.widgets.init_explorer import judge
    ex = InitializationExplorer(activation="tanh", initializer="he_normal", scale=2.5, depth=10)
    hs = numpy_layers(ex)
    stds = np.array([h.std() for h in hs])
    saturated = max(float(np.mean(np.abs(h) > 0.99)) for h in hs)
    assert 0.8 < (stds[-1] / stds[0]) ** (1 / 9) < 1.25 and saturated > 0.3
    assert ex.info.value.startswith("too big") and f"{saturated:.0%}" in ex.info.value
    # Glorot with tanh: under 5 % saturated (lesson 8's assert) and a per-layer factor near 1
    ex.initializer.value, ex.scale.value = "glorot_normal", 1.0
    hs = numpy_layers(ex)
    assert max(float(np.mean(np.abs(h) > 0.99)) for h in hs) < 0.05
    assert ex.info.value.startswith("just right")
    # ReLU with Glorot: the std shrinks by 1/sqrt(2) a layer (the factor 2 He adds): too small
    ex.activation.value = "relu"
    stds = np.array([h.std() for h in numpy_layers(ex)])
    assert abs((stds[-1] / stds[0]) ** (1 / 9) - 2 ** -0.5) < 0.05
    assert ex.info.value.startswith("too small")
    # sigmoid with Glorot: the std survives but the gradient shrinks over 4x a layer (slope <= 1/4)
    ex.activation.value = "sigmoid"
    assert ex.info.value.startswith("gradients vanish")
    # the thresholds themselves, on made-up statistics: per-layer factors 0.79 / 0.81 / 1.24 / 1.26
    flat = [np.zeros((4, 4))] * 10
    for f, word in [(0.79, "too small"), (0.81, "just right"), (1.24, "just right"), (1.26, "too big")]:
        assert judge("relu", f ** np.arange(10), np.ones(10), flat).startswith(word), f
    tails = [np.full((10, 10), 0.5)] * 9 + [np.where(np.arange(100).reshape(10, 10) < 11, 0.995, 0.5)]
    assert judge("tanh", np.ones(10), np.ones(10), tails).startswith("too big: 11% of layer 10")


def test_divergence_from_too_big_weights_blames_the_initialization():
    from dltoolkit.train.diagnosis import blame_initialization
    rng = np.random.default_rng(0)
    big = {"dense": {"kernel": rng.normal(0, 1.0, (64, 64)), "bias": np.zeros(64)}}
    msg = blame_initialization(big)
    ratio = np.asarray(big["dense"]["kernel"]).std() / np.sqrt(2 / 64)       # about 5.7
    assert msg is not None and f"{ratio:.1f}x He's sqrt(2/64)" in msg
    he = {"dense": {"kernel": rng.normal(0, np.sqrt(2 / 64), (64, 64))},
          "conv": {"kernel": rng.normal(0, np.sqrt(2 / 27), (3, 3, 3, 8))}}
    assert blame_initialization(he) is None
    # through fit: a He-initialized net pushed over the edge by the learning rate is not blamed
    x = rng.normal(size=(256, 8)).astype(np.float32) * 10
    y = (x[:, 0] > 0).astype(np.int32)
    model = dl.models.Sequential([dl.layers.Dense(32, activation="relu", kernel_initializer="he_normal",
                                                  input_dim=8),
                                  dl.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=dl.optim.sgd(1e4), loss="sparse_categorical_crossentropy")
    h = model.fit(x, y, epochs=3, verbose=0)
    assert h.stop_reason == "diverged" and "initialization" not in h.message
    assert "Lower the learning rate (now 1e+04)" in h.message
