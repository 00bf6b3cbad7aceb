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
# * explain the **degradation problem** (a deeper *plain* net reaches a *higher training* error than a
#   shallower plain one) and measure it: plain nets of 4, 10 and 30 layers, and residual nets of the same
#   depths, same data, same budget;
# * write the Jacobian of a residual block correctly: $I + J_F$ only for pre-activation blocks,
#   $D\,(I + J_F)$ when the ReLU comes after the addition;
# * test the view of a ResNet as an **ensemble of shallower paths** by deleting blocks of a trained net.

# %%
import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
import optax

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
# Krizhevsky, Sutskever and Hinton (2012) won ImageNet 2012 by a wide margin with 5 conv layers and 3 fully
# connected layers ("only 8 layers deep"), trained on two GTX 580 GPUs (the layers were split across them).
# New at the time: **ReLU** instead of tanh (faster training), **overlapping max pooling** (3x3 windows,
# stride 2), **dropout** in the dense layers, data augmentation. The `summary()` is computed abstractly
# (shapes only, no FLOPs), so even a 61-million-parameter model prints instantly.
#
# **Which AlexNet?** `zoo.alexnet` is torchvision's *one-GPU* variant (after Krizhevsky, 2014, "One weird
# trick"): conv widths 64-192-384-256-256, every conv seeing all channels of the previous layer. The 2012
# net had 96-256-384-384-256 filters, and because of the two-GPU split conv2, conv4 and conv5 only saw the
# half of the previous layer on their own GPU (a grouped convolution with 2 groups). We count both below.

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


def conv_count(k, c_in, c_out, groups=1):
    """Weights + biases of a k x k conv whose channels are split into `groups` independent groups."""
    return groups * (k * k * (c_in // groups) * (c_out // groups) + c_out // groups)


dense = 6 * 6 * 256 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000
one_gpu = (conv_count(11, 3, 64) + conv_count(5, 64, 192) + conv_count(3, 192, 384)
           + conv_count(3, 384, 256) + conv_count(3, 256, 256) + dense)
two_gpu_2012 = (conv_count(11, 3, 96) + conv_count(5, 96, 256, groups=2) + conv_count(3, 256, 384)
                + conv_count(3, 384, 384, groups=2) + conv_count(3, 384, 256, groups=2) + dense)
print(f"one-GPU variant (64-192-384-256-256): {one_gpu:,}   zoo.alexnet: {imagenet_params(alexnet):,}")
print(f"2012 two-GPU net (96-256-384-384-256, conv2/4/5 split in 2 groups): {two_gpu_2012:,} (paper: '60 million')")
assert one_gpu == imagenet_params(alexnet) == 61_100_840
assert two_gpu_2012 == 60_965_224

# %% [markdown]
# ## 2. VGG (2014): small filters, deep stages
#
# Simonyan and Zisserman (2015) used *only* 3x3 convolutions (stride 1, padding "same") in stages of 2-4 convs
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
# Szegedy et al. (2015) asked: which filter size is right, 1x1, 3x3 or 5x5? Use all of them **in parallel** and
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
# With batch norm and good initialization, very deep plain networks *do* train, but He et al. (2016a)
# noticed something odd: a 56-layer plain net had **higher training error** than a 20-layer plain net.
# That is not overfitting (it is the *training* error), and a deeper net can represent the shallower one
# exactly (extra layers = identity), so it is an **optimization** problem: the course notes list the
# suspects (vanishing gradients? overfitting? representation power?). **Degradation** is a statement about
# plain nets of different depths; a residual net of the same depth is the cure, not the evidence.
#
# ResNet's fix: let each block learn a *residual* $F$ and add its input back. In the original block the
# ReLU comes **after** the addition:
#
# $$x_{l+1} = \mathrm{ReLU}\big(x_l + F(x_l)\big), \qquad
# \frac{\partial x_{l+1}}{\partial x_l} = D_l\,\big(I + J_F\big),\quad
# D_l = \mathrm{diag}\big(\mathbb 1[x_l + F(x_l) > 0]\big),\ J_F = \tfrac{\partial F}{\partial x_l}.$$
#
# The mask $D_l$ multiplies from the **left** (chain rule: the ReLU is applied last), and it can zero
# coordinates, so the identity path is not clean. The clean form $\partial x_{l+1}/\partial x_l = I + J_F$
# holds for the **pre-activation** block of He et al. (2016b, "Identity mappings"), $x_{l+1} = x_l +
# F(x_l)$ with BN and ReLU moved inside $F$; then
# $\partial x_L/\partial x_l = \prod_k (I + J_{F_k})$ always contains the identity term. The next cell
# checks both formulas with `jax.jacobian` on a random block, and that the factors cannot be swapped.

# %%
k1, k2, k3 = jax.random.split(jax.random.key(0), 3)
W1, W2 = jax.random.normal(k1, (8, 8)) / np.sqrt(8), jax.random.normal(k2, (8, 8)) / np.sqrt(8)
x_l = jax.random.normal(k3, (8,))
F = lambda x: W2 @ jax.nn.relu(W1 @ x)
J_F = jax.jacobian(F)(x_l)
D = jnp.diag((x_l + F(x_l) > 0).astype(jnp.float32))
J_post = jax.jacobian(lambda x: jax.nn.relu(x + F(x)))(x_l)           # original ResNet block
J_pre = jax.jacobian(lambda x: x + F(x))(x_l)                          # pre-activation block
I8 = jnp.eye(8)
err_post, err_pre = float(jnp.abs(J_post - D @ (I8 + J_F)).max()), float(jnp.abs(J_pre - (I8 + J_F)).max())
err_swapped = float(jnp.abs(J_post - (I8 + J_F) @ D).max())
print(f"post-activation: |J - D(I + J_F)| < 1e-5: {err_post < 1e-5};  |J - (I + J_F)D| = {err_swapped:.2f}")
print(f"pre-activation:  |J - (I + J_F)|  < 1e-5: {err_pre < 1e-5};  the ReLU mask zeros {int(8 - D.sum())} of 8 rows")
assert err_post < 1e-5 and err_pre < 1e-5 and err_swapped > 0.1

# %% [markdown]
# **The experiment.** Plain nets of 4, 10 and 30 hidden Dense layers (32 ReLU units, batch norm, He
# initialization) and residual nets of the same depths, with a skip connection around every pair of
# layers (`zoo.deep_mlp(..., residual=False/True)`: at equal depth exactly the same parameters). Same data
# (two interleaved spirals, 512 points), same optimizer (SGD, momentum 0.9), same 150 minibatch steps.
# (The conv version, `zoo.plain_net` vs `zoo.cifar_resnet`, shows the effect in
# `benchmarks/plain_vs_residual.py` but takes minutes on a laptop CPU.) We record the training loss on
# all 512 points at the end and the norm of the gradient that reaches the first layer,
# $\lVert \partial L / \partial W_1 \rVert_2$, and keep the trained parameters for section 5.

# %%
def train_mlp(model, x, y, steps=150, batch_size=64, seed=0):
    """SGD (momentum 0.9, lr 0.01) in one jitted lax.scan. Returns params, state, the minibatch losses,
    the first layer's gradient norms and the final loss on all of x (batch statistics, as in training)."""
    opt = dl.optim.sgd(0.01, momentum=0.9)
    x, y = jnp.asarray(x), jnp.asarray(y, jnp.int32)
    rng = np.random.default_rng(seed)
    idx = jnp.asarray(np.stack([rng.choice(len(x), batch_size, replace=False) for _ in range(steps)]))

    def loss_fn(params, state, xb, yb):
        p, state = model.apply(params, state, xb, train=True)
        return -jnp.mean(jnp.log(jnp.clip(jnp.take_along_axis(p, yb[:, None], 1), 1e-7, 1.0))), state

    @jax.jit
    def run(key):
        params, state = model.init(key, tuple(x.shape[1:]))

        def step(carry, i):
            params, state, o = carry
            (loss, state), g = jax.value_and_grad(loss_fn, has_aux=True)(params, state, x[i], y[i])
            updates, o = opt.update(g, o, params)
            return (optax.apply_updates(params, updates), state, o), (loss, optax.tree.norm(g["input"]))

        (params, state, _), (losses, norms) = jax.lax.scan(step, (params, state, opt.init(params)), idx)
        return params, state, losses, norms, loss_fn(params, state, x, y)[0]

    params, state, losses, norms, final = run(jax.random.key(seed))
    return {"params": params, "state": state, "loss": np.asarray(losses), "first_grad_norm": np.asarray(norms),
            "final_loss": float(final)}

# %%
DEPTHS, STEPS = (4, 10, 30), 150
x_spiral, y_spiral = dl.data.make_spirals(512, n_classes=2, noise=0.1, seed=0)
x_spiral = x_spiral.astype(np.float32)
runs = {}


def train_both(depth):
    """Train the plain and the residual net of one depth; print their final training losses."""
    for kind in ("plain", "residual"):
        model = zoo.deep_mlp(depth, 32, 2, 2, residual=(kind == "residual"), batch_norm=True)
        runs[kind, depth] = dict(train_mlp(model, x_spiral, y_spiral, steps=STEPS), model=model)
        r = runs[kind, depth]
        print(f"{kind:8s} {depth:2d} layers: final training loss {r['final_loss']:.4f}; first-layer gradient "
              f"norm {r['first_grad_norm'][:10].mean():.3g} (first 10 steps)")


# %% tags=["nbval-ignore-output"]
train_both(4)

# %% tags=["nbval-ignore-output"]
train_both(10)

# %% tags=["nbval-ignore-output"]
train_both(30)

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6))
for kind, marker in (("plain", "o-"), ("residual", "s-")):
    ax1.semilogy(DEPTHS, [runs[kind, d]["final_loss"] for d in DEPTHS], marker, label=kind)
    ax2.plot(runs[kind, 30]["loss"], label=f"{kind}, 30 layers")
ax2.plot(runs["plain", 10]["loss"], label="plain, 10 layers", alpha=0.6)
ax1.set(xlabel="hidden layers", ylabel="final training loss", title=f"same data, same {STEPS} steps")
ax2.axhline(np.log(2), color="gray", ls=":", label="chance: ln 2")
ax2.set(xlabel="step", ylabel="training loss (minibatch)", title="training curves")
ax1.legend(), ax2.legend()
plt.tight_layout()
plt.show()

# %% tags=["nbval-ignore-output"]
loss = {key: r["final_loss"] for key, r in runs.items()}
shallow_plain = max(loss["plain", 4], loss["plain", 10])
print(f"plain: 4 layers {loss['plain', 4]:.4f}, 10 layers {loss['plain', 10]:.4f}, 30 layers {loss['plain', 30]:.4f}")
print(f"residual: 4 layers {loss['residual', 4]:.4f}, 10 layers {loss['residual', 10]:.4f}, "
      f"30 layers {loss['residual', 30]:.4f}")
assert loss["plain", 30] > 0.1 and loss["plain", 30] > 4 * shallow_plain      # degradation among plain nets
assert loss["residual", 30] < loss["plain", 30] / 4                            # the residual 30 does not degrade
assert loss["residual", 30] < 2 * shallow_plain + 0.05                          # ...it is as good as the shallow ones
g_plain, g_res = runs["plain", 30]["first_grad_norm"], runs["residual", 30]["first_grad_norm"]
assert g_plain[:10].mean() > g_res[:10].mean()                                  # no vanishing in the plain net (BN)

# %% [markdown]
# What we measured: among **plain** nets, 4 and 10 layers fit the spirals (final training loss of order
# 0.01), while 30 layers stay far higher with the same budget: the **degradation problem**, in the training
# loss, as in the ResNet paper. The residual net of 30 layers, with the same parameters as the plain one,
# trains as well as the shallow ones.
#
# The gradient norms tell a second, subtler story. The gradient reaching the plain 30-layer net's first
# layer is *not* small; it is larger than the residual net's (asserted above). With batch norm and He
# initialization the plain net's gradients do not vanish, and He et al. report the same for their plain
# nets. So "vanishing gradients" is not the explanation here; the plain net's gradient is large but not
# useful, while the residual net starts close to a shallow network and improves it block by block. Why
# exactly deep plain nets are harder to optimize is still debated (one analysis: the gradients of deep
# plain nets become nearly uncorrelated from input to input, "shattered", Balduzzi et al., 2017).
#
# ## 5. Residual networks behave like ensembles of shallower networks
#
# Unroll two residual blocks (pre-activation form, for clarity):
# $x_2 = x_0 + F_1(x_0) + F_2\big(x_0 + F_1(x_0)\big)$. The output is a sum over **paths**: skip both
# blocks, go through $F_1$ only, through $F_2$ only, or through both. With $n$ blocks there are $2^n$ paths,
# of lengths 0 to $n$, most of them of medium length. Veit, Wilber and Belongie (2016) argued that a
# ResNet behaves like an **ensemble** of these paths rather than one deep chain, and tested it with a
# *lesion study*: deleting one residual block of a trained ResNet at test time removes only half of the
# paths and barely changes the error, while deleting one layer of a plain VGG net destroys it (they
# also found that the gradient during training comes mostly from short paths).
#
# Our version: delete one block from the trained residual net of 30 layers (15 blocks; a deleted block
# becomes the identity $x_{l+1} = x_l$), and one block from the well-trained plain net of 10 layers
# (5 blocks), and measure the training accuracy on all 512 points (batch statistics, as in training).
# A related reading (Greff et al., 2017): the blocks of a ResNet refine one estimate step by step
# ("unrolled iterative estimation"), which the course notes mention.

# %% tags=["nbval-ignore-output"]
def accuracy(run, delete=None):
    """Training accuracy of a trained run, with the block named `delete` removed."""
    model = run["model"]
    keep = [layer for layer in model.layers if layer.name != delete]
    sub = dl.models.Sequential(keep)
    params = {k: v for k, v in run["params"].items() if k != delete}
    state = {k: v for k, v in run["state"].items() if k != delete}
    probs, _ = sub.apply(params, state, jnp.asarray(x_spiral), train=True)
    return float(np.mean(np.asarray(probs).argmax(1) == y_spiral))


res_run, plain_run = runs["residual", 30], runs["plain", 10]
acc_res = [accuracy(res_run, f"block_{b}") for b in range(15)]
acc_plain = [accuracy(plain_run, f"block_{b}") for b in range(5)]
print(f"residual, 30 layers: accuracy {accuracy(res_run):.3f}; one block deleted: "
      f"median {np.median(acc_res):.3f}, worst {min(acc_res):.3f}")
print(f"plain, 10 layers:    accuracy {accuracy(plain_run):.3f}; one block deleted: "
      f"median {np.median(acc_plain):.3f}, best {max(acc_plain):.3f}   (chance: 0.5)")
print("residual, per deleted block:", np.round(acc_res, 2))
print("plain,    per deleted block:", np.round(acc_plain, 2))
assert accuracy(res_run) > 0.95 and accuracy(plain_run) > 0.95
assert np.median(acc_res) > 0.9                                   # most single deletions barely matter
assert max(acc_plain) < 0.8                                       # every single deletion breaks the plain net

# %% [markdown]
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
# | AlexNet | 2012 | 8 | 61.1 M (one-GPU variant; 2012 net 61.0 M) | ReLU, overlapping pooling, dropout, GPUs |
# | VGG-16 | 2014 | 16 | 138.4 M | only 3x3 convs, conv-conv-pool stages |
# | GoogLeNet | 2014 | 22 | ~7 M | Inception: parallel 1x1/3x3/5x5/pool, 1x1 bottlenecks |
# | ResNet-50 | 2015 | 50 | 25.6 M | skip connections $x + F(x)$, bottleneck blocks |
#
# (The counts are the ones measured above; AlexNet's is torchvision's one-GPU variant, the 2012 two-GPU
# net has 60,965,224.) Depth alone is not enough: a deeper *plain* chain gets *harder to optimize* (the
# 30-layer plain net trained worse than the 4- and 10-layer ones); the identity path of a residual block
# lets a block default to "do nothing", and a trained ResNet survives the deletion of a block, like an
# ensemble of paths.
#
# What the experiments do not show: ImageNet-scale training (only the parameter counts are at ImageNet
# size), nor why deep plain nets are hard to optimize in general.
#
# **Exercise** (`exercises/12_deep_cnns.ipynb`): implement by hand batch normalization in training (batch
# statistics and running averages) and at inference, a residual block `relu(x + F(x))`, and global
# average pooling.
#
# ## References
#
# * A. Krizhevsky, I. Sutskever, G. E. Hinton (2012). ImageNet Classification with Deep Convolutional
#   Neural Networks. NeurIPS 2012.
# * A. Krizhevsky (2014). One weird trick for parallelizing convolutional neural networks. arXiv:1404.5997.
# * K. Simonyan, A. Zisserman (2015). Very Deep Convolutional Networks for Large-Scale Image Recognition.
#   ICLR 2015. arXiv:1409.1556.
# * C. Szegedy et al. (2015). Going Deeper with Convolutions. CVPR 2015. arXiv:1409.4842.
# * K. He, X. Zhang, S. Ren, J. Sun (2016a). Deep Residual Learning for Image Recognition. CVPR 2016.
#   arXiv:1512.03385.
# * K. He, X. Zhang, S. Ren, J. Sun (2016b). Identity Mappings in Deep Residual Networks. ECCV 2016.
#   arXiv:1603.05027.
# * A. Veit, M. Wilber, S. Belongie (2016). Residual Networks Behave Like Ensembles of Relatively Shallow
#   Networks. NeurIPS 2016. arXiv:1605.06431.
# * K. Greff, R. K. Srivastava, J. Schmidhuber (2017). Highway and Residual Networks learn Unrolled
#   Iterative Estimation. ICLR 2017. arXiv:1612.07771.
# * D. Balduzzi, M. Frean, L. Leary, J. P. Lewis, K. W.-D. Ma, B. McWilliams (2017). The Shattered
#   Gradients Problem: If resnets are the answer, then what is the question? ICML 2017. arXiv:1702.08591.
# * S. Ioffe, C. Szegedy (2015). Batch Normalization: Accelerating Deep Network Training by Reducing
#   Internal Covariate Shift. ICML 2015. arXiv:1502.03167.
