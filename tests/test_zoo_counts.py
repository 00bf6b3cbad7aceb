"""Zoo parameter counts against published reference numbers (computed abstractly, no FLOPs).

Reference: torchvision.models (v0.13+) model cards, "num_params" of the ImageNet-1k weights
(e.g. https://pytorch.org/vision/stable/models/generated/torchvision.models.vgg16.html), which count
conv/linear weights and biases and BatchNorm weight+bias; running statistics are buffers.
Our trainable params are the leaves of ``params`` (BatchNorm running mean/var live in ``state``).
"""
import jax
import pytest

from dltoolkit.models import zoo
from dltoolkit.models.summary import count

IMAGENET = (224, 224, 3)

TORCHVISION = {
    "alexnet": 61_100_840,
    "vgg11": 132_863_336, "vgg13": 133_047_848, "vgg16": 138_357_544, "vgg19": 143_667_240,
    "vgg11_bn": 132_868_840, "vgg13_bn": 133_053_736, "vgg16_bn": 138_365_992, "vgg19_bn": 143_678_248,
    "resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032,
}


def build(name):
    if name.startswith("vgg"):
        return getattr(zoo, name.split("_")[0])(IMAGENET, 1000, batch_norm=name.endswith("_bn"))
    return getattr(zoo, name)(input_shape=IMAGENET, num_classes=1000)


def abstract_init(model, shape):
    return jax.eval_shape(lambda k: model.init(k, shape), jax.random.key(0))


@pytest.mark.parametrize("name", sorted(TORCHVISION))
def test_trainable_params_equal_torchvision(name):
    params, state = abstract_init(build(name), IMAGENET)
    assert count(params) == TORCHVISION[name]


def test_batchnorm_statistics_are_not_trainable():
    params, state = abstract_init(zoo.resnet18(), IMAGENET)
    # torchvision resnet18: 20 BatchNorm2d layers, 9,600 channels in all, each with mean and var.
    bn_channels = 64 + (64 * 4) + (128 * 4 + 128) + (256 * 4 + 256) + (512 * 4 + 512)
    assert count(state) == 2 * bn_channels == 9_600
    assert all(set(leaf) == {"mean", "var"} for leaf in _bn_states(state))


def _bn_states(tree):
    if isinstance(tree, dict) and "mean" in tree:
        yield tree
    elif isinstance(tree, dict):
        for v in tree.values():
            yield from _bn_states(v)


def test_lenet5_classic_count():
    # LeCun et al. (1998) with full C3 connectivity: 156 + 2,416 + 48,120 + 10,164 + 850.
    params, _ = abstract_init(zoo.lenet5((32, 32, 1), 10), (32, 32, 1))
    assert count(params) == 156 + 2416 + 48120 + 10164 + 850 == 61_706


def test_googlenet_inception_channels_follow_table1():
    model = zoo.googlenet(IMAGENET, 1000)
    shape, outs = IMAGENET, {}
    for layer in model.layers:
        shape = layer.output_shape(shape)
        if layer.name.startswith("inception_"):
            outs[layer.name[-2:]] = shape
    assert [outs[k][-1] for k in ("3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b")] == \
        [256, 480, 512, 512, 512, 528, 832, 832, 1024]
    assert outs["3a"][:2] == (28, 28) and outs["4a"][:2] == (14, 14) and outs["5b"][:2] == (7, 7)
    # true 5x5 branch (the paper; torchvision uses 3x3 there)
    params, _ = abstract_init(model, IMAGENET)
    assert params["inception_3a"]["branch5x5"]["conv5x5"]["kernel"].shape == (5, 5, 16, 32)
    # Table 1, inception 3a: 1x1 64 + (96 -> 128 3x3) + (16 -> 32 5x5) + pool proj 32, on 192 channels
    w = 192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 25 * 16 * 32 + 192 * 32
    b = 64 + 96 + 128 + 16 + 32 + 32
    assert count(params["inception_3a"]) == w + b


def test_feature_map_sizes_at_imagenet():
    shape = IMAGENET
    for layer in zoo.alexnet().layers:
        shape = layer.output_shape(shape)
        if layer.name == "pool5":
            assert shape == (6, 6, 256)   # so torchvision's AdaptiveAvgPool2d((6, 6)) is the identity
    shape = IMAGENET
    for layer in zoo.vgg16().layers:
        shape = layer.output_shape(shape)
        if layer.name == "pool5":
            assert shape == (7, 7, 512)
