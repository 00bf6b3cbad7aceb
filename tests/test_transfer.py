"""Transfer learning: freezing is exact, per-subtree learning rates differ, heads are replaced,
feature extractors reuse weights, pretrained weights survive save/load, and a worked transfer."""
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.data import make_shapes
from dltoolkit.layers import Conv2D, Dense, Flatten, MaxPool2D
from dltoolkit.models import Sequential, load
from dltoolkit.models.zoo import resnet
from dltoolkit.transfer import (body_names, feature_extractor, fine_tune_optimizer,
                                 freeze_optimizer, label_params, replace_head,
                                 transfer_weights)


def small_cnn(num_classes=3):
    return Sequential([Conv2D(8, 3, activation="relu", input_shape=(16, 16, 3), name="conv1"),
                       MaxPool2D(2, name="pool1"), Conv2D(16, 3, activation="relu", name="conv2"),
                       Flatten(name="flatten"), Dense(32, activation="relu", name="fc1"),
                       Dense(num_classes, activation="softmax", name="fc2")])


@pytest.fixture(scope="module")
def shapes():
    return make_shapes(300, size=16, seed=0)


def leaves_equal(a, b):
    return all(np.array_equal(np.asarray(x), np.asarray(y))
               for x, y in zip(jax.tree_util.tree_leaves(a), jax.tree_util.tree_leaves(b)))


def test_frozen_layers_are_bit_identical_after_fit(shapes):
    model = small_cnn()
    model.build((16, 16, 3))
    before = jax.tree.map(np.array, model.params)
    model.compile(optimizer=freeze_optimizer(dl.optim.adam(1e-2), ["conv1", "conv2"]),
                  loss="sparse_categorical_crossentropy")
    model.fit(shapes.images, shapes.labels, epochs=3, batch_size=32, verbose=0)
    for name in ("conv1", "conv2"):
        assert leaves_equal(model.params[name], before[name]), name
    for name in ("fc1", "fc2"):
        assert not np.array_equal(np.asarray(model.params[name]["kernel"]), before[name]["kernel"])


def test_nested_names_freeze_inside_blocks():
    model = resnet((1, 1), input_shape=(8, 8, 3), num_classes=2, widths=(4, 8))
    params, state = model.init(jax.random.key(0), (8, 8, 3))
    opt = freeze_optimizer(dl.optim.sgd(0.1), ["layer1_0/main/conv1", "conv1"])
    opt_state = opt.init(params)
    grads = jax.tree.map(jnp.ones_like, params)
    new = params
    for _ in range(3):
        updates, opt_state = opt.update(grads, opt_state, new)
        new = dl.optim.apply_updates(new, updates)
    assert leaves_equal(new["layer1_0"]["main"]["conv1"], params["layer1_0"]["main"]["conv1"])
    assert leaves_equal(new["conv1"], params["conv1"])
    np.testing.assert_allclose(new["layer1_0"]["main"]["conv2"]["kernel"],
                               params["layer1_0"]["main"]["conv2"]["kernel"] - 0.3, rtol=0, atol=1e-6)
    with pytest.raises(ValueError, match="no layer named"):
        label_params(params, {"layer9": "frozen"})


def test_per_subtree_learning_rates_move_params_in_ratio():
    model = small_cnn()
    params, _ = model.init(jax.random.key(0), (16, 16, 3))
    grads = jax.tree.map(lambda p: jnp.full_like(p, 0.5), params)
    opt = fine_tune_optimizer(0.001, 0.01, pretrained=["conv1", "conv2", "fc1"])
    updates, _ = opt.update(grads, opt.init(params), params)
    for name, lr in (("conv1", 0.001), ("conv2", 0.001), ("fc1", 0.001), ("fc2", 0.01)):
        for u in jax.tree_util.tree_leaves(updates[name]):
            np.testing.assert_allclose(np.asarray(u), -lr * 0.5, rtol=1e-6)
    ratio = float(jnp.abs(updates["fc2"]["bias"]).mean() / jnp.abs(updates["fc1"]["bias"]).mean())
    assert ratio == pytest.approx(10.0, rel=1e-5)


def test_replace_head_and_feature_extractor_keep_weights():
    base = small_cnn()
    base.build((16, 16, 3), seed=3)
    new = replace_head(base, num_classes=5)
    assert [l.name for l in new.layers][-1] == "head" and new.output_shape_ == (5,)
    for name in ("conv1", "conv2", "fc1"):
        assert leaves_equal(new.params[name], base.params[name])
    assert body_names(new) == ["conv1", "conv2", "fc1"]
    feats = feature_extractor(base, "fc1")
    x = np.random.default_rng(0).random((4, 16, 16, 3), np.float32)
    h = x
    for layer in base.layers[:5]:
        h, _ = layer.apply(base.params.get(layer.name, {}), {}, h)
    np.testing.assert_allclose(feats.predict(x), np.asarray(h), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="no layer 'fc9'"):
        feature_extractor(base, "fc9")


def test_pretrain_save_load_and_transfer_with_little_data(tmp_path, shapes):
    # Task A: which shape (3 classes), 300 images. Task B: is the shape a triangle?, 24 images.
    pre = small_cnn(3)
    pre.compile(optimizer=dl.optim.adam(3e-3), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
    pre.fit(shapes.images, shapes.labels, epochs=8, batch_size=32, verbose=0)
    path = tmp_path / "pretrained.npz"
    pre.save(path)
    loaded = load(path)
    assert leaves_equal(loaded.params, pre.params)
    np.testing.assert_allclose(loaded.predict(shapes.images[:8]), pre.predict(shapes.images[:8]), rtol=1e-6)
    same = small_cnn(3)
    same.load_weights(path)
    assert leaves_equal(same.params, pre.params)

    b = make_shapes(224, size=16, seed=7)
    yb = (b.labels == 2).astype(np.int32)
    xtr, ytr, xte, yte = b.images[:24], yb[:24], b.images[24:], yb[24:]
    model = replace_head(loaded, num_classes=2)
    model.compile(optimizer=freeze_optimizer(dl.optim.adam(1e-2), body_names(model)),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(xtr, ytr, epochs=30, batch_size=24, verbose=0)
    assert leaves_equal(model.params["conv1"], pre.params["conv1"])
    acc = model.evaluate(xte, yte, return_dict=True)["accuracy"]
    majority = max(yte.mean(), 1 - yte.mean())
    assert acc > majority + 0.05, (acc, majority)
    copied = transfer_weights(pre, small_cnn(3).build((16, 16, 3)))
    assert copied == ["conv1", "conv2", "fc1", "fc2"]
