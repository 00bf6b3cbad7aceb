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
# # Lesson 11: LeNet-5 on handwritten digits, Keras style
#
# **Learning goals**
#
# * build LeNet-5 (LeCun et al., 1998), the classic 6-16-120-84-10 convolutional network, layer by layer
#   in Keras style, and read its `summary()`: output shapes and the published parameter counts;
# * port the course notes' Keras LeNet listing line by line to `dltoolkit`;
# * `compile`, `fit`, `evaluate` it on the real handwritten digits and watch it train in the
#   TrainingDashboard.

# %%
import jax
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl
from dltoolkit.layers import AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D
from dltoolkit.models import Sequential

# %% [markdown]
# ## 1. The data: 8×8 digits, upsampled to 32×32
#
# LeNet-5 was designed for 32×32 images (MNIST's 28×28 digits padded by 2). Our embedded digits are 8×8,
# so we resize them to 32×32 (bilinear); the network then sees the same geometry as in the paper. (Padding
# 8×8 to 32×32 would leave almost nothing for the 5×5 filters to see.)

# %%
(x_train, y_train), (x_test, y_test) = dl.data.load_digits()
upsample = lambda x: np.asarray(jax.image.resize(x, (len(x), 32, 32, 1), "bilinear"))
X_train, X_test = upsample(x_train), upsample(x_test)
print("train", X_train.shape, "test", X_test.shape)

fig, axes = plt.subplots(1, 6, figsize=(9, 1.8))
for ax, img, label in zip(axes, X_train, y_train):
    ax.imshow(img[:, :, 0], cmap="gray_r"); ax.set_title(str(label)); ax.axis("off")
plt.show()

# %% [markdown]
# ## 2. The architecture, and the notes' Keras listing ported
#
# | layer | operation | output | parameters |
# |---|---|---|---|
# | C1 | conv 5×5, 6 filters | 28×28×6 | $(5\cdot5\cdot1+1)\cdot6 = 156$ |
# | S2 | pool 2×2 | 14×14×6 | 0 |
# | C3 | conv 5×5, 16 filters | 10×10×16 | $(5\cdot5\cdot6+1)\cdot16 = 2416$ |
# | S4 | pool 2×2 | 5×5×16 | 0 |
# | C5 | conv 5×5, 120 filters | 1×1×120 | $(5\cdot5\cdot16+1)\cdot120 = 48120$ |
# | F6 | dense 84 | 84 | $(120+1)\cdot84 = 10164$ |
# | output | dense 10, softmax | 10 | $(84+1)\cdot10 = 850$ |
#
# Total **61,706**. This is the *modern variant* that the notes' Keras listing builds (and that most
# tutorials call "LeNet-5"), **not** the network of LeCun et al. (1998): the paper's per-layer counts are
# different, see section 2b. The notes' remarks on the Keras listing fit this table: "5 is a very
# interesting size" (5×5 filters everywhere, and S4's output is 5×5, so C5's 5×5 filter covers it all);
# "before we flatten we add a 1, 1 layer" (C5's output is 1×1×120). The notes then say "add two dense
# hidden layers": only the first (F6, 84 units, a design choice: more units, more capacity to overfit) is
# hidden; the second, with 10 units (one per digit) followed by the softmax, is the **output layer**.
#
# Line by line, Keras (`keras.layers.Conv2D(6, (5, 5), activation="relu", input_shape=(32, 32, 1))` …) to
# `dltoolkit`, with the modern choices of the notes' listing (ReLU, max pooling):

# %%
model = Sequential()
model.add(Conv2D(6, (5, 5), activation="relu", input_shape=(32, 32, 1)))    # C1: 32 -> 28
model.add(MaxPool2D(pool_size=(2, 2)))                                      # S2: 28 -> 14
model.add(Conv2D(16, (5, 5), activation="relu"))                            # C3: 14 -> 10
model.add(MaxPool2D(pool_size=(2, 2)))                                      # S4: 10 -> 5
model.add(Conv2D(120, (5, 5), activation="relu"))                           # C5: 5 -> 1 (the "1, 1" layer)
model.add(Flatten())                                                        # 1x1x120 -> 120
model.add(Dense(84, activation="relu"))                                     # F6
model.add(Dense(10, activation="softmax"))                                  # one unit per digit
_ = model.summary()                     # prints the table (and returns it as a string)

# %%
# this modern variant's per-layer counts (worked out in the table above; not the 1998 paper's, see 2b)
model.build((32, 32, 1))
counts = [sum(int(np.prod(v.shape)) for v in jax.tree.leaves(model.params.get(layer.name, {})))
          for layer in model.layers]
print(counts)
assert counts == [156, 0, 2416, 0, 48120, 0, 10164, 850]
assert model.count_params() == 61_706

# %% [markdown]
# ## 2b. The 1998 paper's counts
#
# LeCun et al. (1998, section II.B) differ from the modern variant in three places, and so do their counts:
#
# * **S2 and S4 are trainable subsampling layers**: each map sums its 2×2 inputs, multiplies by one trainable
#   coefficient, adds one trainable bias and applies a sigmoid: 2 parameters per map, S2 = 6·2 = 12,
#   S4 = 16·2 = 32 (the modern max pooling has none).
# * **C3 is partially connected** (the paper's Table I): C3 maps 0–5 see 3 adjacent S2 maps, maps 6–14 see 4
#   (6 adjacent subsets, 3 non-adjacent), map 15 sees all 6. "To break the symmetry" and to keep the count
#   down: 1,516 parameters instead of 2,416.
# * **The output layer is 10 Euclidean RBF units**, $y_i = \sum_j (x_j - w_{ij})^2$, one 84-vector of
#   centres per class and no bias: 84·10 = 840. The paper chose these centres by hand (stylised 7×12
#   bitmaps, entries ±1) rather than learning them, and its "60,000 trainable parameters" is exactly
#   C1 … F6 (computed below).
#
# We compute the paper's counts from that design (the connection table is built from the paper's Table I):

# %%
# LeCun et al. 1998, Table I: which S2 maps (rows 0..5) each C3 map (0..15) sees
table = ([{i % 6, (i + 1) % 6, (i + 2) % 6} for i in range(6)]                    # maps 0-5: 3 adjacent
         + [{i % 6, (i + 1) % 6, (i + 2) % 6, (i + 3) % 6} for i in range(6)]     # maps 6-11: 4 adjacent
         + [{0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5}]                              # maps 12-14: 4, non-adjacent
         + [set(range(6))])                                                        # map 15: all 6
fan = [len(t) for t in table]
assert (fan.count(3), fan.count(4), fan.count(6)) == (6, 9, 1)
conv = lambda n_in, n_out, k=5: (k * k * n_in + 1) * n_out      # weights + one bias per output map
paper = {"C1": conv(1, 6),
         "S2": 6 * 2,                                           # a coefficient and a bias per map
         "C3": sum(5 * 5 * f + 1 for f in fan),                 # each map: its own 5x5 kernels + one bias
         "S4": 16 * 2,
         "C5": conv(16, 120),
         "F6": (120 + 1) * 84,
         "RBF output": 84 * 10}                                 # one 84-d centre per class, no bias
print(paper)
assert paper == {"C1": 156, "S2": 12, "C3": 1516, "S4": 32, "C5": 48120, "F6": 10164, "RBF output": 840}
learned = sum(v for k, v in paper.items() if k != "RBF output")
print("C1..F6:", learned, " with the RBF centres:", learned + paper["RBF output"])
assert learned == 60_000                                        # the paper's "60,000 trainable parameters"
assert counts != [paper[k] for k in ("C1", "S2", "C3", "S4", "C5")] + [0, paper["F6"], paper["RBF output"]]

# %% [markdown]
# So the modern variant has 900 more parameters in C3 (full connection), none in the pooling layers, and a
# dense softmax output with biases (850) instead of the RBF layer. C5 and F6 are the same.

# %% [markdown]
# The architecture zoo has the same network as a one-liner, `lenet5`, with the original choices as
# defaults (tanh and average pooling, "subsampling" in the paper). Same shapes, same 61,706 parameters:

# %%
from dltoolkit.models.zoo import lenet5

classic = lenet5(input_shape=(32, 32, 1), num_classes=10)     # tanh + average pooling, as in 1998
classic.summary()
classic.build((32, 32, 1))
assert classic.count_params() == model.count_params() == 61_706
assert [type(layer) for layer in classic.layers if isinstance(layer, (AvgPool2D, MaxPool2D))] == [AvgPool2D] * 2

# %% [markdown]
# ## 3. Compile, fit, evaluate
#
# The notes' recipe: Adam (or RMSprop) with a learning rate between 0.01 and 0.001, batches of 32 images
# fed into the network at once, cross-entropy loss, accuracy as the metric. Integer labels, so the
# `sparse_` variant of the loss (or one-hot labels with `dl.data.to_categorical` and
# `"categorical_crossentropy"`).

# %% tags=["nbval-ignore-output"]
model.compile(optimizer=dl.optim.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(X_train, y_train, batch_size=32, epochs=10, validation_split=0.1, verbose=0, seed=0)
history.plot()
plt.show()
test_loss, test_acc = model.evaluate(X_test, y_test)
print(f"after 10 epochs: train accuracy {history.history['accuracy'][-1]:.3f}, "
      f"validation {history.history['val_accuracy'][-1]:.3f}; test loss {test_loss:.4f}, test accuracy {test_acc:.3f}")

# %%
# measured: 0.958 on the 360 test digits after 10 epochs (see the output above); the threshold leaves a margin
assert test_acc > 0.93, test_acc

# %% [markdown]
# What did C1 learn? Its six 5×5 filters and their activation maps on one test digit: edge and stroke
# detectors, as the hand-made ones of lesson 10.

# %%
c1 = model.layers[0]
kernels = np.asarray(model.params[c1.name]["kernel"])                      # (5, 5, 1, 6)
maps, _ = c1.apply(model.params[c1.name], {}, X_test[:1])
fig, axes = plt.subplots(2, 6, figsize=(10, 3.4))
for k in range(6):
    axes[0, k].imshow(kernels[:, :, 0, k], cmap="RdBu_r"); axes[0, k].set_title(f"filter {k}", fontsize=8)
    axes[1, k].imshow(maps[0, :, :, k], cmap="viridis")
for ax in axes.ravel():
    ax.axis("off")
plt.show()
pred = model.predict(X_test[:10]).argmax(-1)
print("predicted:", pred.tolist(), "\ntrue:     ", y_test[:10].tolist())


# %% [markdown]
# ## 4. The TrainingDashboard
#
# The same network in the dashboard: choose the optimizer, learning rate, batch size and epochs, press
# **Train**, watch the loss and accuracy curves live (it calls the same `fit`). In CI the cell shows a
# snapshot after a short run.

# %% tags=["nbval-ignore-output"]
def lenet(input_dim=None, num_classes=10):
    return lenet5(input_shape=(32, 32, 1), num_classes=num_classes, activation="relu", pooling="max")


dash = dl.widgets.TrainingDashboard(lenet, data=(X_train, y_train), optimizer="adam", learning_rate=1e-3,
                                    batch_size=32, epochs=3, validation_split=0.2)
dash.train(blocking=True)
dash

# %%
assert dash.curves["val_accuracy"][-1] > 0.7, dash.curves["val_accuracy"]

# %% [markdown]
# ## Go further: real MNIST (optional)
#
# If MNIST is already in the local cache, the same model trains on it (28×28 padded to 32×32). Offline
# and without the files, this cell does nothing.

# %%
import os

os.environ["DLTOOLKIT_OFFLINE"] = "1"          # never download here
try:
    (mx_train, my_train), (mx_test, my_test) = dl.data.load_mnist()
    pad = lambda x: np.pad(np.asarray(x, np.float32) / 255.0, ((0, 0), (2, 2), (2, 2), (0, 0)))
    mnist_model = lenet5(input_shape=(32, 32, 1), activation="relu", pooling="max")
    mnist_model.compile(optimizer=dl.optim.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    mnist_model.fit(pad(mx_train[:10000]), my_train[:10000], batch_size=128, epochs=1, verbose=0)
    print("MNIST test accuracy after one epoch on 10k images:", round(mnist_model.evaluate(pad(mx_test), my_test)[1], 3))
except dl.data.DownloadError:
    print("MNIST not cached: skipped")

# %% [markdown]
# ## Summary
#
# * LeNet-5: conv 5×5 (6) → pool → conv 5×5 (16) → pool → conv 5×5 (120, a 1×1 output) → dense 84 →
#   dense 10 (the output layer); 61,706 parameters in this modern variant, most of them in C5 and F6.
# * LeCun et al. (1998) had trainable subsampling (S2 = 12, S4 = 32), a partially connected C3 (1,516) and
#   an RBF output (840, hand-set centres): 60,000 trainable parameters in C1 … F6.
# * Keras code ports line by line: `Sequential`, `add`, `Conv2D`, `MaxPool2D`, `Flatten`, `Dense`,
#   `summary`, `compile`, `fit`, `evaluate`, `predict`.
# * On the 8×8 digits upsampled to 32×32 it reaches about 96 % test accuracy in 10 epochs on a CPU.
#
# **Exercise:** `exercises/11_lenet5.ipynb`: work out LeNet-5's parameter counts and output shapes by hand,
# and implement its forward pass yourself, checking against the model.

# %% [markdown]
# ## References
#
# * Y. LeCun, L. Bottou, Y. Bengio, P. Haffner (1998). Gradient-based learning applied to document
#   recognition. *Proceedings of the IEEE* 86(11), 2278–2324. DOI 10.1109/5.726791.
# * D. P. Kingma, J. Ba (2015). Adam: A method for stochastic optimization. ICLR 2015. arXiv:1412.6980.
