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
# # Lesson 6: SGD and minibatches
#
# **Learning goals**
#
# * write the full-batch gradient and its minibatch estimate, and say why the estimate is *unbiased*;
# * measure the **gradient noise** of minibatches of 32, 64 and 128 examples and see it fall like $1/B$;
# * tell **epochs** from **steps** and compare full-batch gradient descent, pure SGD ($B = 1$) and
#   minibatch SGD on the same data;
# * estimate the **memory** a batch needs (activations grow with $B$, weights do not) and pick a batch
#   size that fills a GPU without overflowing it;
# * try it yourself with the batch-size knob of the training dashboard.

# %%
import math

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl

print("JAX devices:", [d.platform for d in jax.devices()])

# %% [markdown]
# ## 1. One gradient, estimated from a few examples
#
# The training loss is an average over all $N$ training examples (plus an optional regulariser $R$):
#
# $$\nabla_W L(W) = \frac{1}{N}\sum_{i=1}^{N} \nabla_W L_i(x_i, y_i, W) + \lambda \nabla_W R(W).$$
#
# For a big $N$ this full sum is expensive, and we need it at *every* step. **Stochastic gradient
# descent** replaces it by the average over a random **minibatch** $\mathcal{B}$ of $B$ examples
# (common sizes: 32, 64, 128):
#
# $$g_{\mathcal{B}} = \frac{1}{B}\sum_{i\in\mathcal{B}} \nabla_W L_i, \qquad W \leftarrow W - \eta\, g_{\mathcal{B}}.$$
#
# Every example is equally likely to be drawn, so $\mathbb{E}[g_{\mathcal{B}}] = \nabla_W L$: the
# estimate is **unbiased** — the setting of stochastic approximation (Robbins & Monro, 1951). It is
# *noisy*, and the noise shrinks with $B$. If $\Sigma$ is the covariance
# of the per-example gradients, drawing $B$ distinct examples out of $N$ gives
#
# $$\mathbb{E}\,\lVert g_{\mathcal{B}} - \nabla_W L\rVert^2 = \frac{\operatorname{tr}\Sigma}{B}\cdot\frac{N - B}{N - 1}
# \;\approx\; \frac{\operatorname{tr}\Sigma}{B}\quad (B \ll N).$$
#
# Doubling the batch halves the variance (and divides the typical error by only $\sqrt 2$).
# Let us measure it on the real 8x8 handwritten digits with a small MLP.

# %%
(x_train, y_train), (x_test, y_test) = dl.data.load_digits()
X = x_train.reshape(len(x_train), -1)          # (1437, 64): flatten the 8x8 images
X_test = x_test.reshape(len(x_test), -1)
N = len(X)


def make_mlp():
    return dl.models.Sequential([dl.layers.Dense(32, activation="relu", input_dim=64),
                                 dl.layers.Dense(10, activation="softmax")])


model = make_mlp()
params, state = model.init(jax.random.key(0))
loss_fn = dl.losses.get("sparse_categorical_crossentropy")


def loss_one(p, x, y):
    """L_i: the loss of one example (x: (64,), y: ())."""
    probs, _ = model.apply(p, state, x[None])
    return loss_fn(y[None], probs)


def flat(tree):
    return jnp.concatenate([leaf.ravel() for leaf in jax.tree.leaves(tree)])


# all N per-example gradients at once: vmap over examples of grad of L_i -> (N, n_params)
per_example = jax.jit(jax.vmap(lambda x, y: flat(jax.grad(loss_one)(params, x, y))))
G = np.asarray(per_example(jnp.asarray(X), jnp.asarray(y_train)), dtype=np.float64)
full_grad = G.mean(axis=0)                       # the full-batch gradient
trace_sigma = ((G - full_grad) ** 2).sum(axis=1).mean()
print(f"{N} examples, {G.shape[1]} parameters; tr(Sigma) = {trace_sigma:.3f}")

# %%
rng = np.random.default_rng(0)
sizes = [1, 8, 32, 64, 128, 256]
measured, theory, cosine = {}, {}, {}
for B in sizes:
    errs, coss = [], []
    for _ in range(300):
        g = G[rng.choice(N, size=B, replace=False)].mean(axis=0)    # one minibatch gradient
        errs.append(np.sum((g - full_grad) ** 2))
        coss.append(g @ full_grad / (np.linalg.norm(g) * np.linalg.norm(full_grad)))
    measured[B], cosine[B] = np.mean(errs), np.mean(coss)
    theory[B] = trace_sigma / B * (N - B) / (N - 1)

print(" B   E|g_B - g|^2   theory    B * noise   cos(g_B, g)")
for B in sizes:
    print(f"{B:3d}   {measured[B]:10.4f}  {theory[B]:8.4f}   {B * measured[B]:8.3f}    {cosine[B]:.3f}")

fig, ax = plt.subplots(figsize=(5, 3.4))
ax.loglog(sizes, [measured[B] for B in sizes], "o", label="measured (300 minibatches)")
ax.loglog(sizes, [theory[B] for B in sizes], "-", label=r"tr$\Sigma$/B (N-B)/(N-1)")
ax.set_xlabel("batch size B"); ax.set_ylabel("gradient noise  E|g_B - g|^2")
ax.legend(); ax.grid(alpha=0.3, which="both")
plt.show()

# %% [markdown]
# The points sit on a line of slope $-1$ in the log-log plot: the variance of the minibatch gradient
# falls like $1/B$, and $B\cdot\text{noise}$ stays near $\operatorname{tr}\Sigma$. The last column shows
# what that means for the *direction*: the cosine between a minibatch gradient and the true gradient
# is about 0.77 for $B = 32$ and 0.93 for $B = 128$, but only 0.17 for a single example. The next cell makes CI check the claim.

# %%
# the lesson's claim, checked: variance ~ 1/B (the notes' batch sizes 32, 64, 128)
slope = np.polyfit(np.log(sizes), np.log([measured[B] * (N - 1) / (N - B) for B in sizes]), 1)[0]
print(f"log-log slope: {slope:.2f}")
assert -1.1 < slope < -0.9, slope
for B in sizes:   # measured noise agrees with the formula within 15 %
    assert abs(measured[B] / theory[B] - 1) < 0.15, (B, measured[B], theory[B])
for small, big in [(32, 64), (64, 128)]:   # doubling B roughly halves the noise
    assert 1.6 < measured[small] / measured[big] < 2.5
assert cosine[128] > cosine[32] > cosine[1]

# %% [markdown]
# ## 2. Epochs and steps: full-batch GD, SGD and minibatches
#
# * a **step** (iteration) is one weight update, computed from one batch;
# * an **epoch** is one pass over all $N$ training examples: $\lceil N / B\rceil$ steps.
#
# | method | batch size | steps per epoch ($N = 1437$) |
# |---|---|---|
# | full-batch gradient descent | $N$ | 1 |
# | minibatch SGD | 128 / 64 / 32 | 12 / 23 / 45 |
# | "pure" SGD | 1 | 1437 |
#
# We train the same MLP from the same initial weights for 20 epochs with `learning_rate=0.1` and
# each batch size (`model.build(seed=0)` resets the weights; the engine compiles once per batch size).

# %% tags=["nbval-ignore-output"]
model = make_mlp()
model.compile(optimizer=dl.optim.sgd(learning_rate=0.1), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
runs = {}
for B in [N, 128, 64, 32, 1]:
    model.build((64,), seed=0)                       # the same initial weights every time
    history = model.fit(X, y_train, batch_size=B, epochs=20, verbose=0, seed=0)
    train_loss, _ = model.evaluate(X, y_train)
    _, test_acc = model.evaluate(X_test, y_test)
    runs[B] = dict(curve=history.history["loss"], steps=math.ceil(N / B),
                   train_loss=train_loss, test_acc=test_acc)

print("batch  steps/epoch  total steps  train loss  test accuracy")
for B, r in runs.items():
    print(f"{B:5d}  {r['steps']:11d}  {20 * r['steps']:11d}  {r['train_loss']:10.3f}  {r['test_acc']:13.3f}")

# %%
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.4))
for B, r in runs.items():
    label = "full batch (GD)" if B == N else f"B = {B}"
    epochs = np.arange(1, 21)
    a1.plot(epochs, r["curve"], label=label)
    a2.plot(epochs * r["steps"], r["curve"], label=label)
a1.set_xlabel("epoch"); a2.set_xlabel("step (weight updates)"); a2.set_xscale("log")
for a in (a1, a2):
    a.set_ylabel("training loss (mean over the epoch)"); a.set_yscale("log"); a.grid(alpha=0.3)
a1.legend()
plt.show()

# %% [markdown]
# Read the two panels together:
#
# * **per epoch** (left, the same compute for every curve) small batches win by far: 45 noisy steps
#   beat one exact step. Full-batch GD has barely left the starting point after 20 epochs;
# * **per step** (right) large batches make better steps, but each one costs more examples.
#
# In practice the batch size is chosen so that one step keeps the hardware busy (the "GPU cycles must be
# occupied" remark in the notes) and the noise is small enough for the learning rate; the noise even
# helps a little to escape flat regions and saddle points. With larger batches one usually also raises the
# learning rate (roughly in proportion, the "linear scaling rule").

# %%
# checked: in the same number of epochs, minibatches reach a much lower training loss than full-batch GD
assert runs[32]["train_loss"] < 0.5 * runs[N]["train_loss"]
assert runs[32]["train_loss"] < runs[128]["train_loss"] < runs[N]["train_loss"]
assert runs[32]["test_acc"] > 0.9


# %% [markdown]
# ## 3. Memory per batch
#
# "Maximize our GPU memory as much as possible and don't overflow", say the notes. What fills the memory
# during a training step?
#
# * the **weights**, their **gradients** and the optimizer's slots (Adam keeps two more copies):
#   $\approx 4 \times$ #params floats, *independent of $B$*;
# * the **activations** of every layer for every example in the batch, kept for the backward pass:
#   $B \times \sum_\ell (\text{size of layer } \ell\text{'s output})$ floats, plus about as much again for
#   their gradients: this part **grows linearly with $B$**.
#
# With 4-byte floats: $\text{memory in bytes} \approx 4\times\big(4\,P + 2\,B\,A\big)$, $P$ the parameter
# count, $B$ the batch size and $A$ the activations per example. We can count $A$ without running anything: `jax.eval_shape` pushes
# shapes through each layer.

# %%
def activations_per_example(model, input_shape):
    """Sum of the output sizes of every layer for one example (computed on shapes only)."""
    params, state = jax.eval_shape(lambda k: model.init(k, input_shape), jax.random.key(0))
    x = jax.ShapeDtypeStruct((1, *input_shape), jnp.float32)
    total = 0
    for layer in model.layers:
        x = jax.eval_shape(lambda p, s, x, layer=layer: layer.apply(p, s, x)[0],
                           params.get(layer.name, {}), state.get(layer.name, {}), x)
        total += math.prod(x.shape[1:])
    n_params = sum(math.prod(v.shape) for v in jax.tree.leaves(params))
    return total, n_params


from dltoolkit.models.zoo import lenet5, vgg16   # the architecture zoo

GiB = 2 ** 30
nets = {"MLP 64-32-10": (make_mlp(), (64,)),
        "LeNet-5 (32x32x1)": (lenet5((32, 32, 1)), (32, 32, 1)),
        "VGG-16 (224x224x3)": (vgg16((224, 224, 3), num_classes=1000), (224, 224, 3))}
MiB = 2 ** 20
print(f"{'network':20s} {'params P':>12s} {'activ. A':>11s}   MiB at B = 32 / 64 / 128   max B in 16 GiB")
for name, (net, shape) in nets.items():
    A, P = activations_per_example(net, shape)
    mem = lambda B: 4 * (4 * P + 2 * B * A)
    fits = int((16 * GiB / 4 - 4 * P) // (2 * A))
    cols = " / ".join(f"{mem(B) / MiB:,.2f}" for B in (32, 64, 128))
    print(f"{name:20s} {P:12,d} {A:11,d}   {cols}   {fits:,}")

# %% [markdown]
# For the small networks of this course a batch costs kilobytes to megabytes; VGG-16 on ImageNet-size
# images needs about 0.1 GiB of activations *per image*, so a 16 GiB GPU holds training batches of about
# 120 images (and 128 already overflows it). The estimate ignores the compiler's temporary buffers, so leave a margin.
#
# We can also ask XLA how much scratch memory the compiled gradient computation of our MLP needs:

# %%
probe = make_mlp()
probe.build((64,), seed=0)


def batch_loss(p, x, y):
    return loss_fn(y, probe.apply(p, probe.state, x)[0])


grad_fn = jax.jit(jax.grad(batch_loss))
temp = {}
for B in [64, 256, 1024]:
    compiled = grad_fn.lower(probe.params, jnp.zeros((B, 64)), jnp.zeros((B,), jnp.int32)).compile()
    temp[B] = compiled.memory_analysis().temp_size_in_bytes
    print(f"B = {B:5d}: XLA temporary buffers {temp[B] / 1024:8.1f} KiB")
assert 3.5 < temp[1024] / temp[256] < 4.5      # 4x the batch -> about 4x the memory


# %% [markdown]
# ## 4. Your turn: the batch-size knob
#
# The dashboard trains the same kind of MLP with the library's `fit`. Move **batch size**, press
# **Train** and compare the curves: small batches give more, noisier steps per epoch; each new size
# compiles the step once (the status line says so), after that it is instant. Try 1, 32, 128 and 1024
# with the learning rate fixed, then raise the learning rate for the big batch.
#
# (Without a live front end, e.g. in CI, the cell below shows a snapshot of one training run.)

# %% tags=["nbval-ignore-output"]
def digits_mlp(activation="relu", initializer="he_normal", input_dim=64, num_classes=10):
    return dl.models.Sequential([
        dl.layers.Dense(32, activation=activation, kernel_initializer=initializer, input_dim=input_dim),
        dl.layers.Dense(num_classes, activation="softmax")])


dash = dl.widgets.TrainingDashboard(digits_mlp, data=(X, y_train), learning_rate=0.1, batch_size=32,
                                    epochs=10, validation_split=0.2)
dash.train(blocking=True)     # what the Train button does
dash

# %%
# the dashboard trained with the library's engine: validation accuracy after 10 epochs of B = 32
assert dash.curves["val_accuracy"][-1] > 0.85, dash.curves["val_accuracy"][-1]

# %% [markdown]
# ## 5. When the loss explodes: what `fit` keeps
#
# Too large a step makes the loss grow until it overflows to `inf` or `NaN`, and after that every
# weight it touches is garbage. `fit` protects you with one simple rule. At the start of every epoch
# it sets aside a copy of the model: its weights, BatchNorm statistics, the optimizer's memory and step
# count. If a step's loss becomes NaN or infinite, training stops and the model gets that copy back.
# It is exactly the model you had when the epoch began, so `evaluate` gives finite numbers and you can
# lower the learning rate and call `fit` again. The copy is only refreshed after a *healthy* epoch: one
# whose mean loss is finite and at most 10 times the lowest epoch loss so far, so if the loss was
# already blowing up in the epoch before, you get the model from before that. Your knobs are not
# undone: the learning rate stays what you set, which is why the message tells you to lower it.
#
# A tanh MLP with a squared-error head at learning rate 10 overflows within its first epoch:

# %% tags=["nbval-ignore-output"]
T_train = dl.data.to_categorical(y_train, 10)
blowup = dl.models.Sequential([dl.layers.Flatten(input_shape=(8, 8, 1)),
                               dl.layers.Dense(32, activation="tanh"), dl.layers.Dense(10)])
blowup.compile(optimizer=dl.optim.sgd(10.0), loss="mse")
h_bad = blowup.fit(x_train, T_train, epochs=5, batch_size=32, verbose=0)   # prints what happened
loss_after = blowup.evaluate(x_train, T_train)
largest = max(float(np.abs(w).max()) for w in jax.tree.leaves(blowup.params))
blowup.learning_rate = 0.05                        # the fix the message suggests
h_good = blowup.fit(x_train, T_train, epochs=5, batch_size=32, verbose=0)
print(f"evaluate after the blow-up: {loss_after:.4f}; refit at lr 0.05: loss "
      f"{h_good.history['loss'][0]:.4f} -> {h_good.history['loss'][-1]:.4f}")
assert h_bad.stop_reason == "diverged" and np.isfinite(loss_after)
assert largest < 10                                # the weights from before the blow-up, not garbage
assert np.all(np.isfinite(h_good.history["loss"])) and h_good.history["loss"][-1] < h_good.history["loss"][0]

# %% [markdown]
# ## Summary
#
# * A minibatch gradient is an unbiased, noisy estimate of the full gradient; its variance is
#   $\operatorname{tr}\Sigma/B$ (times $(N-B)/(N-1)$), measured here within a few percent.
# * Per epoch, minibatches make many cheap steps and beat full-batch GD; per step, larger batches are
#   more accurate. Batch sizes of 32 to 128 are the usual compromise.
# * Activations grow linearly with the batch size, the weights do not: the largest batch that fits is
#   (free memory − weights and optimizer slots) / (activation memory per example).
#
# **Exercise:** `exercises/06_sgd_minibatches.ipynb`: write the minibatch iterator and one epoch of
# minibatch SGD yourself.

# %% [markdown]
# ## References
#
# * Robbins, H. & Monro, S. (1951). A stochastic approximation method. *Annals of Mathematical
#   Statistics* 22(3), 400–407.
# * Bottou, L., Curtis, F. E. & Nocedal, J. (2018). Optimization methods for large-scale machine learning.
#   *SIAM Review* 60(2), 223–311 (minibatch gradient variance $\propto 1/B$).
# * Keskar, N. S., Mudigere, D., Nocedal, J., Smelyanskiy, M. & Tang, P. T. P. (2017). On large-batch
#   training for deep learning: generalization gap and sharp minima. *ICLR 2017*.
# * Goyal, P. et al. (2017). Accurate, large minibatch SGD: training ImageNet in 1 hour.
#   arXiv:1706.02677.
