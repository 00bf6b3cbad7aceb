"""Loading published weights: mismatching files, offline behaviour, include_top and replace_head.

Weight files here come from transformers' ResNet-18 (random weights) saved under torchvision's
key names, as in test_pretrained_resnet.py, then damaged on purpose.
"""
import dataclasses
import time
from pathlib import Path

import numpy as np
import pytest
from helpers.torch_oracles import hf_resnet, hf_to_torchvision
from safetensors.numpy import save_file

import dltoolkit as dl
from dltoolkit.data import DownloadError
from dltoolkit.models.pretrained import files, registry

SHAPE = (64, 64, 3)


@pytest.fixture(scope="module")
def tv18():
    return hf_to_torchvision(hf_resnet("resnet18", seed=3).state_dict())


def _save(tensors, path):
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(path))
    return str(path)


def test_missing_tensor_is_named(tv18, tmp_path):
    bad = dict(tv18)
    del bad["layer3.1.bn2.running_var"]
    with pytest.raises(ValueError, match=r"missing tensor 'layer3\.1\.bn2\.running_var'"):
        dl.models.resnet18(input_shape=SHAPE, weights=_save(bad, tmp_path / "a.safetensors"))


def test_wrong_shape_is_named_with_both_shapes(tv18, tmp_path):
    bad = dict(tv18, **{"layer1.0.conv1.weight": np.zeros((64, 64, 1, 1), np.float32)})
    with pytest.raises(ValueError, match=r"(?s)'layer1\.0\.conv1\.weight' has shape \(64, 64, 1, 1\).*"
                                         r"needs \(3, 3, 64, 64\)"):
        dl.models.resnet18(input_shape=SHAPE, weights=_save(bad, tmp_path / "b.safetensors"))


def test_another_architecture_is_refused(tv18, tmp_path):
    path = _save(tv18, tmp_path / "r18.safetensors")
    expected = r"(?s)missing tensor 'layer1\.2\.conv1\.weight'.*another architecture"
    with pytest.raises(ValueError, match=expected) as err:
        dl.models.resnet34(input_shape=SHAPE, weights=path)
    assert "r18.safetensors" in str(err.value)
    extra = dict(tv18, **{"layer1.2.conv1.weight": np.zeros((64, 64, 3, 3), np.float32)})
    with pytest.raises(ValueError, match=r"unexpected tensor 'layer1\.2\.conv1\.weight'"):
        dl.models.resnet18(input_shape=SHAPE, weights=_save(extra, tmp_path / "c.safetensors"))
    with pytest.raises(ValueError, match=r"missing tensor 'features\.0\.weight'"):
        dl.models.alexnet(weights=path, include_top=False)


def test_bad_arguments_get_specific_errors(tv18, tmp_path):
    path = _save(tv18, tmp_path / "ok.safetensors")
    with pytest.raises(ValueError, match=r"1000 classes.*replace_head\(model, 5\)"):
        dl.models.resnet18(input_shape=SHAPE, num_classes=5, weights=path)
    with pytest.raises(ValueError, match="at least 64x64"):
        dl.models.resnet18(input_shape=(32, 32, 3), weights=path)
    with pytest.raises(ValueError, match=r"\(224, 224, 3\).*include_top=False"):
        dl.models.vgg16(input_shape=(160, 160, 3), weights=path)
    with pytest.raises(ValueError, match=r"unknown weights 'imagenet21k'.*\['imagenet'\]"):
        dl.models.resnet18(weights="imagenet21k")
    with pytest.raises(ValueError, match="no safetensors file of AlexNet"):
        dl.models.alexnet(weights="imagenet")
    pth = tmp_path / "resnet18-f37072fd.pth"
    pth.write_bytes(b"\x80\x02not really")
    with pytest.raises(ValueError, match="never unpickles"):
        dl.models.resnet18(weights=str(pth))
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"definitely not safetensors")
    with pytest.raises(ValueError, match="could not read .*junk.safetensors as a safetensors file"):
        dl.models.resnet18(input_shape=SHAPE, weights=str(junk))
    with pytest.raises(FileNotFoundError, match="no weight file"):
        dl.models.resnet18(weights=str(tmp_path / "absent.safetensors"))
    with pytest.raises(TypeError, match="weights must be None, a name"):
        dl.models.resnet18(weights=123)
    with pytest.raises(TypeError, match="include_top must be True or False"):
        dl.models.resnet18(include_top="no")
    with pytest.raises(TypeError):
        dl.models.resnet18(weigths="imagenet")  # misspelt keyword is not swallowed


def test_include_top_false_and_replace_head_keep_the_loaded_body(tv18, tmp_path):
    path = _save(tv18, tmp_path / "r18.safetensors")
    full = dl.models.resnet18(input_shape=SHAPE, weights=path, output_activation=None)
    body = dl.models.resnet18(input_shape=SHAPE, weights=path, include_top=False)
    assert body.layers[-1].name == "avgpool" and "fc" not in body.params
    x = np.random.default_rng(0).normal(size=(2, *SHAPE)).astype(np.float32)
    feats = np.asarray(body.apply(body.params, body.state, x)[0])
    assert feats.shape == (2, 512)
    # the full model's logits are the loaded fc applied to the body's features
    logits = np.asarray(full.apply(full.params, full.state, x)[0])
    np.testing.assert_allclose(logits, feats @ tv18["fc.weight"].T + tv18["fc.bias"], rtol=1e-4, atol=1e-4)

    new = dl.models.replace_head(full, 5)
    assert new.layers[-1].units == 5
    np.testing.assert_array_equal(np.asarray(new.params["layer4_1"]["main"]["conv2"]["kernel"]),
                                  tv18["layer4.1.conv2.weight"].transpose(2, 3, 1, 0))
    np.testing.assert_array_equal(np.asarray(new.state["bn1"]["var"]), tv18["bn1.running_var"])
    probs = np.asarray(new.apply(new.params, new.state, x)[0])
    assert probs.shape == (2, 5) and np.allclose(probs.sum(1), 1, atol=1e-5)


def test_vgg16_conv_base_loads_at_any_size(tmp_path):
    """include_top=False needs only the conv tensors and works at sizes the classifier cannot."""
    rng = np.random.default_rng(0)
    convs = [(0, 3, 64), (2, 64, 64), (5, 64, 128), (7, 128, 128), (10, 128, 256), (12, 256, 256),
             (14, 256, 256), (17, 256, 512), (19, 512, 512), (21, 512, 512), (24, 512, 512),
             (26, 512, 512), (28, 512, 512)]
    tensors = {}
    for i, cin, cout in convs:
        std = np.sqrt(2 / (9 * cin))
        tensors[f"features.{i}.weight"] = rng.normal(0, std, (cout, cin, 3, 3)).astype(np.float32)
        tensors[f"features.{i}.bias"] = rng.normal(0, 0.1, cout).astype(np.float32)
    tensors["classifier.6.weight"] = np.zeros((1000, 4096), np.float32)  # ignored without the top
    path = _save(tensors, tmp_path / "vgg_features.safetensors")
    base = dl.models.vgg16(input_shape=(64, 64, 3), weights=path, include_top=False)
    assert base.layers[-1].name == "pool5"
    np.testing.assert_array_equal(np.asarray(base.params["conv3_2"]["kernel"]),
                                  tensors["features.12.weight"].transpose(2, 3, 1, 0))
    y = np.asarray(base.apply(base.params, base.state, np.ones((1, 64, 64, 3), np.float32))[0])
    assert y.shape == (1, 2, 2, 512) and np.isfinite(y).all()


def test_named_weights_offline_fail_fast_with_where_to_put_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTOOLKIT_DATA", str(tmp_path))
    monkeypatch.setenv("DLTOOLKIT_OFFLINE", "1")
    start = time.perf_counter()
    with pytest.raises(DownloadError) as err:
        dl.models.resnet18(weights="imagenet")
    assert time.perf_counter() - start < 5
    msg = str(err.value)
    entry = registry.WEIGHTS[("resnet18", "imagenet")]
    assert "https://huggingface.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors" in msg
    assert str(tmp_path / "weights" / "timm--resnet18.tv_in1k.safetensors") in msg
    assert entry.sha256 in msg and "DLTOOLKIT_OFFLINE" in msg


def test_file_placed_by_hand_is_verified_and_used_offline(tv18, tmp_path, monkeypatch):
    """The pinned SHA-256 decides: a matching file in the cache loads, a different one is refused."""
    stand_in = Path(_save(tv18, tmp_path / "stand_in.safetensors"))
    entry = dataclasses.replace(registry.WEIGHTS[("resnet18", "imagenet")],
                                sha256=dl.data.sha256_file(stand_in))
    monkeypatch.setitem(registry.WEIGHTS, ("resnet18", "imagenet"), entry)
    monkeypatch.setenv("DLTOOLKIT_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("DLTOOLKIT_OFFLINE", "1")
    target = tmp_path / "cache" / "weights" / entry.cache_name
    target.parent.mkdir(parents=True)
    target.write_bytes(stand_in.read_bytes()[:-1] + b" ")  # one byte differs
    with pytest.raises(DownloadError, match="not the expected"):
        dl.models.resnet18(input_shape=SHAPE, weights="imagenet")
    target.write_bytes(stand_in.read_bytes())
    model = dl.models.resnet18(input_shape=SHAPE, weights="imagenet")
    np.testing.assert_array_equal(np.asarray(model.params["fc"]["bias"]), tv18["fc.bias"])


def test_no_network_without_offline_flag_fails_fast(tmp_path, monkeypatch):
    """Hub client and plain download both fail (nothing listens on port 9): one clear error."""
    monkeypatch.setenv("DLTOOLKIT_DATA", str(tmp_path))
    monkeypatch.delenv("DLTOOLKIT_OFFLINE", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(registry, "HUB", "http://127.0.0.1:9")

    def no_hub(entry):
        raise ConnectionError("no route to the hub")

    monkeypatch.setattr(files, "_hub_download", no_hub)
    start = time.perf_counter()
    with pytest.raises(DownloadError) as err:
        dl.models.resnet50(weights="imagenet")
    assert time.perf_counter() - start < 15
    msg = str(err.value)
    assert "no route to the hub" in msg and "http://127.0.0.1:9/timm/resnet50.tv_in1k" in msg
    assert "place it at" in msg and "5d061a3c593d795bfe682d9b152bafbcf550579873492def3515b46db1189888" in msg
    assert not list((tmp_path / "weights").glob("*.part"))  # nothing half-written stays behind


def test_registry_pins_look_like_sha256_and_name_real_hub_files():
    for (arch, name), entry in registry.WEIGHTS.items():
        assert len(entry.sha256) == 64 and int(entry.sha256, 16) >= 0
        assert entry.url.startswith("https://huggingface.co/") and entry.url.endswith(".safetensors")
        assert getattr(dl.models, arch)  # a builder of that name exists


def test_no_pickle_loading_in_weight_code():
    import dltoolkit.data.imagenet as imagenet_mod
    import dltoolkit.models.pretrained as pre

    sources = [p.read_text() for p in Path(pre.__file__).parent.glob("*.py")]
    sources.append(Path(imagenet_mod.__file__).read_text())
    for text in sources:
        for banned in ("torch.load(", "pickle.load", "allow_pickle=True", "import pickle"):
            assert banned not in text.replace("torch.load(path, weights_only=True)", "")
