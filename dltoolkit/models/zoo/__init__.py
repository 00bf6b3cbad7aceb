"""The architecture zoo: one-line builders returning ``dl.models.Sequential`` models.

    model = dl.models.vgg16(input_shape=(32, 32, 3), num_classes=10)
    model.summary(); model.compile(...); model.fit(...)

Every builder takes ``input_shape`` (no batch axis) and ``num_classes`` and works at the ImageNet
configuration (224x224x3, 1000 classes; parameter counts equal torchvision's) and on small images.

The lessons also reach a few helpers through ``zoo``; they live where their names say and are
re-exported here: box IoU/NMS (``dltoolkit/boxes.py``), transfer learning (``dltoolkit/transfer.py``),
GAN training steps (``dltoolkit/train/adversarial.py``) and the degradation experiment
(``dltoolkit/experiments/degradation.py``).
"""
from .mlp import mlp
from .lenet import lenet5
from .alexnet import alexnet
from .vgg import vgg, vgg11, vgg13, vgg16, vgg19
from .googlenet import googlenet, googlenet_loss, inception_block, main_output
from .resnet import (basic_block, bottleneck_block, cifar_resnet, plain_net, resnet, resnet18,
                     resnet34, resnet50)
from .unet import mask_iou, pixel_crossentropy, unet
from .detector import decode, detect, detection_loss, detector, encode_targets
from .gan import dcgan_discriminator, dcgan_generator
from .cyclegan import patchgan_discriminator, resnet_generator
from .deep_mlp import deep_mlp
from ...boxes import iou, nms, pairwise_iou
from ...experiments.degradation import train_and_measure
from ...train.adversarial import cyclegan_losses, cyclegan_train_step, gan_train_step
from ...transfer import (body_names, feature_extractor, fine_tune_optimizer, freeze_optimizer,
                         label_params, replace_head, transfer_weights)

__all__ = [
    "mlp", "lenet5", "alexnet", "vgg", "vgg11", "vgg13", "vgg16", "vgg19",
    "googlenet", "googlenet_loss", "inception_block", "main_output",
    "basic_block", "bottleneck_block", "cifar_resnet", "plain_net", "resnet", "resnet18",
    "resnet34", "resnet50",
    "unet", "mask_iou", "pixel_crossentropy", "iou", "nms", "pairwise_iou",
    "detector", "encode_targets", "detection_loss", "decode", "detect",
    "dcgan_generator", "dcgan_discriminator", "gan_train_step",
    "resnet_generator", "patchgan_discriminator", "cyclegan_losses", "cyclegan_train_step",
    "deep_mlp", "train_and_measure",
    "label_params", "freeze_optimizer", "fine_tune_optimizer", "body_names", "replace_head",
    "feature_extractor", "transfer_weights",
]
