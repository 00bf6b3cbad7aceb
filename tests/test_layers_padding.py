"""ZeroPadding2D against np.pad, and the ResNet stem pool against torchvision's -inf padded pool."""
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import MaxPool2D, ZeroPadding2D
from dltoolkit.models import Sequential


@pytest.mark.parametrize("padding, pads", [(1, ((1, 1), (1, 1))), ((2, 0), ((2, 2), (0, 0))),
                                           (((0, 1), (3, 2)), ((0, 1), (3, 2)))])
def test_zero_padding_equals_np_pad(padding, pads):
    x = np.random.default_rng(0).normal(size=(2, 5, 4, 3)).astype(np.float32)
    layer = ZeroPadding2D(padding)
    _, _, out = layer.init(None, (5, 4, 3))
    y, _ = layer.apply({}, {}, x)
    np.testing.assert_array_equal(np.asarray(y), np.pad(x, ((0, 0), *pads, (0, 0))))
    assert out == y.shape[1:]
    again = Sequential.from_config(Sequential([layer]).get_config()).layers[0]  # saved configs rebuild it
    assert isinstance(again, ZeroPadding2D) and again.pads == layer.pads


def test_bad_padding_and_input_are_named():
    with pytest.raises(ValueError, match="ZeroPadding2D: padding must be"):
        ZeroPadding2D(-1)
    with pytest.raises(ValueError, match="ZeroPadding2D: padding must be"):
        ZeroPadding2D((1, 2, 3))
    with pytest.raises(ValueError, match="4-D input"):
        ZeroPadding2D(1).apply({}, {}, np.zeros((5, 5, 3)))


def _torch_style_max_pool(x, k=3, s=2, p=1):
    """MaxPool2d(k, s, padding=p) as torchvision defines it: pad with -inf, floor output size."""
    n, h, w, c = x.shape
    xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)), constant_values=-np.inf)
    ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    out = np.empty((n, ho, wo, c), x.dtype)
    for i in range(ho):
        for j in range(wo):
            out[:, i, j] = xp[:, i * s:i * s + k, j * s:j * s + k].max(axis=(1, 2))
    return out


@pytest.mark.parametrize("size", [112, 32, 33])
def test_resnet_stem_pool_pools_torchvisions_windows(size):
    x = np.maximum(np.random.default_rng(size).normal(size=(2, size, size, 4)), 0).astype(np.float32)
    stem = Sequential([ZeroPadding2D(1), MaxPool2D(3, strides=2)])
    y, _ = stem.apply({}, {}, x)
    np.testing.assert_array_equal(np.asarray(y), _torch_style_max_pool(x))
    if size % 2 == 0:  # the "same"-padded pool it replaces pools other windows at even sizes
        same, _ = MaxPool2D(3, strides=2, padding="same").apply({}, {}, x)
        assert not np.array_equal(np.asarray(same), np.asarray(y))
    names = [layer.name for layer in dl.models.resnet18().layers[:5]]
    assert names == ["conv1", "bn1", "relu", "pad", "maxpool"]
