# ---
# jupyter:
#   jupytext:
#     formats: ipynb,src//py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["setup"]
# dltoolkit setup: installs dltoolkit 0.2.0 where it is missing (Colab, a bare JupyterHub);
# does nothing where it is installed. DLTOOLKIT_WHEEL may name a local wheel instead.
import importlib.util, os, subprocess, sys
if importlib.util.find_spec("dltoolkit") is None:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q",
                           os.environ.get("DLTOOLKIT_WHEEL", "dltoolkit==0.2.0")])

# %% [markdown]
# # Lesson 10: Convolutions
#
# **Learning goals**
#
# * say why images need convolution layers rather than flattening into a dense layer;
# * compute a convolution by hand (a naive loop) and check it against XLA's `lax.conv_general_dilated`;
# * use **padding, stride, dilation and pooling** and predict the output size with
#   $\lfloor (N + 2P - F)/S\rfloor + 1$;
# * see a filter as a **detector**: a hand-made edge filter on a handwritten digit.

# %%
import itertools

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, MaxPool2D


# %% [markdown]
# ## 1. Why convolutions
#
# A fully connected layer on a $32\times32\times3$ image first stretches it into a $3072$-vector: the
# spatial structure is gone, and every one of, say, 100 hidden units needs 3072 weights. A **convolution
# layer preserves the spatial structure**: a small filter, e.g. $5\times5\times3$ (filters always extend
# through the full depth of the input), slides over the image and at every position computes a dot product
# plus a bias, $w^\top x + b$. The same weights are used at every position (*weight sharing*), so the
# layer has only $5\cdot5\cdot3 + 1 = 76$ parameters per filter and detects its pattern wherever it appears.
# Six such filters give six activation maps, stacked into a $28\times28\times6$ output.
#
# (Deep-learning libraries actually compute a *cross-correlation*, $y_{ij} = \sum_{a,b} w_{ab}\,x_{i+a,j+b}$;
# the mathematical convolution flips the kernel first, which is why the notes' $2\times2$ example pairs
# $1$ with $d$ and $4$ with $a$. For learned filters the difference does not matter.)
#
# ## 2. A naive convolution, checked against XLA
#
# Images are NHWC (batch, height, width, channels), kernels HWIO (height, width, in, out):

# %%
def conv2d_naive(x, w, b, stride=1, padding=0):
    """x: (N, H, W, C_in), w: (F, F, C_in, C_out), b: (C_out,) -> (N, H', W', C_out). Plain loops."""
    x = np.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    n, h, wd, _ = x.shape
    f = w.shape[0]
    h_out, w_out = (h - f) // stride + 1, (wd - f) // stride + 1
    y = np.zeros((n, h_out, w_out, w.shape[-1]))
    for i, j in itertools.product(range(h_out), range(w_out)):
        patch = x[:, i * stride:i * stride + f, j * stride:j * stride + f, :]          # (N, F, F, C_in)
        y[:, i, j, :] = np.tensordot(patch, w, axes=([1, 2, 3], [0, 1, 2])) + b    # dot product + bias
    return y


rng = np.random.default_rng(0)
x = rng.normal(size=(2, 9, 9, 3)).astype(np.float32)
w = rng.normal(size=(3, 3, 3, 4)).astype(np.float32)
b = rng.normal(size=(4,)).astype(np.float32)
for stride, padding in [(1, 0), (2, 1), (3, 2)]:
    ours = conv2d_naive(x, w, b, stride, padding)
    xla = jax.lax.conv_general_dilated(x, w, (stride, stride), [(padding, padding)] * 2,
                                       dimension_numbers=("NHWC", "HWIO", "NHWC")) + b
    err = np.abs(ours - np.asarray(xla)).max()
    print(f"stride {stride}, padding {padding}: output {ours.shape}, naive == lax (to 1e-4): {err < 1e-4}")
    assert err < 1e-4


# %% [markdown]
# ## 3. Padding, stride, dilation: the output size
#
# For an input of size $N$, filter $F$, zero padding $P$ on each side and stride $S$:
#
# $$N_\text{out} = \left\lfloor \frac{N + 2P - F}{S} \right\rfloor + 1.$$
#
# (The notes' "N + 2P − F / stride + 1" needs these brackets.) Padding $P = (F-1)/2$ with $S = 1$ keeps
# the size ("same" padding: common in practice, to avoid shrinking); a stride of 2 halves it. **Dilation**
# $D$ spreads the filter's taps $D$ apart, an effective size $D(F-1)+1$ with the same $F^2$ weights: replace
# $F$ by that. Let us check the formula against `dl.layers.Conv2D` on many settings:

# %%
def out_size(n, f, p, s, d=1):
    return (n + 2 * p - (d * (f - 1) + 1)) // s + 1


checked = 0
for n, f, p, s, d in itertools.product([7, 8, 28, 32], [1, 3, 5], [0, 1, 2], [1, 2, 3], [1, 2]):
    if out_size(n, f, p, s, d) < 1:
        continue
    layer = Conv2D(2, f, strides=s, padding=((p, p), (p, p)), dilation_rate=d)
    _, _, shape = layer.init(jax.random.key(0), (n, n, 1))
    assert shape[:2] == (out_size(n, f, p, s, d),) * 2, (n, f, p, s, d, shape)
    checked += 1
print(f"formula == Conv2D output size in all {checked} settings")
print("32x32 image, 5x5 filter, no padding, stride 1 ->", out_size(32, 5, 0, 1))
print("32x32 image, 5x5 filter, padding 2 ('same')  ->", out_size(32, 5, 2, 1))
print("32x32 image, 3x3 filter, padding 1, stride 2 ->", out_size(32, 3, 1, 2))

# %% [markdown]
# Keras' string paddings are shorthands: `"valid"` is $P = 0$, `"same"` pads so that
# $N_\text{out} = \lceil N/S\rceil$.
#
# ## 4. Pooling
#
# A pooling layer makes the representation smaller and more manageable; it works on each activation map
# independently, with no weights. **Max pooling** keeps the largest value of each window (did the
# feature occur here?), **average pooling** the mean. The usual $2\times2$ window with stride 2 halves
# height and width (same formula, $P = 0$); AlexNet's *overlapping* pooling uses $3\times3$ windows with
# stride 2.

# %%
a = jnp.arange(16.0).reshape(1, 4, 4, 1)
mx, _ = MaxPool2D(2).apply({}, {}, a)
av, _ = AvgPool2D(2).apply({}, {}, a)
print("input\n", np.asarray(a[0, :, :, 0]))
print("max pool 2x2\n", np.asarray(mx[0, :, :, 0]))
print("avg pool 2x2\n", np.asarray(av[0, :, :, 0]))
assert np.array_equal(mx[0, :, :, 0], [[5, 7], [13, 15]])
assert np.array_equal(av[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])
_, _, shape = MaxPool2D(3, strides=2).init(jax.random.key(0), (55, 55, 96))   # AlexNet's overlapping pool
print("overlapping 3x3/2 pooling of 55x55x96:", shape)
assert shape == (out_size(55, 3, 0, 2),) * 2 + (96,)

# %% [markdown]
# ## 5. Filters as detectors
#
# A filter responds strongly where the image looks like the filter. A hand-made **vertical-edge** filter
# (Sobel: left column negative, right column positive) lights up where the intensity rises from left to
# right and goes negative where it falls; a horizontal-edge filter is its transpose. We put both into a
# `Conv2D` layer's kernel and apply it to a digit, upsampled from 8×8 to 32×32 so that the edges are
# visible.

# %%
(x_train, y_train), _ = dl.data.load_digits()
digit = jax.image.resize(x_train[y_train == 0][0:1], (1, 32, 32, 1), "bilinear")   # a zero, 32x32x1

sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float32)
edges = Conv2D(2, 3, padding="same", use_bias=False)
params, state, _ = edges.init(jax.random.key(0), (32, 32, 1))
params = {"kernel": jnp.stack([sobel_x, sobel_x.T], -1)[:, :, None, :]}        # (3, 3, 1, 2), HWIO
maps, _ = edges.apply(params, state, digit)

fig, axes = plt.subplots(1, 3, figsize=(9, 3))
axes[0].imshow(digit[0, :, :, 0], cmap="gray"); axes[0].set_title("input")
for ax, k, title in zip(axes[1:], range(2), ["vertical edges (Sobel x)", "horizontal edges (Sobel y)"]):
    ax.imshow(maps[0, :, :, k], cmap="RdBu_r", vmin=-1.5, vmax=1.5); ax.set_title(title)
for ax in axes:
    ax.axis("off")
plt.show()

# %%
# the detector's claim: the vertical-edge map has the sign of the intensity change from left to right
# (and the horizontal-edge map that of the change from top to bottom), compared with numpy's gradient
# (away from the border, where "same" padding adds zeros: this digit touches the top edge)
img = np.asarray(digit[0, :, :, 0])
d_dy, d_dx = np.gradient(img)
inner = (slice(2, -2), slice(2, -2))
for k, (name, grad) in enumerate([("vertical edges  ", d_dx), ("horizontal edges", d_dy)]):
    m = np.asarray(maps[0, :, :, k])
    corr = np.corrcoef(m[inner].ravel(), grad[inner].ravel())[0, 1]
    print(f"{name}: correlation with the image's finite-difference gradient {corr:.3f}")
    assert corr > 0.95
print("middle row, vertical-edge map:", np.round(np.asarray(maps[0, 16, ::2, 0]), 1) + 0.0)

# %% [markdown]
# A trained CNN *learns* such filters: the first layer typically ends up with edge and colour-blob
# detectors, deeper layers combine them into parts and objects. Pooling then keeps "the feature occurred
# around here", which makes the next layer tolerant to small shifts.
#
# ## 5b. Equivariance and (approximate) invariance
#
# The notes say convolutions give "translational invariance". Precisely:
#
# * a convolution is translation-**equivariant**: shift the input and the output shifts by the same amount,
#   $\text{conv}(T_\delta x) = T_\delta\,\text{conv}(x)$ (away from the borders); it does *not* stay the same;
# * pooling adds **approximate invariance**: a max over a window does not care where in the window the
#   maximum sits, so small shifts change the pooled output little; a shift by a multiple of the pooling
#   stride just shifts the pooled map (equivariance again, on a coarser grid); only pooling over the whole
#   map (global pooling) is exactly invariant (LeCun et al., 1998; Goodfellow et al., 2016, ch. 9).
#
# We put the digit in the middle of a 48×48 canvas (so that shifts do not reach the border) and shift it by
# `np.roll`:

# %%
canvas = np.zeros((1, 48, 48, 1), np.float32)
canvas[:, 8:40, 8:40] = np.asarray(digit)
shift = lambda x, dy, dx: np.roll(np.asarray(x), (dy, dx), axis=(1, 2))
feature = lambda x: jax.nn.relu(edges.apply(params, state, jnp.asarray(x))[0])     # conv + ReLU, 48x48x2
rel = lambda a, b: float(jnp.linalg.norm(a - b) / jnp.linalg.norm(b))

h0 = feature(canvas)
equivariance_err = max(float(jnp.abs(feature(shift(canvas, dy, dx)) - shift(h0, dy, dx)).max())
                       for dy, dx in [(1, 0), (0, 1), (3, -2)])
print(f"conv(shift(x)) == shift(conv(x)) to 1e-5 for three shifts: {equivariance_err < 1e-5}   (equivariant)")
assert equivariance_err < 1e-5

# invariance: relative change of the output when the input moves by one pixel, averaged over the 8
# one-pixel shifts and 4 placements of the digit (how edges fall on the pooling windows matters)
directions = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)]
pools = {"conv map (no pooling)": lambda h: h,
         "2x2 max pool": lambda h: MaxPool2D(2).apply({}, {}, h)[0],
         "4x4 max pool": lambda h: MaxPool2D(4).apply({}, {}, h)[0],
         "8x8 max pool": lambda h: MaxPool2D(8).apply({}, {}, h)[0],
         "global max pool": lambda h: h.max((1, 2))}
change = {name: [] for name in pools}
for offset in range(4):
    placed = shift(canvas, offset, offset)
    base = feature(placed)
    for dy, dx in directions:
        moved = feature(shift(placed, dy, dx))
        for name, pool in pools.items():
            change[name].append(rel(pool(moved), pool(base)))
print("relative change of the output after a one-pixel shift of the input: mean (largest)")
for name, c in change.items():
    print(f"  {name:22s} {np.mean(c):.2f} ({np.max(c):.2f})")
mean_change = {name: float(np.mean(c)) for name, c in change.items()}
assert mean_change["conv map (no pooling)"] > 0.4                                 # conv alone: not invariant
assert mean_change["4x4 max pool"] < 0.75 * mean_change["conv map (no pooling)"]  # pooling: less change ...
assert mean_change["8x8 max pool"] < mean_change["2x2 max pool"]                  # ... the larger the window
assert max(change["global max pool"]) < 1e-6                                     # global pooling: invariant
pool2 = pools["2x2 max pool"]

two = pool2(feature(shift(canvas, 2, 0)))                        # a shift by the pooling stride ...
assert float(jnp.abs(two - shift(pool2(h0), 1, 0)).max()) < 1e-5  # ... shifts the pooled map by one cell
assert rel(two, pool2(h0)) > 0.3                                  # ... and is not absorbed

# %% [markdown]
# So the conv map moves with the digit (it is the same map, shifted); a pooled map changes less on average
# the larger the window, but not always little (the largest changes stay large when an edge crosses a
# window border), and a shift by a whole pooling cell moves the pooled map too. Invariance to larger shifts is
# built up by stacking conv and pooling layers, and completed by global pooling or the final dense layers;
# data augmentation with shifts (lesson 14) teaches the rest.
#
# ## 6. Your turn: the ConvExplorer
#
# Change the input size, kernel, padding, stride, dilation and pooling, and step the window position:
# the explorer highlights the receptive field of each output cell and prints the formula with your
# numbers.

# %%
explorer = dl.widgets.ConvExplorer(size=8, kernel=3, padding=1, stride=2)
explorer

# %%
for size, k, p, s, d in [(8, 3, 1, 2, 1), (16, 5, 0, 1, 1), (16, 3, 2, 1, 2), (7, 3, 0, 3, 1)]:
    explorer.size.value, explorer.kernel.value, explorer.padding.value = size, k, p
    explorer.stride.value, explorer.dilation.value = s, d
    print(f"N={size} F={k} P={p} S={s} D={d}: explorer says {explorer.output_size()}, formula {out_size(size, k, p, s, d)}")
    assert explorer.output_size() == out_size(size, k, p, s, d)

# %% [markdown]
# ## Summary
#
# * A convolution layer slides $F\times F\times C_\text{in}$ filters over the input: local, shared weights,
#   one activation map per filter.
# * Output size $\lfloor (N + 2P - F)/S\rfloor + 1$ (with $F \to D(F-1)+1$ for dilation), checked here
#   against `Conv2D` in 200+ settings and against XLA's convolution.
# * Pooling shrinks each map independently; filters are pattern detectors, hand-made here, learned in
#   lesson 11.
#
# * Convolution is translation-equivariant; pooling gives approximate invariance to small shifts, global
#   pooling exact invariance.
#
# **Exercise:** `exercises/10_convolutions.ipynb`: implement the building blocks by hand (the output-size
# formula, a naive conv2d with loops, max pooling, ...) and check them against XLA.

# %% [markdown]
# ## References
#
# * Y. LeCun, L. Bottou, Y. Bengio, P. Haffner (1998). Gradient-based learning applied to document
#   recognition. *Proceedings of the IEEE* 86(11), 2278–2324. DOI 10.1109/5.726791.
# * I. Goodfellow, Y. Bengio, A. Courville (2016). *Deep Learning*, chapter 9 (convolutional networks).
#   MIT Press.
# * V. Dumoulin, F. Visin (2016). A guide to convolution arithmetic for deep learning. arXiv:1603.07285.
# * A. Krizhevsky, I. Sutskever, G. Hinton (2012). ImageNet classification with deep convolutional neural
#   networks. NeurIPS 2012.
