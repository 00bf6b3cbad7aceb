"""Conv2D against a plain numpy loop; output sizes follow floor((N + 2P - F)/S) + 1; clear errors."""
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import dltoolkit as dl
from dltoolkit.layers import Conv2D, ShapeError


def same_pads(n, f, s, d):
    """TensorFlow/Keras 'same': output ceil(n/s), total padding split with the extra after."""
    f_eff = d * (f - 1) + 1
    out = math.ceil(n / s)
    total = max((out - 1) * s + f_eff - n, 0)
    return total // 2, total - total // 2


def conv_reference(x, w, b, stride, pads, dil):
    """y[n,i,j,o] = b[o] + sum_{u,v,c} xpad[n, i*S + u*D, j*S + v*D, c] w[u,v,c,o], by loops."""
    (pt, pb), (pl, pr) = pads
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    n, hp, wp, cin = xp.shape
    fh, fw, _, cout = w.shape
    (sh, sw), (dh, dw) = stride, dil
    ho = (hp - dh * (fh - 1) - 1) // sh + 1
    wo = (wp - dw * (fw - 1) - 1) // sw + 1
    y = np.zeros((n, ho, wo, cout))
    for b_ in range(n):
        for i in range(ho):
            for j in range(wo):
                for o in range(cout):
                    acc = b[o]
                    for u in range(fh):
                        for v in range(fw):
                            for c in range(cin):
                                acc += xp[b_, i * sh + u * dh, j * sw + v * dw, c] * w[u, v, c, o]
                    y[b_, i, j, o] = acc
    return y


CASES = [
    dict(kernel_size=3),
    dict(kernel_size=3, strides=2),
    dict(kernel_size=3, padding="same"),
    dict(kernel_size=(2, 3), padding="same", strides=2),
    dict(kernel_size=3, padding=1, strides=(1, 2)),
    dict(kernel_size=2, dilation_rate=2),
    dict(kernel_size=3, dilation_rate=(2, 1), padding="same"),
    dict(kernel_size=2, padding=((1, 0), (2, 1)), strides=2),
]


@pytest.mark.parametrize("kw", CASES)
def test_matches_numpy_loops(kw):
    layer = Conv2D(3, bias_initializer=dl.initializers.normal(0.0, 1.0), **kw)
    h, w, c = 7, 6, 2
    params, _, out_shape = layer.init(jax.random.key(1), (h, w, c))
    x = np.asarray(jax.random.normal(jax.random.key(2), (2, h, w, c)), np.float64)
    k = np.asarray(params["kernel"], np.float64)
    assert k.shape == (*layer.kernel_size, c, 3)  # HWIO
    if kw.get("padding") == "same":
        pads = tuple(same_pads(n, f, s, d) for n, f, s, d in
                     zip((h, w), layer.kernel_size, layer.strides, layer.dilation_rate))
    elif isinstance(kw.get("padding"), int):
        pads = ((kw["padding"],) * 2,) * 2
    else:
        pads = kw.get("padding", ((0, 0), (0, 0)))
    ref = conv_reference(x, k, np.asarray(params["bias"], np.float64), layer.strides, pads,
                         layer.dilation_rate)
    y, _ = layer.apply(params, {}, jnp.asarray(x, jnp.float32))
    assert y.shape == ref.shape == (2, *out_shape)
    np.testing.assert_allclose(np.asarray(y), ref, rtol=1e-4, atol=1e-4)


def test_same_padding_keeps_size_at_stride_1_and_ceil_at_stride_s():
    for n in range(3, 10):
        for s in (1, 2, 3):
            out = Conv2D(1, 3, strides=s, padding="same").output_shape((n, n, 1))
            assert out[:2] == (math.ceil(n / s),) * 2


def test_activation_and_no_bias():
    layer = Conv2D(2, 1, activation="relu", use_bias=False)
    params, _, _ = layer.init(jax.random.key(0), (3, 3, 1))
    assert set(params) == {"kernel"}
    x = jax.random.normal(jax.random.key(1), (1, 3, 3, 1))
    y, _ = layer.apply(params, {}, x)
    np.testing.assert_allclose(y, np.maximum(np.asarray(x) * np.asarray(params["kernel"])[0, 0], 0),
                               rtol=1e-6)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 24), f=st.integers(1, 7), p=st.integers(0, 3), s=st.integers(1, 4))
def test_output_size_formula(n, f, p, s):
    """floor((N + 2P - F)/S) + 1, when positive; otherwise a ShapeError that explains."""
    expected = (n + 2 * p - f) // s + 1
    layer = Conv2D(2, f, strides=s, padding=p)
    if expected <= 0:
        with pytest.raises(ShapeError, match="larger than the padded input"):
            layer.output_shape((n, n + 1, 1))
        return
    assert layer.output_shape((n, n, 1)) == (expected, expected, 2)
    # and the real computation agrees with the shape arithmetic
    params, _, _ = layer.init(jax.random.key(0), (n, n, 1))
    y, _ = layer.apply(params, {}, jnp.ones((1, n, n, 1)))
    assert y.shape == (1, expected, expected, 2)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 30), f=st.integers(1, 5), d=st.integers(1, 3), s=st.integers(1, 3))
def test_output_size_formula_with_dilation(n, f, d, s):
    expected = (n - d * (f - 1) - 1) // s + 1
    layer = Conv2D(1, f, strides=s, dilation_rate=d)
    if expected <= 0:
        with pytest.raises(ShapeError):
            layer.output_shape((n, n, 1))
    else:
        assert layer.output_shape((n, n, 1)) == (expected, expected, 1)


def test_param_count_and_init_shapes():
    params, _, out = Conv2D(6, 5).init(jax.random.key(0), (32, 32, 1))  # LeNet-5 C1
    assert out == (28, 28, 6)
    assert params["kernel"].size + params["bias"].size == 156


def test_rank3_input_says_batch_dimension_is_missing():
    layer = Conv2D(4, 3, name="c1")
    params, _, _ = layer.init(jax.random.key(0), (8, 8, 3))
    with pytest.raises(ShapeError, match=r"Conv2D layer 'c1'.*\(8, 8, 3\).*batch") as e:
        layer.apply(params, {}, jnp.ones((8, 8, 3)))
    assert "x[None]" in str(e.value)


def test_channel_mismatch_names_both_counts():
    layer = Conv2D(4, 3)
    params, _, _ = layer.init(jax.random.key(0), (8, 8, 3))
    with pytest.raises(ShapeError, match=r"Conv2D layer 'conv2d'.*3 channels.*got 1 channels"):
        layer.apply(params, {}, jnp.ones((2, 8, 8, 1)))


def test_kernel_larger_than_input_is_explained():
    with pytest.raises(ShapeError, match=r"\(5, 5\) window.*\(4, 4\)"):
        Conv2D(1, 5).init(jax.random.key(0), (4, 4, 1))
    layer = Conv2D(1, 3)
    params, _, _ = layer.init(jax.random.key(0), (8, 8, 1))
    with pytest.raises(ShapeError, match="larger than the padded input"):
        layer.apply(params, {}, jnp.ones((1, 2, 2, 1)))
    assert Conv2D(1, 5, padding="same").output_shape((4, 4, 1)) == (4, 4, 1)


def test_bad_input_shape_at_init():
    with pytest.raises(ShapeError, match="excludes the batch"):
        Conv2D(1, 3).init(jax.random.key(0), (1, 8, 8, 1))
    with pytest.raises(ShapeError, match="channels axis"):
        Conv2D(1, 3).init(jax.random.key(0), (8, 8))


@pytest.mark.parametrize("bad", [dict(padding="full"), dict(kernel_size=0), dict(strides=(1, 2, 3)),
                                 dict(filters=0), dict(padding=-1)])
def test_bad_arguments(bad):
    kw = dict(filters=2, kernel_size=3)
    kw.update(bad)
    with pytest.raises(ValueError, match="Conv2D"):
        Conv2D(**kw)


def test_config_round_trip_and_regularizer_penalty():
    layer = Conv2D(4, (3, 2), strides=2, padding=((1, 0), (0, 1)), dilation_rate=1,
                   activation="relu", kernel_regularizer=dl.regularizers.l2(0.1), name="c")
    cfg = layer.get_config()
    assert cfg["activation"] == "relu"
    clone = Conv2D.from_config(cfg)
    assert clone.get_config() == cfg
    params, _, _ = clone.init(jax.random.key(0), (5, 5, 2))
    np.testing.assert_allclose(clone.penalty(params), 0.1 * np.sum(np.square(params["kernel"])),
                               rtol=1e-6)
    assert clone.output_shape((5, 5, 2)) == layer.output_shape((5, 5, 2))
