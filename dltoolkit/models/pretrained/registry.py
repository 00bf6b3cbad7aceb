"""The published weight files that ``weights="imagenet"`` names, pinned by SHA-256.

Every entry is a safetensors file on the Hugging Face hub (no pickle). The SHA-256 is the Git LFS
object id shown on the file's hub page ("Git LFS Details"); a download whose digest differs is
rejected. Files and key layouts:

  resnet18  timm/resnet18.tv_in1k  model.safetensors   torchvision's IMAGENET1K_V1 weights (timm's ResNet
                                                        key names are torchvision's)
  resnet34  microsoft/resnet-34    model.safetensors   transformers' ResNet key names (mapped on load)
  resnet50  timm/resnet50.tv_in1k  model.safetensors   torchvision's IMAGENET1K_V1 weights
  vgg16     timm/vgg16.tv_in1k     model.safetensors   torchvision's weights; timm's head names
                                                        (pre_logits.fc1 as a 7x7 conv, head.fc)
  alexnet   none: torchvision publishes AlexNet only as a pickle (.pth) and timm has no port.

ResNet-34's ``timm/resnet34.tv_in1k`` is not pinned because its SHA-256 could not be confirmed
when this table was written; ``microsoft/resnet-34`` (a ResNet-34 with torchvision's v1 layout
trained on ImageNet-1k) stands in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...data.download import RemoteFile

HUB = "https://huggingface.co"


@dataclass(frozen=True)
class PretrainedFile:
    """One pinned weight file: where it lives on the hub and what it holds."""

    arch: str            # dltoolkit builder name: "resnet18", "vgg16", ...
    name: str            # the weights= name: "imagenet"
    repo: str            # hub repository, e.g. "timm/resnet18.tv_in1k"
    filename: str        # file inside the repository
    revision: str        # commit or branch the URL resolves
    sha256: str          # Git LFS object id of the file
    layout: str          # key names: "torchvision", "timm" or "transformers"
    description: str
    size: Optional[int] = None

    @property
    def cache_name(self) -> str:
        """File name in dltoolkit's cache, unique per repository."""
        return self.repo.replace("/", "--") + ".safetensors"

    @property
    def url(self) -> str:
        return f"{HUB}/{self.repo}/resolve/{self.revision}/{self.filename}"

    @property
    def page(self) -> str:
        return f"{HUB}/{self.repo}/blob/{self.revision}/{self.filename}"

    def remote(self) -> RemoteFile:
        return RemoteFile(self.cache_name, self.sha256, (self.url,), self.size)


WEIGHTS: dict[tuple[str, str], PretrainedFile] = {
    (f.arch, f.name): f for f in (
        PretrainedFile("resnet18", "imagenet", "timm/resnet18.tv_in1k", "model.safetensors", "main",
                       "694f673df6520a3158624e8a89af086f59923ee4cd7436fe5bc3bc71d295ad81", "torchvision",
                       "torchvision ResNet-18 IMAGENET1K_V1 (top-1 69.8%), 46.8 MB"),
        PretrainedFile("resnet34", "imagenet", "microsoft/resnet-34", "model.safetensors",
                       "4d180fbdc81b4d5d4eaa86ab89bdd669200dd477",
                       "1096166c7cf216a7320a6b67b754b1776b99205a44d070c6cb52429af2d136bb", "transformers",
                       "ResNet-34 on ImageNet-1k in transformers' format, 87.3 MB"),
        PretrainedFile("resnet50", "imagenet", "timm/resnet50.tv_in1k", "model.safetensors", "main",
                       "5d061a3c593d795bfe682d9b152bafbcf550579873492def3515b46db1189888", "torchvision",
                       "torchvision ResNet-50 IMAGENET1K_V1 (top-1 76.1%), 102 MB"),
        PretrainedFile("vgg16", "imagenet", "timm/vgg16.tv_in1k", "model.safetensors", "main",
                       "57b026918159a6bf9faf8405c3a551903768e7138989d9c6224a14227203fad8", "timm",
                       "torchvision VGG-16 IMAGENET1K_V1 (top-1 71.6%), 553 MB"),
    )
}

UNAVAILABLE = {
    "alexnet": ("no safetensors file of AlexNet's ImageNet weights is published by torchvision or "
                "timm (torchvision ships only the pickle alexnet-owt-7be5be79.pth, which dltoolkit "
                "never unpickles). Convert it yourself with PyTorch, e.g. "
                "safetensors.torch.save_file(torchvision.models.alexnet(weights='DEFAULT')"
                ".state_dict(), 'alexnet.safetensors'), and pass weights='alexnet.safetensors'."),
}


def lookup(arch: str, name: str) -> PretrainedFile:
    """The pinned file for ``(arch, name)``, or a ValueError that lists what exists."""
    if (arch, name) in WEIGHTS:
        return WEIGHTS[(arch, name)]
    if arch in UNAVAILABLE:
        raise ValueError(f"{arch}(weights={name!r}): {UNAVAILABLE[arch]}")
    known = sorted(n for a, n in WEIGHTS if a == arch)
    raise ValueError(f"{arch}: unknown weights {name!r}. Pass None, a path to a .safetensors file"
                     + (f", or one of {known}" if known else "") + ".")
