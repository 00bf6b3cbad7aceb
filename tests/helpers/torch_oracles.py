"""Independent reference networks for the pretrained-weight tests (PyTorch, transformers).

Each oracle is a PyTorch model with random weights and random BatchNorm statistics; the tests save
its weights under torchvision's key names (OIHW kernels) and compare dltoolkit's outputs with the
oracle's in eval mode. The key mapping here is written independently of dltoolkit's own.
"""
import re

import numpy as np
import torch
from torch import nn

# torchvision's published parameter counts (224x224x3 input, 1000 classes).
PUBLISHED_COUNTS = {"resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032,
                    "alexnet": 61_100_840, "vgg16": 138_357_544}
RESNET_CONFIGS = {  # transformers' ResNetConfig arguments that give torchvision's ResNets
    "resnet18": dict(layer_type="basic", depths=[2, 2, 2, 2], hidden_sizes=[64, 128, 256, 512]),
    "resnet34": dict(layer_type="basic", depths=[3, 4, 6, 3], hidden_sizes=[64, 128, 256, 512]),
    "resnet50": dict(layer_type="bottleneck", depths=[3, 4, 6, 3], hidden_sizes=[256, 512, 1024, 2048]),
}


def rel_err(a, b) -> float:
    """max |a - b| / max |b|: the error relative to the scale of the reference output."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def randomize_batchnorm(module: nn.Module, seed: int = 0) -> None:
    """Give every BatchNorm2d random gamma, beta, running mean and running variance."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(0.5 + torch.rand(c, generator=g))
                m.bias.copy_(0.2 * torch.randn(c, generator=g))
                m.running_mean.copy_(0.2 * torch.randn(c, generator=g))
                m.running_var.copy_(0.5 + 1.5 * torch.rand(c, generator=g))


def hf_resnet(arch: str, seed: int = 0):
    """transformers' ResNetForImageClassification shaped like torchvision's ``arch``, eval mode."""
    from transformers import ResNetConfig, ResNetForImageClassification

    torch.manual_seed(seed)
    cfg = ResNetConfig(embedding_size=64, downsample_in_bottleneck=False, num_labels=1000,
                       **RESNET_CONFIGS[arch])
    model = ResNetForImageClassification(cfg).eval()
    randomize_batchnorm(model, seed)
    return model


def hf_to_torchvision(state: dict) -> dict:
    """transformers ResNet state-dict keys -> torchvision's (values unchanged, NumPy)."""
    out = {}
    for key, value in state.items():
        k = key.replace("resnet.embedder.embedder.convolution", "conv1")
        k = k.replace("resnet.embedder.embedder.normalization", "bn1")
        k = k.replace("classifier.1.", "fc.")
        m = re.match(r"resnet\.encoder\.stages\.(\d+)\.layers\.(\d+)\.(.*)", k)
        if m:
            stage, block, rest = int(m[1]) + 1, m[2], m[3]
            rest = rest.replace("shortcut.convolution", "downsample.0")
            rest = rest.replace("shortcut.normalization", "downsample.1")
            rest = re.sub(r"layer\.(\d+)\.convolution", lambda n: f"conv{int(n[1]) + 1}", rest)
            rest = re.sub(r"layer\.(\d+)\.normalization", lambda n: f"bn{int(n[1]) + 1}", rest)
            k = f"layer{stage}.{block}.{rest}"
        out[k] = np.asarray(value.detach().cpu().numpy() if hasattr(value, "detach") else value)
    return out


class TorchAlexNet(nn.Module):
    """torchvision's AlexNet, module for module (so the state-dict keys are torchvision's)."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 64, 11, stride=4, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(64, 192, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(192, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2))
        self.avgpool = nn.AdaptiveAvgPool2d((6, 6))
        self.classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Linear(4096, num_classes))

    def forward(self, x):
        x = torch.flatten(self.avgpool(self.features(x)), 1)
        return self.classifier(x)


def numpy_state(module: nn.Module) -> dict:
    return {k: v.detach().cpu().numpy() for k, v in module.state_dict().items()}


def nchw(x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))


def nhwc(t) -> np.ndarray:
    return t.detach().cpu().numpy().transpose(0, 2, 3, 1)
