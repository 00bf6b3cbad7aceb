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
#   **dropout** (an ensemble, with inverted scaling), **batch normalization**, **early stopping**;
# * check that regularization narrows the gap between training and validation.

# %%
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
# weights); L1's $\lambda\operatorname{sign}(W)$ pulls with constant force and drives many weights to exactly
# 0 (sparse weights).
#
# **Weight decay** shrinks the weights directly in the update, $W \leftarrow W - \eta(\text{step} + \lambda W)$.
# With plain SGD this *is* L2 (with $\lambda_\text{decay} = 2\lambda$). With Adam it is not: the L2 gradient goes
# through Adam's division by $\sqrt{\hat v}$, so weights with large gradients are barely decayed (and in
# Adam's first step, whose size is $\eta$ per weight, lesson 7, none is). AdamW
# (Loshchilov & Hutter) *decouples* the decay from the adaptive scaling. One step on two weights whose loss
# gradients differ by $10^4$:

# %%
w = jnp.array([1.0, 1.0])
g = jnp.array([100.0, 0.01])          # loss gradient: large for w[0], tiny for w[1]
lr, lam = 0.1, 0.01


def adam_step(opt, grad):
    updates, _ = opt.update(grad, opt.init(w), w)
    return np.asarray(updates)


plain = adam_step(dl.optim.adam(lr), g)
l2_in_loss = adam_step(dl.optim.adam(lr), g + lam * w)            # L2 term (lam/2)|w|^2 added to the loss
decoupled = adam_step(dl.optim.adamw(lr, weight_decay=lam), g)
print("shrinkage due to the penalty, per weight:")
print("  Adam + L2:", np.round(l2_in_loss - plain, 6) + 0.0)
print("  AdamW    :", np.round(decoupled - plain, 6), "  = -lr * lam * w =", np.round(-lr * lam * np.asarray(w), 6))
assert np.allclose(decoupled - plain, -lr * lam * w, atol=1e-7)   # AdamW: the same decay for every weight
assert np.all(np.abs(l2_in_loss - plain) < 1e-6)                   # Adam + L2: normalised away

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
# well-scaled range whatever the weights do (lesson 8), which allows larger learning rates; the noise of
# the batch statistics also regularises a little. At test time it uses running averages of $\mu$ and
# $\sigma^2$ collected during training (the layer's *state*, Keras' non-trainable parameters).

# %%
bn = BatchNorm()
params, state, _ = bn.init(jax.random.key(0), (3,))
x = 5.0 + 3.0 * jax.random.normal(jax.random.key(2), (256, 3))      # mean 5, std 3
y, new_state = bn.apply(params, state, x, train=True)
print("train mode: batch mean", np.round(np.asarray(y.mean(0)), 4) + 0.0, " std", np.round(np.asarray(y.std(0)), 4))
print("running mean after one batch (momentum 0.99):", np.round(np.asarray(new_state["mean"]), 4))
assert np.allclose(y.mean(0), 0, atol=1e-4) and np.allclose(y.std(0), 1, atol=1e-2)

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
                                    learning_rate=1e-3, batch_size=32, epochs=40, background=False)
dash.arch["dropout"].value = 0.3
dash.train(blocking=True)
dash

# %% [markdown]
# ## Summary
#
# * Train on the training set, choose on the validation set, report once on the test set; fit
#   preprocessing statistics on the training set only.
# * Overfitting shows as a growing gap: training loss ↓, validation loss ↑.
# * L2 (and L1) penalise large weights; weight decay shrinks them in the update: the same thing for SGD,
#   different for Adam, hence AdamW. Dropout trains an ensemble of thinned networks; batch normalization
#   keeps activations well scaled; early stopping keeps the best epoch. Their strengths (λ, rate,
# patience) are hyperparameters chosen on the validation set.
#
# **Exercise:** `exercises/09_regularization.ipynb`: inverted dropout and the L2 penalty, by hand.
