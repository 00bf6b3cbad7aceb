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
# # Lesson 9: Generalization and regularization
#
# **Learning goals**
#
# * use **training, validation and test** data for what each is for, and preprocess with statistics
#   fitted on the training data only;
# * recognise **overfitting** in the learning curves (training accuracy → 1, validation behind);
# * regularise: **L1/L2** penalties (`kernel_regularizer`), **weight decay** (AdamW) and how it differs from L2,
#   **dropout** (an ensemble, with inverted scaling), **batch normalization**, **early stopping**,
#   learning-rate decay;
# * check that regularization narrows the gap between training and validation.

# %%
import functools

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl
from dltoolkit.layers import BatchNorm, Dense, Dropout, ReLU

# %% [markdown]
# ## 1. Three kinds of data
#
# From the notes:
#
# * **training** data: used during training to update the weights;
# * **validation** data: used during training to evaluate performance, choose hyperparameters
#   (learning rate, regularization strength, when to stop) and detect overfitting;
# * **test** data: used once, after training, to report performance. Every decision taken by looking at
#   a set makes that set's score optimistic, which is why the test set is kept out of all of them.
#
# To make overfitting easy to see we train on only **114** of the digits (11 or 12 per class).

# %%
(x_all, y_all), (x_test, y_test) = dl.data.load_digits()
(x_train, y_train), (x_val, y_val), _ = dl.data.train_val_test_split(x_all, y_all, val_size=0.3,
                                                                     test_size=0.62, seed=0)
print(f"train {len(x_train)}, validation {len(x_val)}, test {len(x_test)} images; "
      f"train examples per class: {np.bincount(y_train).tolist()}")

# %% [markdown]
# ### Preprocessing: statistics from the training data only
#
# The notes list the usual choices: subtract the mean image (`dl.data.MeanImage`), subtract the per-channel
# mean, or subtract it and divide by the per-channel standard deviation (`dl.data.Standardizer`):
# $x' = (x - \mu_c)/\sigma_c$. "In practice: center only" is often enough for images. Whatever you choose,
# `fit` it on the **training** split and `transform` every split with those same numbers: computing
# $\mu, \sigma$ on all data would leak information about the validation and test sets into training.

# %%
scaler = dl.data.Standardizer().fit(x_train)             # per-channel mean and std of the TRAINING images
print(f"train mean {scaler.mean[0]:.4f}, std {scaler.std[0]:.4f}")
flat = lambda x: scaler.transform(x).reshape(len(x), -1)  # standardise, then flatten 8x8 -> 64
X_train, X_val, X_test = flat(x_train), flat(x_val), flat(x_test)
print(f"after: train mean {X_train.mean():.4f} std {X_train.std():.4f}; "
      f"validation mean {X_val.mean():.4f} std {X_val.std():.4f}")
assert abs(X_train.mean()) < 1e-5 and abs(X_train.std() - 1) < 1e-4   # exact on the data it was fitted on
assert np.isclose(scaler.mean[0], x_train.mean(), atol=1e-6)          # ... and fitted on train only


# %% [markdown]
# The validation data is close to, but not exactly, mean 0 and std 1: it was transformed with the training
# statistics, as new data will be.
#
# ### The three options compared
#
# What does each option buy? A small experiment: the digits as a scanner stores them (bytes, 0 … 255),
# all 1,437 labelled digits, softmax regression trained by 20 steps of full-batch gradient descent, with the
# learning rate tuned separately for every option over $10^{-7} \dots 10$ (half-decade grid). We compare the best training loss reached, a
# measure of how well conditioned the optimisation is (this is about training speed, not generalization).

# %% tags=["nbval-ignore-output"]
x255 = np.round(np.asarray(x_all) * 255).reshape(len(x_all), -1)        # byte-valued pixels
options = {"raw 0..255": lambda x: x,
           "mean image": lambda x: x - x255.mean(0),                         # one mean per pixel
           "channel mean": lambda x: x - x255.mean(),                        # one number (1 channel)
           "channel mean/std": lambda x: (x - x255.mean()) / x255.std()}
onehot = jax.nn.one_hot(y_all, 10)


@jax.jit
def loss_after_gd(X, lr):                     # 20 steps of full-batch gradient descent
    loss = lambda p: -jnp.mean(jnp.sum(onehot * jax.nn.log_softmax(X @ p["W"] + p["b"]), -1))
    step = lambda p, _: (jax.tree.map(lambda a, g: a - lr * g, p, jax.grad(loss)(p)), None)
    p, _ = jax.lax.scan(step, {"W": jnp.zeros((64, 10)), "b": jnp.zeros(10)}, None, length=20)
    return loss(p)


lr_grid = 10.0 ** np.arange(-7, 1.01, 0.5)
best_pp = {}
for name, f in options.items():
    X = jnp.asarray(f(x255), jnp.float32)
    losses = np.array([float(loss_after_gd(X, lr)) for lr in lr_grid])
    losses[~np.isfinite(losses)] = np.inf                                     # diverged
    best_pp[name] = (losses.min(), lr_grid[losses.argmin()])
    print(f"{name:17s} best loss {losses.min():.4f} at learning rate {lr_grid[losses.argmin()]:.0e}")

# %%
centred = [best_pp[k][0] for k in ("mean image", "channel mean", "channel mean/std")]
assert best_pp["raw 0..255"][0] > 2 * max(centred), best_pp                      # centring matters most
assert best_pp["channel mean/std"][1] >= 1e3 * best_pp["channel mean"][1], best_pp   # scaling moves the learning rate

assert best_pp["mean image"][0] < 0.6 * best_pp["channel mean"][0], best_pp    # per-pixel centring helps more

# %% [markdown]
# What it shows: **centring** is what matters. Uncentred inputs (all positive, mean about 80) give the loss a
# steep direction along the mean input, so only a small learning rate is stable and the other directions
# crawl: the raw bytes end more than twice as high even at their best learning rate. Subtracting the
# **mean image** centres every pixel (pixels that are always 0, like the borders, become exactly 0) and
# did best here; the **per-channel mean** (one number for a grey image, three for RGB) leaves each pixel's
# own offset. **Dividing by the std** did not lower the best loss: it moves the learning rate that works
# (by about $\sigma^2 \approx 10^4$ for the weights) into the usual range near 1, which is why it is the
# convenient default when the learning rate is not tuned. Hence the notes' "in practice: center only".
# Section 2 trains networks on the standardised digits.
#
# ## 2. Overfitting
#
# A big MLP (two hidden layers of 256 units, ~85 k parameters) for 114 examples, trained with Adam for 100
# epochs, validation measured after every epoch:

# %% tags=["nbval-ignore-output"]
def mlp(regularizer=None, dropout=0.0):
    layers = []
    for i in range(2):
        layers.append(Dense(256, activation="relu", kernel_regularizer=regularizer,
                            **({"input_dim": 64} if i == 0 else {})))
        if dropout:
            layers.append(Dropout(dropout))
    layers.append(Dense(10, activation="softmax", kernel_regularizer=regularizer))
    return dl.models.Sequential(layers)


cross_entropy = dl.losses.get("sparse_categorical_crossentropy")


def report(model):
    """Data loss (cross-entropy, without any penalty) and accuracy on train and validation."""
    out = {}
    for split, (x, y) in {"train": (X_train, y_train), "val": (X_val, y_val)}.items():
        p = model.predict(x)
        out[split] = (float(cross_entropy(y, p)), float(np.mean(p.argmax(-1) == y)))
    return out


EPOCHS = 100
baseline = mlp()
baseline.compile(optimizer=dl.optim.adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
h_base = baseline.fit(X_train, y_train, batch_size=32, epochs=EPOCHS, verbose=0, seed=0,
                      validation_data=(X_val, y_val))
base = report(baseline)
print("baseline: train loss {:.4f} acc {:.3f} | validation loss {:.4f} acc {:.3f}".format(*base["train"], *base["val"]))
h_base.plot()
plt.show()

# %% [markdown]
# The textbook picture: training loss keeps falling and training accuracy reaches 1, while the validation
# loss turns around and rises after a few dozen epochs. The network is learning details of these 114
# images that do not carry over to new ones ("if the validation loss is increasing, you should stop").

# %% [markdown]
# ## 3. Penalties: L1, L2 and weight decay
#
# Add a penalty on the weights to the loss, Keras style, per layer with `kernel_regularizer`:
#
# $$\tilde L(W) = L(W) + \lambda \sum_\ell \lVert W_\ell\rVert_2^2 \;\;(\text{L2, } \texttt{dl.regularizers.l2}(\lambda)), \qquad
# \tilde L(W) = L(W) + \lambda \sum_\ell \lVert W_\ell\rVert_1 \;\;(\text{L1, } \texttt{l1}(\lambda)).$$
#
# L2's gradient $2\lambda W$ pulls every weight towards 0 in proportion to its size (small, spread-out
# weights); L1's (sub)gradient $\lambda\operatorname{sign}(W)$ pulls with constant force. The *minimiser* of
# an L1-penalised loss has many weights exactly 0 (sparse weights, the lasso; Tibshirani, 1996). But plain
# **subgradient** descent, which is what adding `l1(λ)` to the loss and running SGD does, does not reach those
# zeros: a weight near 0 is kicked by $\pm\eta\lambda$ every step and hovers around 0. (The notes, and an
# earlier version of this lesson, said L1 "drives many weights to exactly 0" without this caveat.) Exact
# zeros come from the **proximal** step, which takes the gradient step of the data loss and then
# soft-thresholds, $w \leftarrow \operatorname{sign}(z)\max(|z| - \eta\lambda, 0)$. A linear regression
# with 20 inputs of which only 3 matter:

# %% tags=["nbval-ignore-output"]
rng = np.random.default_rng(0)
n, d, lam1, eta = 200, 20, 0.1, 0.05
A = rng.normal(size=(n, d))
w_true = np.zeros(d); w_true[:3] = [2.0, -1.5, 1.0]                     # 17 irrelevant inputs
b = A @ w_true + 0.1 * rng.normal(size=n)
data_grad = lambda w: A.T @ (A @ w - b) / n                             # of the mean squared error / 2
w_sub, w_prox = np.zeros(d), np.zeros(d)
for _ in range(2000):
    w_sub = w_sub - eta * (data_grad(w_sub) + lam1 * np.sign(w_sub))   # subgradient descent on MSE/2 + lam |w|_1
    z = w_prox - eta * data_grad(w_prox)
    w_prox = np.sign(z) * np.maximum(np.abs(z) - eta * lam1, 0.0)     # proximal step (ISTA)
print("subgradient: exact zeros", int(np.sum(w_sub == 0)), " irrelevant weights in",
      f"[{np.abs(w_sub[3:]).min():.1e}, {np.abs(w_sub[3:]).max():.1e}]")
print("proximal:    exact zeros", int(np.sum(w_prox == 0)), " relevant:", np.round(w_prox[:3], 3))
assert np.sum(w_sub == 0) == 0 and np.abs(w_sub[3:]).max() < 4 * eta * lam1   # hovering near 0, never 0
assert np.all(w_prox[3:] == 0) and np.all(np.abs(w_prox[:3]) > 0.5)           # exact zeros, the 3 kept

# %% [markdown]
# Both find the same three relevant weights (slightly shrunk towards 0 by the penalty); only the proximal
# step sets the 17 others to exactly 0. Deep-learning frameworks implement `l1` as a loss term, so with
# SGD or Adam you get small weights, not exact zeros.
#
# **Weight decay** shrinks the weights directly in the update, $W \leftarrow W - \eta(\text{step} + \lambda W)$.
# With plain SGD this *is* L2 (the penalty $\tfrac{\lambda}{2}\lVert W\rVert^2$ has gradient $\lambda W$). With Adam
# it is not (Loshchilov & Hutter, 2019): the L2 gradient goes through Adam's division by $\sqrt{\hat v}$, so its
# pull on each weight is rescaled by $1/\sqrt{\hat v}$: weak where the loss gradients are large, strong where
# they are small. AdamW *decouples* the decay: every weight shrinks by $\eta\lambda w$ per step. (A single
# step shows nothing: Adam's first step is $\pm\eta$ in every coordinate whatever the gradient, lesson 7.)
# Fifty steps on two weights, one whose loss gradient is large ($\pm 100$, alternating) and one whose loss
# gradient is 0; we measure how much each penalty has shrunk each weight compared with no penalty:

# %% tags=["nbval-ignore-output"]
lr, lam, T = 0.01, 0.1, 50


@functools.partial(jax.jit, static_argnums=(0, 1))
def final_w(l2_in_loss, decoupled):
    opt = dl.optim.adamw(lr, weight_decay=lam) if decoupled else dl.optim.adam(lr)
    def step(carry, t):
        w, s = carry
        g = jnp.array([100.0, 0.0]) * jnp.where(t % 2 == 0, 1.0, -1.0) + l2_in_loss * lam * w  # (+ L2 term)
        u, s = opt.update(g, s, w)
        return (dl.optim.apply_updates(w, u), s), None
    w0 = jnp.array([1.0, 1.0])
    (w, _), _ = jax.lax.scan(step, (w0, opt.init(w0)), jnp.arange(T))
    return w


plain = np.asarray(final_w(0.0, False))
shrink_l2 = plain - np.asarray(final_w(1.0, False))             # Adam with L2 in the loss
shrink_adamw = plain - np.asarray(final_w(0.0, True))           # AdamW
print("shrinkage after 50 steps    [large-gradient weight, zero-gradient weight]")
print("  Adam + L2 in the loss:", np.round(shrink_l2, 5))
print("  AdamW                :", np.round(shrink_adamw, 5), " ~ T*lr*lam*w =", lr * lam * T)
ratio = shrink_l2[0] / shrink_adamw[0]
print(f"  large-gradient weight: Adam+L2 / AdamW = {ratio:.4f}  vs 1/sqrt(v_hat) = 1/100")
assert np.allclose(shrink_adamw, lr * lam * T, rtol=0.1)        # AdamW: ~lr*lam*w per step, every weight
assert 0.008 < ratio < 0.012                                    # Adam+L2: rescaled by 1/sqrt(v_hat) = 1/|g|
assert shrink_l2[1] > 5 * shrink_adamw[1]                       # ... and much stronger where g = 0

# SGD: L2 in the loss and decoupled decay are the same update
w, g = jnp.array([1.0, -2.0]), jnp.array([0.3, 0.5])
u_l2, _ = dl.optim.sgd(lr).update(g + lam * w, dl.optim.sgd(lr).init(w), w)
assert np.allclose(w + u_l2, w - lr * g - lr * lam * w, atol=1e-7)

# %% [markdown]
# So "Adam + L2" is not weight decay: the weight with large gradients (think of a frequently active feature)
# was shrunk 100 times less than by AdamW, the idle one about ten times more (its only gradient is the
# penalty, which Adam normalises to a step of about $\eta$). AdamW shrinks both alike.

# %% [markdown]
# ## 4. Dropout: an ensemble in one network
#
# During training `Dropout(rate)` zeroes each unit with probability `rate` (a fresh random mask every step)
# and multiplies the survivors by $1/(1-\text{rate})$ (**inverted dropout**), so that the expected
# activation is unchanged and nothing needs rescaling at test time, when dropout is off. Each step trains
# one of the $2^n$ "thinned" sub-networks, all sharing weights; the full network at test time approximates
# the average of that huge ensemble (the notes' bagging view), and no unit can rely on a particular other
# unit being present.

# %%
drop = Dropout(0.5)
params, state, _ = drop.init(jax.random.key(0), (10_000,))
ones = jnp.ones((1, 10_000))
y_train_mode, _ = drop.apply(params, state, ones, train=True, key=jax.random.key(1))
y_test_mode, _ = drop.apply(params, state, ones, train=False)
kept = np.asarray(y_train_mode[y_train_mode > 0])
print(f"training: {float(jnp.mean(y_train_mode == 0)):.3f} zeroed, survivors = {kept.min():.1f}, "
      f"mean {float(y_train_mode.mean()):.3f};  test: identity {bool(jnp.all(y_test_mode == 1))}")
assert np.allclose(kept, 2.0) and abs(float(y_train_mode.mean()) - 1) < 0.03
assert bool(jnp.all(y_test_mode == ones))

# %% [markdown]
# ## 5. Batch normalization
#
# `BatchNorm` normalises each feature over the batch, $\hat x = (x - \mu_\mathcal{B})/\sqrt{\sigma^2_\mathcal{B}+\epsilon}$,
# then rescales, $y = \gamma\hat x + \beta$ ($\gamma, \beta$ learned). It keeps every layer's inputs in a
# well-scaled range whatever the weights do (lesson 8), which allows larger learning rates (Ioffe & Szegedy,
# 2015; tested below); they also report that the noise of the batch statistics regularises a little (not
# tested in this lesson). At test time it uses running averages of $\mu$ and $\sigma^2$ collected during
# training (the layer's *state*, Keras' non-trainable parameters).

# %%
bn = BatchNorm()
params, state, _ = bn.init(jax.random.key(0), (3,))
x = 5.0 + 3.0 * jax.random.normal(jax.random.key(2), (256, 3))      # mean 5, std 3
y, new_state = bn.apply(params, state, x, train=True)
print("train mode: batch mean", np.round(np.asarray(y.mean(0)), 4) + 0.0, " std", np.round(np.asarray(y.std(0)), 4))
print("running mean after one batch (momentum 0.99):", np.round(np.asarray(new_state["mean"]), 4))
assert np.allclose(y.mean(0), 0, atol=1e-4) and np.allclose(y.std(0), 1, atol=1e-2)

# %% [markdown]
# **Larger learning rates.** Six hidden ReLU layers of 64 units, on all 1,437 training digits, SGD with the
# large learning rate 2 for 3 epochs, two seeds, with and without a `BatchNorm` after every hidden `Dense`:

# %% tags=["nbval-ignore-output"]
X_all = dl.data.Standardizer().fit(x_all).transform(x_all).reshape(len(x_all), -1)


def deep_mlp(batchnorm):
    layers = []
    for i in range(6):
        layers.append(Dense(64, **({"input_dim": 64} if i == 0 else {})))
        if batchnorm:
            layers.append(BatchNorm())
        layers.append(ReLU())
    return dl.models.Sequential(layers + [Dense(10, activation="softmax")])


bn_loss = {}
for seed in (0, 1):
    for batchnorm in (False, True):
        net = deep_mlp(batchnorm)
        net.compile(optimizer=dl.optim.sgd(2.0), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        h = net.fit(X_all, y_all, batch_size=64, epochs=3, verbose=0, seed=seed)
        bn_loss[seed, batchnorm] = h.history["loss"][-1]
        print(f"seed {seed}, batch norm {batchnorm!s:5}: last training loss {h.history['loss'][-1]:.3f}, "
              f"accuracy {h.history['accuracy'][-1]:.3f}")

# %%
for seed in (0, 1):
    plain_loss = bn_loss[seed, False]
    assert not np.isfinite(plain_loss) or plain_loss > 1.5, bn_loss      # diverged or stuck near chance (2.30)
    assert bn_loss[seed, True] < 0.7, bn_loss                             # trains

# %% [markdown]
# At this learning rate the plain network diverges (the fit stops at a NaN loss) or stays near the chance
# loss $\ln 10 \approx 2.30$; with batch normalization it trains. (At a small learning rate both train: batch
# norm widens the range of usable learning rates; it does not make a small one unnecessary.)
# %% [markdown]
# ## 6. Does it help? The train/validation gap
#
# The same network and data, now with L2 ($\lambda = 10^{-3}$) or with dropout 0.5; we measure the pure
# cross-entropy (without the penalty) on both splits.

# %% tags=["nbval-ignore-output"]
variants = {"L2 1e-3": mlp(regularizer=dl.regularizers.l2(1e-3)), "dropout 0.5": mlp(dropout=0.5)}
results = {"baseline": base}
histories = {"baseline": h_base}
for name, model in variants.items():
    model.compile(optimizer=dl.optim.adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    histories[name] = model.fit(X_train, y_train, batch_size=32, epochs=EPOCHS, verbose=0, seed=0,
                                validation_data=(X_val, y_val))
    results[name] = report(model)

print(f"{'':12s} {'train loss':>10s} {'val loss':>9s} {'gap':>7s} {'train acc':>10s} {'val acc':>8s}")
for name, r in results.items():
    (tl, ta), (vl, va) = r["train"], r["val"]
    print(f"{name:12s} {tl:10.4f} {vl:9.4f} {vl - tl:7.4f} {ta:10.3f} {va:8.3f}")

fig, ax = plt.subplots(figsize=(6, 3.4))
for name, h in histories.items():
    ax.plot(h.history["val_loss"], label=f"{name}: validation")
ax.set_xlabel("epoch"); ax.set_ylabel("validation loss"); ax.legend(); ax.grid(alpha=0.3)
plt.show()

# %%
gap = {name: r["val"][0] - r["train"][0] for name, r in results.items()}
assert gap["L2 1e-3"] < 0.9 * gap["baseline"], gap                                 # L2 narrows the gap
assert results["L2 1e-3"]["val"][0] < 0.9 * results["baseline"]["val"][0]         # ... and lowers the validation loss

# %% [markdown]
# Read the table honestly. L2 clearly narrows the gap: the weights stay small, the training loss does
# not go to 0, and the validation loss is lower. Dropout 0.5 on only 114 examples barely changes the
# picture in 100 epochs (the network still memorises them); dropout pays off on larger networks and
# data sets, and combined with other regularisers. Regularization is not a free lunch: its strength is a
# hyperparameter, chosen on the validation set.
#
# ### Dropout as an ensemble, measured
#
# Srivastava et al. (2014) read the test-time network, all units on with the weights effectively scaled by
# the keep probability (inverted dropout does that scaling during training), as a cheap approximation of the
# average over the ensemble of thinned networks. We can check this on the trained dropout model: average the
# predicted probabilities of 200 random thinned networks (`train=True` with 200 keys) and compare with the
# single deterministic pass.

# %% tags=["nbval-ignore-output"]
net = variants["dropout 0.5"]
thinned = jax.vmap(lambda k: net.apply(net.params, net.state, jnp.asarray(X_val), train=True, key=k)[0])
probs = np.asarray(thinned(jax.random.split(jax.random.key(0), 200)))     # (200 masks, N, 10)
ensemble, deterministic = probs.mean(0), np.asarray(net.predict(X_val))
agree = np.mean(ensemble.argmax(-1) == deterministic.argmax(-1))
acc_single = np.mean(probs.argmax(-1) == y_val, axis=1)                   # each thinned net alone
acc_ensemble = np.mean(ensemble.argmax(-1) == y_val)
acc_det = np.mean(deterministic.argmax(-1) == y_val)
print(f"ensemble of 200 thinned nets vs the weight-scaled net: same class on {agree:.3f} of the validation images")
print(f"accuracy: one thinned net {acc_single.mean():.3f} (mean over masks), ensemble {acc_ensemble:.3f}, "
      f"weight-scaled net {acc_det:.3f}")

# %%
assert agree > 0.95, agree                                      # the cheap pass ~ the ensemble's vote
assert acc_ensemble > acc_single.mean() + 0.02                  # averaging thinned nets beats one of them
assert abs(acc_det - acc_ensemble) < 0.03

# %% [markdown]
# The weight-scaled network picks the same class as the 200-network ensemble on almost every image and is
# about as accurate, and both beat a single thinned network: one forward pass buys most of the ensemble.

# %% [markdown]
# ## 7. Early stopping
#
# The simplest regulariser of all: stop when the validation loss has not improved for `patience` epochs
# and go back to the best weights seen. `dl.callbacks.EarlyStopping` is Keras' callback.

# %% tags=["nbval-ignore-output"]
baseline.build((64,), seed=0)                  # the same network from the same initial weights
stopper = dl.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
h_early = baseline.fit(X_train, y_train, batch_size=32, epochs=EPOCHS, verbose=0, seed=0,
                       validation_data=(X_val, y_val), callbacks=[stopper])
best = int(np.argmin(h_early.history["val_loss"]))
val_loss_now = float(cross_entropy(y_val, baseline.predict(X_val)))
print(f"stopped after {len(h_early.epoch)} of {EPOCHS} epochs; best epoch {best + 1} with val loss "
      f"{h_early.history['val_loss'][best]:.4f}; restored model's val loss {val_loss_now:.4f}")
assert len(h_early.epoch) < EPOCHS and len(h_early.epoch) == best + 1 + 10
assert abs(val_loss_now - h_early.history["val_loss"][best]) < 1e-4   # the best weights are back
test_acc = float(np.mean(baseline.predict(X_test).argmax(-1) == y_test))
print(f"test accuracy of the early-stopped model, measured once at the very end: {test_acc:.3f}")


# %% [markdown]
# ## 7b. Learning-rate decay against overfitting
#
# The notes say that decaying the learning rate "can help with overfitting as well". What it does here:
# the same network (same seed), with the Adam learning rate halved every 20 epochs
# (`dl.optim.schedules.exponential_decay`, 4 steps per epoch). As the steps shrink the weights stop
# moving, so the model stops memorising the training set before the validation loss has risen much. It
# acts like a soft early stopping, and whether it helps depends on how fast it decays (decay too fast and
# training stops before the model has fitted; halving every 5 epochs ended *worse* than the constant rate
# when we tried it). It does not make the network generalise better than the best epoch of the constant
# run.

# %% tags=["nbval-ignore-output"]
decayed = mlp()
schedule = dl.optim.schedules.exponential_decay(1e-3, transition_steps=80, decay_rate=0.5)
decayed.compile(optimizer=dl.optim.adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
h_decay = decayed.fit(X_train, y_train, batch_size=32, epochs=EPOCHS, verbose=0, seed=0,
                      validation_data=(X_val, y_val))
val_const, val_decay = h_base.history["val_loss"], h_decay.history["val_loss"]
print(f"final validation loss: constant rate {val_const[-1]:.4f}, decayed {val_decay[-1]:.4f}; "
      f"best epoch of the constant run {min(val_const):.4f}")
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.plot(val_const, label="constant 1e-3"); ax.plot(val_decay, label="halved every 20 epochs")
ax.set_xlabel("epoch"); ax.set_ylabel("validation loss"); ax.legend(); ax.grid(alpha=0.3)
plt.show()

# %%
assert val_const[-1] > min(val_const) + 0.02                     # the constant run overfits after its best epoch
assert val_decay[-1] < val_const[-1] - 0.02                       # the decayed run ends lower ...
assert abs(val_decay[-1] - val_decay[59]) < 0.01                   # ... because its weights have stopped moving
assert abs(val_decay[-1] - min(val_const)) < 0.05                  # ... near the constant run's best epoch

# %% [markdown]
# ## 8. Your turn
#
# The dashboard trains a one-hidden-layer MLP on the same 114 standardised digits, with 20 % of them held
# out for validation. Move **dropout** and **l2**, press **Train** and **Reset**, and watch the gap
# between the solid (training) and dashed (validation) curves.

# %% tags=["nbval-ignore-output"]
def small_mlp(dropout=0.0, l2=0.0, input_dim=64, num_classes=10):
    reg = dl.regularizers.l2(l2) if l2 else None
    return dl.models.Sequential([Dense(128, activation="relu", kernel_regularizer=reg, input_dim=input_dim),
                                 Dropout(dropout),
                                 Dense(num_classes, activation="softmax")])


dash = dl.widgets.TrainingDashboard(small_mlp, data=(X_train, y_train), optimizer="adam",
                                    learning_rate=1e-3, batch_size=32, epochs=40)
dash.arch["dropout"].value = 0.3
dash.train(blocking=True)
dash

# %% [markdown]
# ## Summary
#
# * Train on the training set, choose on the validation set, report once on the test set; fit
#   preprocessing statistics on the training set only.
# * Overfitting shows as a growing gap: training loss ↓, validation loss ↑.
# * Preprocessing: centring matters most; dividing by the std mainly moves the usable learning rate.
# * L2 (and L1) penalise large weights; L1 gives exact zeros only with a proximal step, not with
#   subgradient SGD. Weight decay shrinks weights in the update: the same as L2 for SGD, different for Adam
#   (rescaled by $1/\sqrt{\hat v}$), hence AdamW. Dropout trains an ensemble of thinned networks whose
#   average the weight-scaled net approximates; batch normalization keeps activations well scaled and
#   allows larger learning rates; early stopping keeps the best epoch, and learning-rate decay acts like
#   it. Their strengths (λ, rate, patience, schedule) are hyperparameters chosen on the validation set.
#
# **Exercise:** `exercises/09_regularization.ipynb`: implement regularizers by hand (inverted dropout in
# training and inference mode, the L2 penalty over a nested parameter tree, ...) and check them against
# the toolkit.

# %% [markdown]
# ## References
#
# * R. Tibshirani (1996). Regression shrinkage and selection via the lasso. *Journal of the Royal
#   Statistical Society B* 58(1), 267–288.
# * N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov (2014). Dropout: a simple way to
#   prevent neural networks from overfitting. *JMLR* 15, 1929–1958.
# * S. Ioffe, C. Szegedy (2015). Batch normalization: accelerating deep network training by reducing
#   internal covariate shift. ICML 2015. arXiv:1502.03167.
# * D. P. Kingma, J. Ba (2015). Adam: a method for stochastic optimization. ICLR 2015. arXiv:1412.6980.
# * I. Loshchilov, F. Hutter (2019). Decoupled weight decay regularization. ICLR 2019. arXiv:1711.05101.
# * L. Prechelt (1998). Early stopping — but when? In *Neural Networks: Tricks of the Trade*, LNCS 1524,
#   Springer.
