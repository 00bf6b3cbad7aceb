"""Published ImageNet weights for the zoo's ResNet, VGG and AlexNet, loaded from safetensors.

    model = dl.models.resnet18(weights="imagenet")              # pinned hub file, verified, cached
    model = dl.models.resnet18(weights="resnet18.safetensors")  # any file in a supported layout
    base = dl.models.vgg16(weights="imagenet", include_top=False, input_shape=(160, 160, 3))
    model = dl.models.replace_head(dl.models.resnet50(weights="imagenet"), num_classes=5)

A ``weights=`` file holds torchvision's tensors (OIHW kernels, torchvision's key names) or a layout
mapped onto them (timm, transformers' ResNet); ``convert`` turns them into dltoolkit's NHWC/HWIO
params. Files are read with ``safetensors`` only: pickles are never loaded. ``include_top=False``
leaves out what torchvision calls the classifier (ResNet: ``fc``, so the model ends with the
2048/512 pooled features; VGG/AlexNet: the flatten and the three dense layers, so it ends with the
last max pool's feature map), and the file's classifier tensors are then ignored.

Inputs must be preprocessed as for torchvision: RGB in [0, 1], minus the ImageNet mean, divided
by its std (``dl.data.imagenet.preprocess_input`` / ``load_image``); ``dl.data.imagenet
.decode_predictions`` names the top classes.
"""
from __future__ import annotations

from typing import Optional

from .convert import load_tensors
from .files import fetch_named, read_tensors, resolve, write_tensors
from .names import canonical, family, torchvision_key
from .registry import UNAVAILABLE, WEIGHTS, PretrainedFile, lookup
from ..sequential import Sequential

__all__ = ["apply_weights", "without_top", "load_tensors", "read_tensors",
           "write_tensors", "resolve", "fetch_named", "canonical", "torchvision_key", "WEIGHTS",
           "UNAVAILABLE", "PretrainedFile", "lookup"]

_FIRST_TOP = {"resnet": "fc", "vgg": "flatten", "alexnet": "flatten"}
_FEATURES = {"vgg": "7x7x512", "alexnet": "6x6x256"}


def without_top(model, arch: str):
    """The model without its classifier (see the module docstring); layers are shared, not copied."""

    names = [layer.name for layer in model.layers]
    first = _FIRST_TOP[family(arch)]
    if first not in names:
        raise ValueError(f"{arch}: no layer {first!r} to cut the classifier at; layers are {names}")
    return Sequential(model.layers[:names.index(first)], name=f"{model.name}_notop")


def _check_build(model, arch: str, include_top: bool) -> None:
    """Clear errors for builder settings that published weights cannot fit."""
    h, w, c = model.layers[0].input_shape
    fam = family(arch)
    if min(h, w) < 64 and fam != "vgg":
        raise ValueError(f"{arch}: ImageNet weights need the ImageNet stem, so input_shape must be at "
                         f"least 64x64 (got {(h, w, c)}); smaller images get a CIFAR stem of other shapes")
    if c != 3:
        raise ValueError(f"{arch}: ImageNet weights expect RGB input, input_shape (..., 3); got {(h, w, c)}")
    if not include_top:
        return
    units = model.layers[-1].units
    if units != 1000:
        raise ValueError(f"{arch}: the ImageNet classifier has 1000 classes, not num_classes={units}. "
                         f"Load with num_classes=1000 and call dl.models.replace_head(model, {units}), "
                         f"or use include_top=False and add your own head")
    if fam in _FEATURES and (h, w) != (224, 224):
        raise ValueError(f"{arch}: with include_top=True the ImageNet classifier needs {_FEATURES[fam]} "
                         f"features, so input_shape must be (224, 224, 3) (got {(h, w, c)}); use "
                         f"include_top=False for other sizes")


def apply_weights(model, arch: str, weights: Optional[str] = None, include_top: bool = True):
    """The builders' hook: cut the top when ``include_top=False``, then load ``weights`` if given."""
    if not isinstance(include_top, bool):
        raise TypeError(f"{arch}: include_top must be True or False, got {include_top!r}")
    if weights is not None:
        _check_build(model, arch, include_top)
    if not include_top:
        model = without_top(model, arch)
    if weights is None:
        return model
    path = resolve(arch, weights)
    return load_tensors(model, arch, read_tensors(path), include_top, source=str(path))
