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
# # Lesson 8: Weight initialization
#
# **Learning goals**
#
# * derive how the variance of a layer's output depends on the variance of its weights;
# * know why the weights must not all start equal (**symmetry breaking**);
# * know **Xavier/Glorot** ($\operatorname{Var} W = 2/(n_\text{in}+n_\text{out})$, derived for tanh, *not* for the
#   sigmoid) and
#   **He** ($\operatorname{Var} W = 2/n_\text{in}$, for ReLU) and why ReLU needs the factor 2;
# * see the notes' three cases in a 10-layer network: **too small** (activations and gradients vanish),
#   **too big** (activations explode or saturate), **just right**;
# * watch what each does to training.

# %%
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl

# %% [markdown]
# ## 1. Variance through one layer
#
# A unit computes $z = \sum_{i=1}^{n_\text{in}} w_i x_i$. With weights and inputs independent, the weights
# zero-mean, the inputs of second moment $\mathbb E[x^2]$:
#
# $$\operatorname{Var}(z) = n_\text{in}\,\operatorname{Var}(w)\,\mathbb E[x^2].$$
#
# Stack layers and this factor multiplies: with $n_\text{in}\operatorname{Var}(w) < 1$ the signal shrinks
# geometrically with depth, with $> 1$ it grows. We want the factor to be 1.
#
# * **tanh** (≈ identity near 0, so $\mathbb E[x^2] \approx \operatorname{Var}(z_\text{prev})$): keep
#   $n_\text{in}\operatorname{Var}(w) = 1$. The same argument for the *backward* pass asks for
#   $n_\text{out}\operatorname{Var}(w) = 1$; **Glorot & Bengio (2010)** compromise:
#   $\operatorname{Var}(w) = \frac{2}{n_\text{in} + n_\text{out}}$ (Xavier initialization). As a uniform
#   distribution $U[-a, a]$ (variance $a^2/3$): $a = \sqrt{6/(n_\text{in}+n_\text{out})}$.
#   The derivation assumes units that are **zero-centred with slope 1 at 0**, $\varphi(0) = 0$, $\varphi'(0) = 1$:
#   tanh is; the **sigmoid is not** ($\sigma(0) = \tfrac12$, $\sigma'(0) = \tfrac14$). The notes' "Xavier (Sigmoid)"
#   is therefore only a rough guide; section 2 measures what goes wrong.
# * **ReLU** zeroes half of a symmetric input: $\mathbb E[\operatorname{relu}(z)^2] = \tfrac12\operatorname{Var}(z)$.
#   To compensate, **He et al. (2015)**: $\operatorname{Var}(w) = \frac{2}{n_\text{in}}$.
#
# Both are `dl.initializers` (Keras names; `xavier_*` and `kaiming_*` are aliases). Check the numbers:

# %%
key = jax.random.key(0)
z = jax.random.normal(key, (1_000_000,))
half = float(jnp.mean(jax.nn.relu(z) ** 2))
print(f"E[relu(z)^2] for z ~ N(0, 1): {half:.4f}   (theory 1/2)")
assert abs(half - 0.5) < 0.005

n_in, n_out = 256, 128
for name, var in [("glorot_uniform", 2 / (n_in + n_out)), ("glorot_normal", 2 / (n_in + n_out)),
                  ("he_normal", 2 / n_in), ("he_uniform", 2 / n_in)]:
    W = dl.initializers.get(name)(key, (n_in, n_out))
    print(f"{name:15s} Var(W) = {float(W.var()):.6f}   theory {var:.6f}")
    assert abs(float(W.var()) / var - 1) < 0.03
W = dl.initializers.get("glorot_uniform")(key, (n_in, n_out))
print(f"glorot_uniform max |w| = {float(jnp.abs(W).max()):.4f} <= sqrt(6/(n_in+n_out)) = {np.sqrt(6 / (n_in + n_out)):.4f}")

# %% [markdown]
# ## 2. Too small, too big, just right: ten ReLU layers
#
# A stack of ten `Dense(256, activation="relu")` layers, inputs $x \sim \mathcal N(0, 1)$. We change only
# the weights' standard deviation and record the standard deviation of every layer's output, applying
# the layers one by one with their functional `apply`.

# %%
depth, width = 10, 256
x = jax.random.normal(jax.random.key(1), (512, width))


def deep_net(activation, kernel_initializer):
    return dl.models.Sequential([dl.layers.Dense(width, activation=activation,
                                                 kernel_initializer=kernel_initializer,
                                                 **({"input_dim": width} if i == 0 else {}))
                                 for i in range(depth)])


def layer_stds(model):
    """Std of each layer's output, and the gradient norm of each kernel for L = mean(h_10^2)/2."""
    params, state = model.init(jax.random.key(0))

    def forward(params):
        h, hs = x, []
        for layer in model.layers:
            h, _ = layer.apply(params[layer.name], {}, h)
            hs.append(h)
        return 0.5 * jnp.mean(hs[-1] ** 2), hs

    grads, hs = jax.grad(forward, has_aux=True)(params)
    stds = np.array([float(h.std()) for h in hs])
    gnorms = np.array([float(jnp.linalg.norm(grads[layer.name]["kernel"])) for layer in model.layers])
    return stds, gnorms, hs


he_std = np.sqrt(2 / width)
relu_cases = {"too small (std 0.01)": dl.initializers.normal(stddev=0.01),
              f"He (std {he_std:.4f})": dl.initializers.he_normal(),
              "too big (std 0.15)": dl.initializers.normal(stddev=0.15)}
relu_stats = {name: layer_stds(deep_net("relu", init)) for name, init in relu_cases.items()}
for name, (stds, gnorms, _) in relu_stats.items():
    print(f"{name:22s} layer-1 std {stds[0]:9.3g}   layer-10 std {stds[-1]:9.3g}   "
          f"|grad W1| {gnorms[0]:9.3g}")

# %%
fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 3.6))
layers_axis = np.arange(1, depth + 1)
for name, (stds, gnorms, _) in relu_stats.items():
    a1.semilogy(layers_axis, stds, "o-", label=name)
    a2.semilogy(layers_axis, gnorms, "s-", label=name)
a1.set_title("ReLU net: std of each layer's activations"); a2.set_title("gradient norm |dL/dW| per layer")
for a in (a1, a2):
    a.set_xlabel("layer"); a.grid(alpha=0.3, which="both")
a1.legend()
plt.show()

# %% [markdown]
# Each ReLU layer multiplies the activations' scale by $\sqrt{n_\text{in}\operatorname{Var}(w)/2}$: $0.11$ for
# std 0.01 (after ten layers $10^{-10}$ of the input), $1$ for He, $1.7$ for std 0.15 (after ten layers
# more than $\times 100$). The gradients follow: with tiny weights the loss barely depends on the first layers, so
# they get (almost) no gradient, "too small → activations go to zero, gradients also 0".

# %%
(small, _, _), (he, _, _), (big, _, _) = relu_stats.values()
assert small[-1] < he[-1] < big[-1]                        # the ordering of the three cases
assert small[-1] < 1e-6 and big[-1] > 50                   # vanish ... explode
assert 0.5 < he[-1] / he[0] < 2                            # He keeps the scale through 10 layers
for stds, factor in [(small, np.sqrt(width * 0.01**2 / 2)), (big, np.sqrt(width * 0.15**2 / 2))]:
    per_layer = stds[1:] / stds[:-1]                       # measured shrink/growth per layer
    assert np.allclose(per_layer, factor, rtol=0.15), (per_layer, factor)

# %% [markdown]
# ### With tanh: saturation
#
# tanh squashes into $(-1, 1)$. Too big weights push the units into the flat tails where
# $\tanh' \approx 0$: the activations pile up at $\pm 1$ ("too big → saturate, gradients 0"). Glorot keeps
# them in the responsive middle.

# %%
tanh_cases = {"too small (std 0.01)": dl.initializers.normal(stddev=0.01),
              "Glorot": dl.initializers.glorot_normal(),
              "too big (std 0.5)": dl.initializers.normal(stddev=0.5)}
tanh_stats = {name: layer_stds(deep_net("tanh", init)) for name, init in tanh_cases.items()}
fig, axes = plt.subplots(1, 3, figsize=(12, 3), sharey=True)
saturated = {}
for ax, (name, (stds, gnorms, hs)) in zip(axes, tanh_stats.items()):
    h10 = np.asarray(hs[-1]).ravel()
    saturated[name] = float(np.mean(np.abs(h10) > 0.99))
    ax.hist(h10, bins=np.linspace(-1, 1, 41), density=True)
    ax.set_title(f"{name}: layer 10", fontsize=9)
    print(f"{name:22s} layer-10 std {stds[-1]:9.3g}   saturated (|h| > 0.99): {saturated[name]:.1%}")
plt.show()
assert saturated["too big (std 0.5)"] > 0.5 and saturated["Glorot"] < 0.05
assert tanh_stats["too small (std 0.01)"][0][-1] < 1e-6 < tanh_stats["Glorot"][0][-1]

# %% [markdown]
# ### With the sigmoid: Glorot's assumptions broken
#
# The same ten layers with Glorot initialization and the sigmoid. Its outputs have mean about ½, not 0, and
# every layer multiplies the backward signal by $\sigma' \le \tfrac14$ instead of about 1: the gradient
# shrinks about fourfold per layer on its way down. Glorot & Bengio (2010) themselves found sigmoid
# networks hard to train from this initialization (the top hidden layer saturates); their derivation is
# for symmetric units like tanh.

# %%
slope = {"sigmoid": float(jax.grad(jax.nn.sigmoid)(0.0)), "tanh": float(jax.grad(jnp.tanh)(0.0))}
print("slope at 0:", slope)
assert slope == {"sigmoid": 0.25, "tanh": 1.0}
glorot_stats = {act: layer_stds(deep_net(act, dl.initializers.glorot_normal())) for act in ("tanh", "sigmoid")}
for act, (stds, gnorms, hs) in glorot_stats.items():
    means = [float(h.mean()) for h in hs]
    print(f"{act:8s} mean of layers 1, 5, 10: {means[0]:6.3f} {means[4]:6.3f} {means[9]:6.3f}   "
          f"|grad W1| / |grad W10| = {gnorms[0] / gnorms[-1]:.3g}")
sig_stds, sig_g, sig_hs = glorot_stats["sigmoid"]
assert all(0.4 < float(h.mean()) < 0.6 for h in sig_hs)                # not zero-centred
assert all(abs(float(h.mean())) < 0.05 for h in glorot_stats["tanh"][2])
per_layer = sig_g[-4:-1] / sig_g[-3:]                                   # top layers (lower ones underflow)
print("sigmoid: gradient ratio between consecutive layers (top):", np.round(per_layer, 3))
assert np.all((per_layer > 0.15) & (per_layer < 0.4))                   # ~1/4 per layer
assert glorot_stats["tanh"][1][0] / glorot_stats["tanh"][1][-1] > 0.3    # tanh: gradients survive 10 layers
assert sig_g[0] / sig_g[-1] < 1e-4                                      # sigmoid: they vanish

# %% [markdown]
# So for the sigmoid, Glorot's variance does not keep the gradients alive: the factor $\tfrac14$ per layer
# wins. (Rescaling the weights by 4, or using tanh, or He with ReLU, are the usual fixes; the deeper
# reason the notes say "don't use sigmoid" in hidden layers.)
#
# ## 3. Why not all zeros? Symmetry breaking
#
# Why random weights at all? If every hidden unit starts with the same weights (zeros, or any constant),
# every unit computes the same output, receives the same gradient, and takes the same step: the units stay
# identical forever, and a layer of 32 units is no better than one unit. (With all zeros and ReLU it is
# worse: the hidden output is 0, so the hidden weights get no gradient at all.) Random initialization
# breaks the symmetry. A 64-32-10 ReLU network on the digits, 300 steps of full-batch gradient descent,
# weights constant 0.1 vs He:

# %%
(x_digits, y_digits), _ = dl.data.load_digits()
Xd, Yd = jnp.asarray(x_digits.reshape(len(x_digits), -1)), jax.nn.one_hot(y_digits, 10)


def start(kind):
    k1, k2 = jax.random.split(jax.random.key(0))
    if kind == "constant 0.1":
        return {"W1": jnp.full((64, 32), 0.1), "b1": jnp.zeros(32), "W2": jnp.full((32, 10), 0.1), "b2": jnp.zeros(10)}
    return {"W1": dl.initializers.he_normal()(k1, (64, 32)), "b1": jnp.zeros(32),
            "W2": dl.initializers.glorot_uniform()(k2, (32, 10)), "b2": jnp.zeros(10)}


def logits(p):
    return jax.nn.relu(Xd @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]


ce = lambda p: -jnp.mean(jnp.sum(Yd * jax.nn.log_softmax(logits(p)), -1))


@jax.jit
def gd(p):
    step = lambda p, _: (jax.tree.map(lambda a, g: a - 0.5 * g, p, jax.grad(ce)(p)), None)
    return jax.lax.scan(step, p, None, length=300)[0]


sym = {}
for kind in ("constant 0.1", "He"):
    p = gd(start(kind))
    W1 = np.asarray(p["W1"])
    sym[kind] = (np.abs(W1 - W1[:, :1]).max(), float(jnp.mean(logits(p).argmax(-1) == y_digits)))
    print(f"{kind:13s} largest difference between hidden units' weights {sym[kind][0]:.3g}, "
          f"training accuracy {sym[kind][1]:.3f}")

# %%
assert sym["constant 0.1"][0] < 1e-5 and sym["He"][0] > 0.1      # identical units stay identical
assert sym["constant 0.1"][1] < 0.6 < 0.9 < sym["He"][1]           # ... and the net is as weak as one unit

# %% [markdown]
# ## 4. What it does to training
#
# The same digits classifier (lesson 6) made deep, six ReLU layers of 64 units, trained for 10 epochs
# with SGD, only the initializer differs.

# %%
(x_train, y_train), (x_test, y_test) = dl.data.load_digits()
X, X_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)

curves = {}
for name, init in {"too small (std 0.01)": dl.initializers.normal(stddev=0.01),
                   "He": "he_normal", "too big (std 1.0)": dl.initializers.normal(stddev=1.0)}.items():
    model = dl.models.Sequential(
        [dl.layers.Dense(64, activation="relu", kernel_initializer=init, input_dim=64)]
        + [dl.layers.Dense(64, activation="relu", kernel_initializer=init) for _ in range(5)]
        + [dl.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=dl.optim.sgd(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(X, y_train, batch_size=32, epochs=10, verbose=0, seed=0)
    curves[name] = (history.history["loss"], model.evaluate(X_test, y_test)[1], history.stop_reason)
    loss = history.history["loss"]
    plt.plot(np.arange(1, len(loss) + 1), loss, "o-", label=name)
plt.axhline(np.log(10), color="gray", ls=":", label="ln 10 (chance)")
plt.yscale("log"); plt.xlabel("epoch"); plt.ylabel("training loss"); plt.legend(); plt.grid(alpha=0.3)
plt.show()
for name, (loss, acc, stop) in curves.items():
    print(f"{name:22s} final loss {loss[-1]:.4g}   test accuracy {acc:.3f}   stopped: {stop}")

# %%
small, he, big = curves.values()
assert abs(small[0][-1] - np.log(10)) < 0.05 and small[1] < 0.2     # stuck at chance: no signal, no gradient
assert he[1] > 0.9                                                  # He trains
assert big[2] == "diverged" or he[0][-1] < big[0][-1]               # exploding start: diverges, or worse

# %% [markdown]
# Too small weights leave the network at chance level (loss $\ln 10$): the output is ≈ 0 whatever the
# input, and the gradients reaching the first layers are ≈ 0 too. Too big weights give huge logits, huge
# losses and gradients: here the loss becomes infinite within the first epoch, and `fit` stops with a
# message and gives back the initial weights. (With somewhat smaller weights the run survives but spends
# its first epochs recovering.)
#
# The message blames the initialization, not the learning rate, because `fit` measures the weights it
# diverged from: std 1.0 is about 6× He's $\sqrt{2/64}$. The experiment agrees: a learning rate 10 or 100
# times smaller diverges too, from the same weights.

# %% tags=["nbval-ignore-output"]
def too_big_net():
    init = dl.initializers.normal(stddev=1.0)
    return dl.models.Sequential(
        [dl.layers.Dense(64, activation="relu", kernel_initializer=init, input_dim=64)]
        + [dl.layers.Dense(64, activation="relu", kernel_initializer=init) for _ in range(5)]
        + [dl.layers.Dense(10, activation="softmax")])


outcome = {}
for lr in (0.05, 0.005, 0.0005):
    model = too_big_net()
    model.compile(optimizer=dl.optim.sgd(lr), loss="sparse_categorical_crossentropy")
    history = model.fit(X, y_train, batch_size=32, epochs=3, verbose=0, seed=0)
    outcome[lr] = (history.stop_reason, history.message or "")
    print(f"learning rate {lr:g}: {history.stop_reason or 'trained'}")   # fit printed why, above
assert all(reason == "diverged" for reason, _ in outcome.values())     # a 100x smaller rate does not help
assert "more likely the initialization" in outcome[0.05][1]
#
# ## 5. Your turn: the InitializationExplorer
#
# Choose the activation, the initializer and a scale factor multiplying the weights, and the depth;
# the left panel shows each layer's activation histogram, the right one the gradient norm per layer,
# and the line below gives the verdict. Try: tanh + glorot, then scale 0.3 and 3; relu + glorot_normal
# (slowly vanishing: Glorot lacks ReLU's factor 2) vs relu + he_normal.

# %%
explorer = dl.widgets.InitializationExplorer(activation="relu", initializer="he_normal", depth=10)
explorer

# %%
# a second explorer for the experiments below, so the live one above keeps its own settings
probe = dl.widgets.InitializationExplorer(activation="relu", initializer="he_normal", depth=10)
probe.scale.value = 0.3           # what moving the scale slider does
probe.static()                    # a snapshot of the probe

# %% [markdown]
# The verdict is computed from the measurements with this lesson's definitions: *too small* when the
# activations' std shrinks by more than 0.8× per layer, *too big* when it grows by more than 1.25× per layer
# or when more than 10 % of a layer's units are saturated ($|h| > 0.99$ for tanh, as in section 3).

# %%
verdicts = {}
for scale in (0.3, 1.0, 3.0):
    probe.scale.value = scale
    stds, _, _ = probe.compute()
    verdicts[scale] = probe.verdict()
    print(f"scale {scale}: layer-10 std {stds[-1]:.3g} -> {verdicts[scale]}")
assert verdicts[0.3].startswith("too small") and verdicts[1.0].startswith("just right")
assert verdicts[3.0].startswith("too big")

# tanh with He's (ReLU) variance times 2.5: the std barely changes with depth, yet the units saturate
probe.activation.value, probe.initializer.value, probe.scale.value = "tanh", "he_normal", 2.5
stds, _, hs = probe.compute()
sat = max(float(np.mean(np.abs(np.asarray(h)) > 0.99)) for h in hs)     # section 3's definition
print(f"tanh, he_normal x 2.5: std layer 1 {stds[0]:.3g}, layer 10 {stds[-1]:.3g}; "
      f"most saturated layer {sat:.0%} -> {probe.verdict()}")
assert 0.8 < stds[-1] / stds[0] < 1.25 and sat > 0.10 and probe.verdict().startswith("too big")

# %% [markdown]
# ## Summary
#
# * $\operatorname{Var}(z) = n_\text{in}\operatorname{Var}(w)\,\mathbb E[x^2]$: the weights' variance decides whether
#   signals shrink, grow or survive through depth.
# * Random initialization breaks the symmetry between units; equal initial weights stay equal forever.
# * Xavier/Glorot, $2/(n_\text{in}+n_\text{out})$, for zero-centred units with slope 1 at 0 such as tanh (not
#   the sigmoid, whose slope ¼ shrinks gradients fourfold per layer); He, $2/n_\text{in}$, for ReLU (which
#   halves the second moment). Keras and `dl.layers.Dense` default to `glorot_uniform`; for deep ReLU nets pass
#   `kernel_initializer="he_normal"`.
# * Too small: activations and gradients vanish, training is stuck at chance. Too big: explode or
#   saturate. Batch normalization (lesson 9) and residual connections (lesson 12) make deep nets far less
#   sensitive to this choice.
#
# **Exercise:** `exercises/08_initialization.ipynb`: implement the initializers' formulas by hand (He's
# standard deviation, Glorot's uniform limit, your own `he_normal` for Dense and conv kernels, ...) and check
# them against `dl.initializers`.

# %% [markdown]
# ## References
#
# * X. Glorot, Y. Bengio (2010). Understanding the difficulty of training deep feedforward neural networks.
#   AISTATS 2010, PMLR 9, 249–256.
# * K. He, X. Zhang, S. Ren, J. Sun (2015). Delving deep into rectifiers: surpassing human-level performance on
#   ImageNet classification. ICCV 2015. arXiv:1502.01852.
