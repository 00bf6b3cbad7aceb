"""VGG-16 and AlexNet loaded from torchvision-layout safetensors equal independent implementations.

VGG-16: Keras 3's ``keras.applications.VGG16(weights=None)`` (NHWC, Keras flattens h, w, c) with
random weights; the test converts them to torchvision's layout itself (OIHW kernels, and the first
dense layer's rows re-ordered to torchvision's NCHW flatten order c, h, w), saves them, loads them
with ``weights=path`` and compares logits and the block-4 feature map at 224x224 (the classifier
needs 7x7x512 features). AlexNet: a PyTorch module with torchvision's key names and its published
parameter count, compared on logits and the conv features.
"""
import os
import sys

import numpy as np
import pytest
import torch
from helpers.torch_oracles import PUBLISHED_COUNTS, TorchAlexNet, nchw, nhwc, numpy_state, rel_err
from safetensors.numpy import save_file

import dltoolkit as dl
from dltoolkit.models import Sequential, pretrained

if "keras" not in sys.modules:
    os.environ["KERAS_BACKEND"] = "torch"  # torch is loaded anyway; Keras builds VGG-16 fastest on it

RTOL = 1e-4
VGG16_CONV_INDEX = [0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28]  # torchvision's features.N


def prefix_output(model, upto, x):
    names = [layer.name for layer in model.layers]
    keep = names[:names.index(upto) + 1]
    sub = Sequential(model.layers[:len(keep)])
    return np.asarray(sub.apply({n: model.params[n] for n in keep if n in model.params},
                                {n: model.state[n] for n in keep if n in model.state}, x)[0])


def keras_vgg16_with_random_weights(seed=0):
    import keras

    model = keras.applications.VGG16(weights=None, classifier_activation=None)
    rng = np.random.default_rng(seed)
    new = []
    for w in model.get_weights():
        if w.ndim == 1:
            new.append(rng.normal(0.0, 0.1, w.shape).astype(np.float32))
        else:
            fan_in = int(np.prod(w.shape[:-1]))
            new.append((rng.normal(size=w.shape) * np.sqrt(2.0 / fan_in)).astype(np.float32))
    model.set_weights(new)
    return model


def keras_to_torchvision(model) -> dict:
    """Keras VGG16 weights -> torchvision's state dict (written here, independently of dltoolkit)."""
    convs = [l for l in model.layers if l.name.startswith("block") and "conv" in l.name]
    out = {}
    for index, layer in zip(VGG16_CONV_INDEX, convs):
        kernel, bias = layer.get_weights()
        out[f"features.{index}.weight"] = kernel.transpose(3, 2, 0, 1)  # HWIO -> OIHW
        out[f"features.{index}.bias"] = bias
    w1, b1 = model.get_layer("fc1").get_weights()           # rows ordered (h, w, c)
    out["classifier.0.weight"] = w1.reshape(7, 7, 512, 4096).transpose(3, 2, 0, 1).reshape(4096, -1)
    out["classifier.0.bias"] = b1
    for name, key in (("fc2", "classifier.3"), ("predictions", "classifier.6")):
        w, b = model.get_layer(name).get_weights()
        out[f"{key}.weight"], out[f"{key}.bias"] = w.T, b
    return {k: np.ascontiguousarray(v) for k, v in out.items()}


@pytest.mark.slow
def test_vgg16_logits_match_keras(tmp_path):
    import keras

    oracle = keras_vgg16_with_random_weights()
    assert oracle.count_params() == PUBLISHED_COUNTS["vgg16"]
    path = tmp_path / "vgg16.safetensors"
    save_file(keras_to_torchvision(oracle), str(path))
    x = np.random.default_rng(1).uniform(-2, 2, size=(1, 224, 224, 3)).astype(np.float32)
    ref_logits = np.asarray(oracle.predict(x, verbose=0))
    block4 = keras.Model(oracle.inputs, oracle.get_layer("block4_pool").output)
    ref_block4 = np.asarray(block4.predict(x, verbose=0))
    del oracle, block4

    model = dl.models.vgg16(weights=str(path), output_activation=None)
    logits = np.asarray(model.apply(model.params, model.state, x)[0])
    feats = prefix_output(model, "pool4", x)
    print(f"vgg16: relative error logits {rel_err(logits, ref_logits):.2e}, "
          f"block 4 {rel_err(feats, ref_block4):.2e}")
    assert rel_err(logits, ref_logits) < RTOL, rel_err(logits, ref_logits)
    assert rel_err(feats, ref_block4) < RTOL, rel_err(feats, ref_block4)
    assert np.std(ref_logits) > 0.1 * np.max(np.abs(ref_logits))


@pytest.mark.slow
def test_alexnet_logits_match_torch_module(tmp_path):
    torch.manual_seed(0)
    oracle = TorchAlexNet().eval()
    assert sum(p.numel() for p in oracle.parameters()) == PUBLISHED_COUNTS["alexnet"]
    path = tmp_path / "alexnet.safetensors"
    save_file(numpy_state(oracle), str(path))
    x = np.random.default_rng(2).uniform(-2, 2, size=(2, 224, 224, 3)).astype(np.float32)
    with torch.no_grad():
        ref_logits = oracle(nchw(x)).numpy()
        ref_feats = nhwc(oracle.features(nchw(x)))

    model = dl.models.alexnet(weights=str(path), output_activation=None)
    assert model.count_params() == PUBLISHED_COUNTS["alexnet"]
    logits = np.asarray(model.apply(model.params, model.state, x)[0])
    feats = prefix_output(model, "pool5", x)
    print(f"alexnet: relative error logits {rel_err(logits, ref_logits):.2e}, "
          f"features {rel_err(feats, ref_feats):.2e}")
    assert rel_err(logits, ref_logits) < RTOL, rel_err(logits, ref_logits)
    assert rel_err(feats, ref_feats) < RTOL, rel_err(feats, ref_feats)
    assert np.std(ref_logits) > 0.1 * np.max(np.abs(ref_logits))

    top = dl.models.alexnet(weights=str(path), include_top=False)
    np.testing.assert_allclose(np.asarray(top.apply(top.params, top.state, x)[0]), feats, rtol=1e-6)


def test_timm_vgg_head_names_map_to_torchvision():
    """timm stores VGG's fc1/fc2 as 7x7 and 1x1 convolutions named pre_logits.*, fc3 as head.fc:
    the inverse of timm's own ``_filter_fn`` (classifier.0 -> reshape(-1, 512, 7, 7))."""
    rng = np.random.default_rng(0)
    fc1 = rng.normal(size=(8, 512 * 49)).astype(np.float32)  # 8 units keep the test small
    timm = {"pre_logits.fc1.weight": fc1.reshape(-1, 512, 7, 7), "pre_logits.fc1.bias": np.ones(8),
            "pre_logits.fc2.weight": np.eye(8, dtype=np.float32).reshape(8, 8, 1, 1),
            "head.fc.weight": np.zeros((3, 8), np.float32), "features.0.weight": np.ones((64, 3, 3, 3))}
    canon, origin, layout = pretrained.canonical(timm)
    assert layout == "timm"
    np.testing.assert_array_equal(canon["classifier.0.weight"], fc1)
    np.testing.assert_array_equal(canon["classifier.3.weight"], np.eye(8))
    assert origin["classifier.6.weight"] == "head.fc.weight"
    assert canon["features.0.weight"].shape == (64, 3, 3, 3)
