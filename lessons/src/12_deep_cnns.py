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
# # Lesson 12: Deep CNNs: AlexNet, VGG, GoogLeNet, ResNet
#
# LeNet-5 (lesson 11) had 60 thousand parameters and read 32x32 digits. Between 2012 and 2015 four
# architectures took convolutional networks to 224x224 colour photographs and 1000 ImageNet classes,
# each with one idea that is still in every modern network.
#
# **Learning goals**
#
# * read the design of **AlexNet** (ReLU, overlapping pooling, dropout, two GPUs), **VGG** (only 3x3 convs,
#   conv-conv-pool stages), **GoogLeNet** (Inception blocks: parallel 1x1, 3x3, 5x5 and pooling branches,
#   1x1 "bottlenecks") and **ResNet** (skip connections);
# * build each in one line from `dl.models.zoo` and read its `summary()` at the ImageNet configuration,
#   counting parameters by hand where it is instructive;
# * explain the **degradation problem** (deeper plain nets reach a *higher training* error) and measure
#   it: a plain net and a residual net of the same depth, same data, same budget;
# * see why the skip connection helps the gradient: $\partial x_{l+1}/\partial x_l = I + \partial F/\partial x_l$.

# %%
import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl
from dltoolkit.models import zoo
from dltoolkit.models.summary import count


def imagenet_params(model):
    """Trainable parameters at 224x224x3 without allocating them (jax.eval_shape: shapes only)."""
    params = jax.eval_shape(lambda k: model.init(k, (224, 224, 3))[0], jax.random.key(0))
    return count(params)


# %% [markdown]
# ## 1. AlexNet (2012): the network that started it
#
# Krizhevsky, Sutskever and Hinton won ImageNet 2012 by a wide margin with 5 conv layers and 3 fully
# connected layers ("only 8 layers deep"), trained on two GTX 580 GPUs (the layers were split across them).
# New at the time: **ReLU** instead of tanh (faster training), **overlapping max pooling** (3x3 windows,
# stride 2), **dropout** in the dense layers, data augmentation. The `summary()` is computed abstractly
# (shapes only, no FLOPs), so even a 61-million-parameter model prints instantly.

# %%
alexnet = zoo.alexnet(input_shape=(224, 224, 3), num_classes=1000)
alexnet.summary()

# %% [markdown]
# A conv layer has $k_h k_w C_{in} C_{out} + C_{out}$ parameters; a dense layer $n_{in} n_{out} + n_{out}$.
# Checking two rows by hand: conv1 is 11x11 on 3 channels to 64 filters, fc1 maps the flattened
# $6\cdot 6\cdot 256 = 9216$ features to 4096 units. **Most of AlexNet's parameters sit in the dense layers**:

# %%
conv1 = 11 * 11 * 3 * 64 + 64
fc1 = 6 * 6 * 256 * 4096 + 4096
dense_share = (fc1 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000) / imagenet_params(alexnet)
print(f"conv1: {conv1:,}   fc1: {fc1:,}   share of all parameters in fc1-fc3: {dense_share:.1%}")
assert conv1 == 23_296 and fc1 == 37_752_832 and dense_share > 0.95

# %% [markdown]
# ## 2. VGG (2014): small filters, deep stages
#
# Simonyan and Zisserman used *only* 3x3 convolutions (stride 1, padding "same") in stages of 2-4 convs
# followed by a 2x2 max pool, doubling the channels after each pool: 64, 128, 256, 512, 512. Two stacked
# 3x3 convs see a 5x5 window, three see 7x7, with fewer parameters and more nonlinearities than one big
# filter: $2 \cdot 9C^2 = 18C^2$ vs $25C^2$ for a 5x5. VGG-11/13/16/19 differ only in how many convs each
# stage has. The training tips of the course notes ("use 3x3 filters, n-layers of conv-conv-maxpool")
# are VGG's recipe.

# %%
reference = {  # torchvision's published parameter counts (ImageNet, 1000 classes)
    "alexnet": 61_100_840, "vgg11": 132_863_336, "vgg16": 138_357_544, "vgg19": 143_667_240,
    "vgg16_bn": 138_365_992, "resnet18": 11_689_512, "resnet34": 21_797_672, "resnet50": 25_557_032}
builders = {"alexnet": zoo.alexnet, "vgg11": zoo.vgg11, "vgg16": zoo.vgg16, "vgg19": zoo.vgg19,
            "vgg16_bn": lambda: zoo.vgg16(batch_norm=True), "googlenet": zoo.googlenet,
            "resnet18": zoo.resnet18, "resnet34": zoo.resnet34, "resnet50": zoo.resnet50}
counts = {name: imagenet_params(build()) for name, build in builders.items()}
for name, n in counts.items():
    ref = f"(torchvision {reference[name]:,})" if name in reference else "(paper version, true 5x5 branches)"
    print(f"{name:10s} {n:>13,} trainable parameters {ref}")
assert all(counts[k] == v for k, v in reference.items())

# %% [markdown]
# ## 3. GoogLeNet / Inception (2014): wide instead of only deep
#
# Szegedy et al. asked: which filter size is right, 1x1, 3x3 or 5x5? Use all of them **in parallel** and
# concatenate the results along the channels. To keep this affordable, a **1x1 convolution** first
# reduces the channels ("bottleneck") before each 3x3 and 5x5 branch, and after the 3x3 max-pool branch.
# The whole 22-layer network has about 7 million parameters, 20 times fewer than VGG-16, and won
# ImageNet 2014. The block `inception_3a` of the paper's Table 1 (192 channels in):

# %%
block = zoo.inception_block(64, 96, 128, 16, 32, 32, name="inception_3a")
params, state, out_shape = block.init(jax.random.key(0), (28, 28, 192))
print("output shape:", out_shape, "=", "64 + 128 + 32 + 32 channels")
assert out_shape == (28, 28, 256)
with_1x1 = 192 * 16 * 1 + 16 * 32 * 25           # 1x1 reduce to 16, then 5x5 to 32 (weights only)
without = 192 * 32 * 25                           # a 5x5 straight on 192 channels
print(f"5x5 branch weights: {with_1x1:,} with the 1x1 bottleneck, {without:,} without ({without / with_1x1:.1f}x)")

# %% [markdown]
# ## 4. ResNet (2015): the degradation problem and skip connections
#
# With batch norm and good initialization, very deep plain networks *do* train, but He et al. noticed
# something odd: a 56-layer plain net had **higher training error** than a 20-layer one. That is not
# overfitting (it is the *training* error), and a deeper net can represent the shallower one exactly
# (extra layers = identity), so it is an **optimization** problem: the course notes list the suspects
# (vanishing gradients? overfitting? representation power?).
#
# ResNet's fix: let each block learn a *residual* $F$ and add its input back,
#
# $$x_{l+1} = \mathrm{ReLU}\big(F(x_l) + x_l\big), \qquad
# \frac{\partial x_{l+1}}{\partial x_l} = \big(I + \tfrac{\partial F}{\partial x_l}\big)\cdot\mathrm{ReLU}'.$$
#
# If the best thing a block can do is nothing, it only has to drive $F$ to 0, which is easy; and the
# gradient reaches early layers through the identity paths instead of a product of many small factors.
# A ResNet behaves like an ensemble of many shallower paths, and its blocks can be read as unrolled
# iterative refinement of one estimate (course notes).
#
# **The experiment.** Two networks of 30 hidden Dense layers (32 ReLU units, batch norm, He
# initialization), one stacked plainly and one with a skip connection around every pair of layers
# (`zoo.deep_mlp(..., residual=False/True)`: exactly the same parameters), the same data (two
# interleaved spirals, 512 points), the same optimizer (SGD, momentum 0.9) and the same 150 minibatch
# steps. (The conv version, `zoo.plain_net` vs `zoo.cifar_resnet`, shows the same effect in
# `benchmarks/plain_vs_residual.py` but takes minutes on a laptop CPU; the MLP keeps the lesson fast.) We record the training loss and the norm of the gradient that reaches the first
# layer, $\lVert \partial L / \partial W_1 \rVert_2$, with `zoo.train_and_measure` (one compiled loop).

# %% tags=["nbval-ignore-output"]
DEPTH, STEPS = 30, 150
x_spiral, y_spiral = dl.data.make_spirals(512, n_classes=2, noise=0.1, seed=0)
x_spiral = x_spiral.astype(np.float32)
runs = {}
for kind in ("plain", "residual"):
    model = zoo.deep_mlp(DEPTH, 32, 2, 2, residual=(kind == "residual"), batch_norm=True)
    runs[kind] = zoo.train_and_measure(model, x_spiral, y_spiral, steps=STEPS, batch_size=64,
                                       optimizer=dl.optim.sgd(0.01, momentum=0.9), seed=0)
    r = runs[kind]
    print(f"{kind:8s} {DEPTH} layers: final training loss {r['final_loss']:.4f}; first-layer gradient norm "
          f"{r['first_grad_norm'][:10].mean():.3g} (first 10 steps), {r['first_grad_norm'][-10:].mean():.3g} (last 10)")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6))
for kind, r in runs.items():
    ax1.plot(r["loss"], label=kind)
    ax2.semilogy(r["first_grad_norm"], label=kind)
ax1.axhline(np.log(2), color="gray", ls=":", label="chance: ln 2")
ax1.set(xlabel="step", ylabel="training loss (minibatch)", title=f"{DEPTH}-layer nets, same budget")
ax2.set(xlabel="step", ylabel="||dL/dW_1||", title="gradient reaching the first layer")
ax1.legend(), ax2.legend()
plt.tight_layout()
plt.show()

# %% tags=["nbval-ignore-output"]
plain, res = runs["plain"], runs["residual"]
assert res["final_loss"] < plain["final_loss"]                       # the residual net trains further
assert res["loss"][-10:].mean() < plain["loss"][-10:].mean()
assert plain["first_grad_norm"][:10].mean() > res["first_grad_norm"][:10].mean()   # no vanishing in plain (BN)
assert np.all(plain["first_grad_norm"] > 0) and np.all(np.isfinite(res["first_grad_norm"]))
print(f"final training loss: plain {plain['final_loss']:.4f}, residual {res['final_loss']:.4f} "
      f"({plain['final_loss'] / res['final_loss']:.1f}x lower with skips)")


# %% [markdown]
# What we measured: with the same 30 layers, the same weights count and the same 150 steps, the plain
# net's training loss ended at 0.396 and the residual net's at 0.019, about 20 times lower: the
# **degradation problem**, in the training loss, as in the ResNet paper.
#
# The gradient norms tell a second, subtler story. The gradient reaching the plain net's first layer
# was *not* small: 28.8 on average over the first 10 steps, against 4.94 for the residual net. With
# batch norm and He initialization the plain net's gradients do not vanish, and He et al. report the
# same for their plain nets. So "vanishing gradients" is not the explanation here; the plain net's
# gradient is large but not useful (its loss surface is harder to optimize: the gradient direction
# changes quickly from step to step), while the residual net starts close to a shallow network and
# improves it block by block. Why exactly deep plain nets are harder to optimize is still debated.
#
# **Knob: why depth hurts a plain chain.** Forget training for a moment and multiply Jacobians. Below,
# $x_{l+1} = \mathrm{ReLU}(W_l x_l)$ (plain) or $x_{l+1} = x_l + \mathrm{ReLU}(W_l x_l)/\sqrt{L}$ (residual, scaled)
# for random $W_l$ with entries of standard deviation $g\sqrt{2/n}$ (He initialization for $g = 1$).
# Move the depth and the gain: the plain chain's end-to-end gradient shrinks or explodes geometrically
# with depth unless $g$ is just right, while the identity path keeps the residual chain's gradient from
# vanishing (without normalization it can still grow: that is the job of batch norm).

# %%
def chain_gradient_norms(depth, gain, width=64, trials=4):
    """||d x_L / d x_0|| (spectral norm) for plain and residual random ReLU chains."""
    rng = np.random.default_rng(0)
    out = {"plain": [], "residual": []}
    for _ in range(trials):
        x0 = rng.normal(size=width)
        for kind in out:
            x, J = x0.copy(), np.eye(width)
            norms = []
            for l in range(depth):
                Wl = rng.normal(size=(width, width)) * gain * np.sqrt(2 / width)
                z = Wl @ x
                D = (z > 0)[:, None] * Wl                        # Jacobian of relu(W x)
                if kind == "plain":
                    x, J = np.maximum(z, 0), D @ J
                else:
                    x, J = x + np.maximum(z, 0) / np.sqrt(depth), J + D @ J / np.sqrt(depth)
                norms.append(np.linalg.norm(J, 2))
            out[kind].append(norms)
    return {k: np.exp(np.mean(np.log(v), axis=0)) for k, v in out.items()}


depth_slider = W.IntSlider(value=50, min=2, max=100, step=2, description="depth L")
gain_slider = W.FloatSlider(value=0.8, min=0.5, max=1.5, step=0.05, description="init gain g")


def draw_chain(fig, depth, gain):
    norms = chain_gradient_norms(depth, gain)
    ax = fig.subplots()
    for kind, v in norms.items():
        ax.semilogy(np.arange(1, depth + 1), v, label=kind)
    ax.set(xlabel="layer l", ylabel="||d x_l / d x_0||")
    ax.legend()
    return (f"depth {depth}, gain {gain:.2f}: end-to-end gradient norm plain {norms['plain'][-1]:.3g}, "
            f"residual {norms['residual'][-1]:.3g}")


dl.widgets.SliderPlot(draw_chain, depth=depth_slider, gain=gain_slider, width=6, height=3.2)

# %%
norms = chain_gradient_norms(50, 0.8)
assert norms["plain"][-1] < 1e-2 < 0.5 < norms["residual"][-1]       # plain vanishes, residual does not
print(f"50 layers, gain 0.8: plain {norms['plain'][-1]:.2e}, residual {norms['residual'][-1]:.2f}")

# %% [markdown]
# ## Summary
#
# | network | year | depth | parameters (ImageNet) | key idea |
# |---|---|---|---|---|
# | AlexNet | 2012 | 8 | 61.1 M | ReLU, overlapping pooling, dropout, GPUs |
# | VGG-16 | 2014 | 16 | 138.4 M | only 3x3 convs, conv-conv-pool stages |
# | GoogLeNet | 2014 | 22 | ~7 M | Inception: parallel 1x1/3x3/5x5/pool, 1x1 bottlenecks |
# | ResNet-50 | 2015 | 50 | 25.6 M | skip connections $x + F(x)$, bottleneck blocks |
#
# (The counts are the ones measured above.) Depth alone is not enough: a plain chain gets *harder to
# optimize* as it grows; the identity path of a residual block keeps gradients alive and lets a block
# default to "do nothing".
#
# **Exercise:** `exercises/12_deep_cnns.ipynb`.
