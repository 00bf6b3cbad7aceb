"""Models: ``Sequential`` with a Keras-style facade, saving/loading, and the architecture zoo."""
from .config import register_layer
from .sequential import Sequential


def load(path):
    """Load a model saved with ``model.save(path)``: architecture, weights, compile settings."""
    from ..train.checkpoint import load_model

    return load_model(path)


def save(model, path):
    """Same as ``model.save(path)``."""
    model.save(path)


from .perceptron import DeltaRule, Perceptron, delta_rule, perceptron  # noqa: E402,F401

# The architecture zoo (box utilities, GAN steps and the rest stay in dl.models.zoo).
from . import zoo  # noqa: E402
from .zoo import (alexnet, cifar_resnet, detector, googlenet, lenet5, mlp, plain_net,  # noqa: E402,F401
                  resnet, resnet18, resnet34, resnet50, unet, vgg, vgg11, vgg13, vgg16, vgg19,
                  dcgan_discriminator, dcgan_generator, patchgan_discriminator, resnet_generator,
                  feature_extractor, fine_tune_optimizer, freeze_optimizer, replace_head,
                  transfer_weights)
