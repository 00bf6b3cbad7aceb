"""ResNet-18/34/50 loaded from torchvision-layout safetensors equal transformers' PyTorch ResNet.

The oracle is an independent implementation (Hugging Face transformers' ResNetForImageClassification,
configured to torchvision's parameter counts), with random weights and random BatchNorm statistics.
Its weights are saved under torchvision's key names (OIHW), loaded with ``weights=path``, and the
eval-mode logits and the stage-2 feature map are compared on random input (64x64: global pooling
makes the size free; >= 64 keeps the ImageNet stem, including the padded 3x3/2 max pool).
"""
import numpy as np
import pytest
import torch
from helpers.torch_oracles import PUBLISHED_COUNTS, hf_resnet, hf_to_torchvision, nchw, nhwc, rel_err
from safetensors.numpy import save_file

import dltoolkit as dl
from dltoolkit.models import Sequential, pretrained

RTOL = 1e-4


def prefix_output(model, upto: str, x):
    """Output of ``model``'s layers up to and including the layer named ``upto``."""
    names = [layer.name for layer in model.layers]
    keep = names[:names.index(upto) + 1]
    sub = Sequential(model.layers[:len(keep)])
    params = {n: model.params[n] for n in keep if n in model.params}
    state = {n: model.state[n] for n in keep if n in model.state}
    return np.asarray(sub.apply(params, state, x, train=False)[0])


@pytest.mark.slow
@pytest.mark.parametrize("arch", ["resnet18", "resnet34", "resnet50"])
def test_resnet_logits_match_transformers(arch, tmp_path):
    oracle = hf_resnet(arch, seed=1)
    tv = hf_to_torchvision(oracle.state_dict())
    counted = sum(v.size for k, v in tv.items() if "running" not in k and "num_batches" not in k)
    assert counted == PUBLISHED_COUNTS[arch]
    path = tmp_path / f"{arch}.safetensors"
    save_file(tv, str(path))

    x = np.random.default_rng(0).normal(size=(2, 64, 64, 3)).astype(np.float32)
    with torch.no_grad():
        out = oracle(nchw(x), output_hidden_states=True)
    ref_logits, ref_stage2 = out.logits.numpy(), nhwc(out.hidden_states[2])

    model = getattr(dl.models, arch)(input_shape=(64, 64, 3), weights=str(path), output_activation=None)
    assert model.count_params() == PUBLISHED_COUNTS[arch]
    logits = np.asarray(model.apply(model.params, model.state, x, train=False)[0])
    last_layer2 = [layer.name for layer in model.layers if layer.name.startswith("layer2_")][-1]
    stage2 = prefix_output(model, last_layer2, x)

    assert stage2.shape == ref_stage2.shape
    print(f"{arch}: relative error logits {rel_err(logits, ref_logits):.2e}, "
          f"stage 2 {rel_err(stage2, ref_stage2):.2e}")
    assert rel_err(logits, ref_logits) < RTOL, rel_err(logits, ref_logits)
    assert rel_err(stage2, ref_stage2) < RTOL, rel_err(stage2, ref_stage2)
    # the comparison is sensitive: the logits are far from constant and not near zero
    assert np.std(ref_logits) > 0.1 * np.max(np.abs(ref_logits))


def test_transformers_key_names_load_to_the_same_params(tmp_path):
    """A file with transformers' own key names (the pinned resnet34's layout) loads identically."""
    oracle = hf_resnet("resnet18", seed=2)
    native = {k: v.numpy() for k, v in oracle.state_dict().items()}
    save_file(native, str(tmp_path / "hf.safetensors"))
    save_file(hf_to_torchvision(oracle.state_dict()), str(tmp_path / "tv.safetensors"))
    a = dl.models.resnet18(input_shape=(64, 64, 3), weights=str(tmp_path / "hf.safetensors"))
    b = dl.models.resnet18(input_shape=(64, 64, 3), weights=str(tmp_path / "tv.safetensors"))
    leaves_a = pretrained.canonical(native)[0]
    assert len(leaves_a) == len(hf_to_torchvision(oracle.state_dict())) - 20  # no num_batches_tracked
    for tree in ("params", "state"):
        flat_a = dict(_flat(getattr(a, tree)))
        flat_b = dict(_flat(getattr(b, tree)))
        assert flat_a.keys() == flat_b.keys()
        for k in flat_a:
            np.testing.assert_array_equal(flat_a[k], flat_b[k])


def _flat(tree, prefix=()):
    for k, v in tree.items():
        if isinstance(v, dict):
            yield from _flat(v, prefix + (k,))
        else:
            yield prefix + (k,), np.asarray(v)
