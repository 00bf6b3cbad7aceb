"""Data: embedded, generated and downloadable data sets, image folders, loaders, augmentation.

    (x_train, y_train), (x_test, y_test) = dl.data.load_digits()     # offline, real digits
    X, y = dl.data.make_moons(200, noise=0.1, seed=0)                 # generated, seeded
    (x_train, y_train), _ = dl.data.load_fashion_mnist()              # verified download
    for xb, yb in dl.data.DataLoader(x_train, y_train, batch_size=64): ...
"""
from __future__ import annotations

from . import augment, imagenet
from .augment import (cutmix, mixup, random_brightness, random_contrast, random_crop, random_flip,
                      random_rotation, random_translation)
from .cifar import read_cifar10_binary
from .download import DownloadError, RemoteFile, data_home, fetch, sha256_file
from .embedded import load_digits
from .folders import image_dataset_from_directory
from .idx import parse_idx, read_idx
from .image_dataset import ImageDataset
from .images import SHAPE_NAMES, make_rotated, make_shapes, make_two_domain
from .loader import DataLoader
from .preprocessing import (MeanImage, Standardizer, one_hot, stratified_split_indices,
                            to_categorical, train_val_test_split)
from .real import DATASETS, class_names, fetch_dataset, load_cifar10, load_fashion_mnist, load_mnist
from .synthetic import (make_blobs, make_circles, make_linearly_separable, make_moons,
                        make_regression_1d, make_spirals, make_xor, to_polar)

__all__ = [
    "augment", "imagenet", "cutmix", "mixup", "random_brightness", "random_contrast", "random_crop",
    "random_flip", "random_rotation", "random_translation", "read_cifar10_binary",
    "DownloadError", "RemoteFile", "data_home", "fetch", "sha256_file", "load_digits",
    "image_dataset_from_directory", "parse_idx", "read_idx", "ImageDataset", "SHAPE_NAMES",
    "make_rotated", "make_shapes", "make_two_domain", "DataLoader", "MeanImage", "Standardizer",
    "one_hot", "stratified_split_indices", "to_categorical", "train_val_test_split", "DATASETS",
    "class_names", "fetch_dataset", "load_cifar10", "load_fashion_mnist", "load_mnist",
    "make_blobs", "make_circles", "make_linearly_separable", "make_moons", "make_regression_1d",
    "make_spirals", "make_xor", "to_polar",
]
