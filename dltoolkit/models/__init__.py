"""Models: ``Sequential`` (the layer stack plus a Keras-style facade), saving/loading, and the
architecture zoo."""
from ..layers.config import register_layer
from .sequential import Sequential
from .saving import load, save
from .perceptron import DeltaRule, Perceptron, delta_rule, perceptron

# The architecture zoo (box utilities, GAN steps and transfer helpers are re-exported there too).
from . import zoo
from .zoo import (alexnet, cifar_resnet, detector, googlenet, lenet5, mlp, plain_net,  # noqa: F401
                  resnet, resnet18, resnet34, resnet50, unet, vgg, vgg11, vgg13, vgg16, vgg19,
                  dcgan_discriminator, dcgan_generator, patchgan_discriminator, resnet_generator,
                  feature_extractor, fine_tune_optimizer, freeze_optimizer, replace_head,
                  transfer_weights)
