"""The architecture zoo: one-line builders returning ``dl.models.Sequential`` models.

    model = dl.models.vgg16(input_shape=(32, 32, 3), num_classes=10)
    model.summary(); model.compile(...); model.fit(...)

Every builder takes ``input_shape`` (no batch axis) and ``num_classes`` and works at the ImageNet
configuration (224x224x3, 1000 classes; parameter counts equal torchvision's) and on small images.
"""
from .mlp import mlp
from .lenet import lenet5
from .alexnet import alexnet
from .vgg import vgg, vgg11, vgg13, vgg16, vgg19
from .googlenet import googlenet, googlenet_loss, inception_block, main_output
from .resnet import (basic_block, bottleneck_block, cifar_resnet, plain_net, resnet, resnet18,
                     resnet34, resnet50)

__all__ = [
    "mlp", "lenet5", "alexnet", "vgg", "vgg11", "vgg13", "vgg16", "vgg19",
    "googlenet", "googlenet_loss", "inception_block", "main_output",
    "basic_block", "bottleneck_block", "cifar_resnet", "plain_net", "resnet", "resnet18",
    "resnet34", "resnet50",
]
