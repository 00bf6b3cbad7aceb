"""Tensor names: dltoolkit's params paths <-> torchvision's state-dict keys, and other layouts.

torchvision names every tensor by module path (``layer2.0.downsample.0.weight``); dltoolkit keys
params by layer name (``params["layer2_0"]["shortcut"]["conv"]["kernel"]``). ``torchvision_key``
maps a dltoolkit leaf path to torchvision's key:

    resnet   conv1 / bn1 / fc                       -> conv1 / bn1 / fc
             layer{s}_{i} / main / conv{k}, bn{k}    -> layer{s}.{i}.conv{k}, layer{s}.{i}.bn{k}
             layer{s}_{i} / shortcut / conv, bn      -> layer{s}.{i}.downsample.0, .downsample.1
    vgg      conv{stage}_{k}                         -> features.{index in torchvision's Sequential}
             fc1, fc2, fc3                           -> classifier.0, classifier.3, classifier.6
    alexnet  conv1..conv5                            -> features.0, 3, 6, 8, 10
             fc1, fc2, fc3                           -> classifier.1, classifier.4, classifier.6
    leaves   kernel, bias / gamma, beta              -> weight, bias / weight, bias
             mean, var (BatchNorm state)             -> running_mean, running_var

``canonical`` renames the other published layouts to torchvision's first: timm's ResNets already
use torchvision's names; timm's VGG stores the first two classifier layers as convolutions
(``pre_logits.fc1.weight`` (4096, 512, 7, 7), ``pre_logits.fc2.weight`` (4096, 4096, 1, 1)) and
the last as ``head.fc``; transformers' ResNet uses ``resnet.embedder...`` / ``resnet.encoder.stages``
/ ``classifier.1``. ``num_batches_tracked`` counters are dropped (dltoolkit does not use them).
"""
from __future__ import annotations

import re

import numpy as np
from ..vgg_configs import CONFIGS

LEAF = {"kernel": "weight", "bias": "bias", "gamma": "weight", "beta": "bias",
        "mean": "running_mean", "var": "running_var"}
ALEXNET = {"conv1": "features.0", "conv2": "features.3", "conv3": "features.6", "conv4": "features.8",
           "conv5": "features.10", "fc1": "classifier.1", "fc2": "classifier.4", "fc3": "classifier.6"}
# The first tensor name of each architecture's classifier (what include_top=False leaves out).
TOP_PREFIX = {"resnet": "fc.", "vgg": "classifier.", "alexnet": "classifier."}


def family(arch: str) -> str:
    """``"resnet18" -> "resnet"``, ``"vgg16" -> "vgg"``, ``"alexnet" -> "alexnet"``."""
    for fam in ("resnet", "vgg", "alexnet"):
        if arch.startswith(fam):
            return fam
    raise ValueError(f"no pretrained-weight layout for architecture {arch!r}")


def _vgg_modules(arch: str) -> dict:
    names, idx, stage, k = {}, 0, 1, 1
    for v in CONFIGS[arch]:
        if v == "M":
            idx, stage, k = idx + 1, stage + 1, 1
            continue
        names[f"conv{stage}_{k}"] = f"features.{idx}"
        idx, k = idx + 2, k + 1  # conv, ReLU
    names.update(fc1="classifier.0", fc2="classifier.3", fc3="classifier.6")
    return names


def _resnet_module(path: tuple) -> str:
    top, *mid = path
    m = re.fullmatch(r"layer(\d+)_(\d+)", top)
    if not m:
        if mid:
            raise KeyError(path)
        return top
    if mid[0] == "main" and len(mid) == 2:
        return f"layer{m[1]}.{m[2]}.{mid[1]}"
    if mid[0] == "shortcut" and len(mid) == 2 and mid[1] in ("conv", "bn"):
        return f"layer{m[1]}.{m[2]}.downsample.{0 if mid[1] == 'conv' else 1}"
    raise KeyError(path)


def torchvision_key(arch: str, path: tuple) -> str:
    """torchvision's state-dict key of the dltoolkit leaf ``path`` (dict keys, leaf name last)."""
    *module, leaf = path
    fam = family(arch)
    if fam == "resnet":
        mod = _resnet_module(tuple(module))
    else:
        table = _vgg_modules(arch) if fam == "vgg" else ALEXNET
        if len(module) != 1 or module[0] not in table:
            raise KeyError(path)
        mod = table[module[0]]
    return f"{mod}.{LEAF[leaf]}"


_HF_RESNET = [
    (r"^resnet\.embedder\.embedder\.convolution\.", "conv1."),
    (r"^resnet\.embedder\.embedder\.normalization\.", "bn1."),
    (r"^resnet\.encoder\.stages\.(\d+)\.layers\.(\d+)\.shortcut\.convolution\.",
     lambda m: f"layer{int(m[1]) + 1}.{m[2]}.downsample.0."),
    (r"^resnet\.encoder\.stages\.(\d+)\.layers\.(\d+)\.shortcut\.normalization\.",
     lambda m: f"layer{int(m[1]) + 1}.{m[2]}.downsample.1."),
    (r"^resnet\.encoder\.stages\.(\d+)\.layers\.(\d+)\.layer\.(\d+)\.convolution\.",
     lambda m: f"layer{int(m[1]) + 1}.{m[2]}.conv{int(m[3]) + 1}."),
    (r"^resnet\.encoder\.stages\.(\d+)\.layers\.(\d+)\.layer\.(\d+)\.normalization\.",
     lambda m: f"layer{int(m[1]) + 1}.{m[2]}.bn{int(m[3]) + 1}."),
    (r"^classifier\.1\.", "fc."),
]
_TIMM_VGG = [(r"^pre_logits\.fc1\.", "classifier.0."), (r"^pre_logits\.fc2\.", "classifier.3."),
             (r"^head\.fc\.", "classifier.6.")]


def detect_layout(keys) -> str:
    """``"transformers"``, ``"timm"`` (VGG head) or ``"torchvision"``, from the key names."""
    keys = list(keys)
    if any(k.startswith("resnet.embedder.") or k.startswith("resnet.encoder.") for k in keys):
        return "transformers"
    if any(k.startswith("pre_logits.") or k.startswith("head.fc.") for k in keys):
        return "timm"
    return "torchvision"


def canonical(tensors: dict) -> tuple[dict, dict, str]:
    """``(tensors by torchvision key, {torchvision key: name in the file}, layout)``."""
    layout = detect_layout(tensors)
    rules = {"transformers": _HF_RESNET, "timm": _TIMM_VGG}.get(layout, [])
    out, origin = {}, {}
    for name, value in tensors.items():
        if name.endswith("num_batches_tracked"):
            continue
        key = name
        for pattern, repl in rules:
            key, n = re.subn(pattern, repl, key)
            if n:
                break
        value = np.asarray(value)
        if layout == "timm" and key in ("classifier.0.weight", "classifier.3.weight") and value.ndim == 4:
            value = value.reshape(value.shape[0], -1)  # (O, C, kh, kw) -> (O, C*kh*kw): torchvision's order
        out[key], origin[key] = value, name
    return out, origin, layout
