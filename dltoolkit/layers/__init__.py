"""Layers: small config-only objects with pure ``init``/``apply`` (see ``base.Layer``).

    params, state, out_shape = layer.init(key, input_shape)          # input_shape excludes batch
    y, state = layer.apply(params, state, x, train=False, key=None)

Images are NHWC, conv kernels HWIO, names and defaults follow Keras.
"""
from .base import Layer, ShapeError
from .dense import Dense
from .conv import Conv2D, Convolution2D
from .pooling import (AveragePooling2D, AvgPool2D, GlobalAveragePooling2D, GlobalAvgPool2D,
                      GlobalMaxPool2D, GlobalMaxPooling2D, MaxPool2D, MaxPooling2D)
from .reshape import Flatten, Reshape
from .dropout import Dropout
from .batchnorm import BatchNorm, BatchNormalization
from .activation_layers import ELU, Activation, LeakyReLU, PReLU, ReLU, Softmax

__all__ = [
    "Layer", "ShapeError",
    "Dense",
    "Conv2D", "Convolution2D",
    "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D", "GlobalMaxPool2D",
    "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
    "Flatten", "Reshape",
    "Dropout",
    "BatchNorm", "BatchNormalization",
    "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
]

# Containers and upsampling (architecture zoo)
from .blocks import Identity, Parallel, Residual
from .upsampling import Conv2DTranspose, ConvTranspose2D, UpSampling2D

__all__ += ["Identity", "Parallel", "Residual", "ConvTranspose2D", "Conv2DTranspose", "UpSampling2D"]
from .instancenorm import InstanceNorm

__all__ += ["InstanceNorm"]
from .padding import ZeroPadding2D

__all__ += ["ZeroPadding2D"]
