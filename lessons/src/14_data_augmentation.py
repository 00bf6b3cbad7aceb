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
# # Lesson 14: Data pipelines and augmentation
#
# A model only learns from what the pipeline feeds it. This lesson builds the pipeline a real image
# project uses and then *multiplies* the data with augmentation.
#
# **Learning goals**
#
# * store images as **class folders** and load them with `image_dataset_from_directory` (Keras' loader):
#   class names, labels, a seeded train/validation split;
# * feed **mini-batches** with `DataLoader`: a new shuffle every epoch, a last partial batch, and
#   **prefetching** (the next batch is prepared while the current step runs);
# * apply label-preserving **augmentations** (flips, crops, rotations, shifts) and see them as image grids;
# * mix examples with **mixup** and **CutMix** and check that the soft labels still sum to 1;
# * measure what augmentation does to test accuracy when there are only 10 training images per class.

# %%
import tempfile
from functools import partial
from pathlib import Path

import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image as PILImage

import dltoolkit as dl

# %% [markdown]
# ## 1. Images in class folders
#
# Real projects start from files. Keras' convention, which the course notes use for the cancer-cell
# images, is one sub-folder per class:
#
# ```
# shapes/
#   circle/    0000.png 0003.png ...
#   square/    0001.png ...
#   triangle/  0002.png ...
# ```
#
# We write such a tree ourselves (90 generated 32x32 images from `dl.data.make_shapes`) into a temporary
# folder, so the lesson needs no download.

# %%
shapes = dl.data.make_shapes(90, size=32, noise=0.03, seed=0)
tmp = tempfile.TemporaryDirectory()
root = Path(tmp.name) / "shapes"
for i, (img, label) in enumerate(zip(shapes.images, shapes.labels)):
    folder = root / dl.data.SHAPE_NAMES[label]
    folder.mkdir(parents=True, exist_ok=True)
    PILImage.fromarray((img * 255).astype(np.uint8)).save(folder / f"{i:04d}.png")
print({d.name: len(list(d.glob("*.png"))) for d in sorted(root.iterdir())})

# %% [markdown]
# `subset="both"` returns the training and the validation part of **one** seeded shuffle, so they never
# share a file. Pixel values come back as 0..255 floats (as in Keras): rescale them yourself.

# %%
train_ds, val_ds = dl.data.image_dataset_from_directory(
    root, validation_split=0.2, subset="both", seed=1337, image_size=(32, 32), batch_size=16)
print("class names:", train_ds.class_names)
print("batches per epoch:", len(train_ds), "train /", len(val_ds), "validation")
xb, yb = next(iter(train_ds))
print("one batch:", xb.shape, xb.dtype, "labels", yb[:8], " pixel range", xb.min(), "to", xb.max())

# %%
assert train_ds.class_names == sorted(dl.data.SHAPE_NAMES)            # alphabetical folder order
assert len(train_ds.file_paths) == 72 and len(val_ds.file_paths) == 18  # 20% of 90 held out
assert not set(train_ds.file_paths) & set(val_ds.file_paths)           # disjoint splits
x_all, y_all = train_ds.to_arrays()
folder_of = [Path(p).parent.name for p in train_ds.file_paths]
assert [train_ds.class_names[k] for k in y_all] == folder_of          # label = folder
print("folders -> labels, disjoint 72/18 split: checked")

fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
for ax, img, k in zip(axes.flat, xb, yb):
    ax.imshow(img / 255.0)
    ax.set_title(train_ds.class_names[k], fontsize=8)
    ax.axis("off")
plt.suptitle("a training batch read from the folders")
plt.show()

# %% [markdown]
# `model.fit(train_ds, epochs=...)` accepts such a dataset directly: files are decoded batch by batch, so
# the whole set never has to fit in memory.
#
# ## 2. Batching, shuffling, prefetching
#
# For arrays already in memory, `dl.data.DataLoader` cuts mini-batches. Every epoch visits every example
# exactly once in a new order, and the last batch is smaller unless `drop_last=True`. With
# `prefetch=2` a background thread prepares (and moves to the device) the next two batches while the
# model is still busy with the current one: that is what `tf.data`'s `.prefetch(AUTOTUNE)` does for the
# GPU in the course notes. The accelerator should never wait for the host.

# %%
loader = dl.data.DataLoader(np.arange(10)[:, None], np.arange(10), batch_size=4, shuffle=True, seed=0, prefetch=2)
for epoch in range(2):
    batches = [np.asarray(yb).tolist() for _, yb in loader]
    print(f"epoch {epoch}: {batches}")
    assert sorted(sum(batches, [])) == list(range(10))     # every example exactly once per epoch
assert [len(b) for b in batches] == [4, 4, 2] and len(loader) == 3

# %% [markdown]
# ## 3. Augmentation: new training images for free
#
# A flipped circle is still a circle. **Data augmentation** applies random, *label-preserving* transforms
# to each training image every time it is seen, so the network never sees exactly the same picture
# twice and cannot simply memorize pixels. All `dl.data` augmentations are pure functions of a PRNG key
# and an NHWC batch, `x_aug = f(key, x)`, so they run inside `jit`.
#
# Choose them with the task in mind: horizontal flips are fine for shapes and cats, **not** for digits
# (a flipped 2 is no 2), and large rotations turn a 6 into a 9.

# %%
imgs = jnp.asarray(shapes.images[:8])
key = jax.random.key(0)
jit = lambda f, **options: jax.jit(lambda k, x: f(k, x, **options))   # one compiled function each
rows = {
    "original": imgs,
    "random_flip": jit(dl.data.random_flip, horizontal=True, vertical=True)(key, imgs),
    "random_crop (pad 6)": jit(dl.data.random_crop, padding=6)(key, imgs),
    "random_rotation 45°": jit(dl.data.random_rotation, max_degrees=45)(key, imgs),
    "random_translation 0.2": jit(dl.data.random_translation, max_fraction=0.2)(key, imgs),
    "brightness + contrast": jit(lambda k, x: dl.data.random_contrast(k, dl.data.random_brightness(k, x, 0.3), 0.5, 1.5))(key, imgs),
}
fig, axes = plt.subplots(len(rows), 8, figsize=(9, 7))
for r, (name, batch) in enumerate(rows.items()):
    for c in range(8):
        axes[r, c].imshow(np.clip(np.asarray(batch[c]), 0, 1))
        axes[r, c].set_xticks([]), axes[r, c].set_yticks([])
    axes[r, 0].set_ylabel(name, rotation=0, ha="right", fontsize=9)
plt.tight_layout()
plt.show()
for name, batch in rows.items():
    assert batch.shape == imgs.shape and batch.dtype == imgs.dtype      # shape and dtype are kept

# %% [markdown]
# **Knob:** how strong should augmentation be? Move the sliders and look: at some point the digits stop
# being readable, and then augmentation teaches the network wrong labels.

# %%
(x_digits, y_digits), (x_test, y_test) = dl.data.load_digits()
angle_slider = W.IntSlider(value=30, min=0, max=180, step=5, description="max degrees")
shift_slider = W.FloatSlider(value=0.15, min=0.0, max=0.5, step=0.05, description="max shift")


@partial(jax.jit, static_argnames="max_degrees")   # random_rotation needs a Python number here
def augment_digits(key, x, max_degrees, max_shift):
    k1, k2 = jax.random.split(key)
    return dl.data.random_rotation(k1, dl.data.random_translation(k2, x, max_shift), max_degrees)


def draw_augmented(fig, max_degrees, max_shift):
    batch = jnp.asarray(x_digits[:10])
    out = augment_digits(jax.random.key(1), batch, float(max_degrees), float(max_shift))
    axes = fig.subplots(2, 10)
    for i in range(10):
        axes[0, i].imshow(batch[i, ..., 0], cmap="gray_r")
        axes[1, i].imshow(out[i, ..., 0], cmap="gray_r")
        axes[0, i].set_title(str(y_digits[i]))
        axes[0, i].axis("off"), axes[1, i].axis("off")
    return f"rotations up to ±{max_degrees}°, shifts up to {max_shift:.0%} of the image (top: original, bottom: augmented)"


dl.widgets.SliderPlot(draw_augmented, max_degrees=angle_slider, max_shift=shift_slider, width=10, height=2.4)

# %% [markdown]
# ## 4. mixup and CutMix: augmenting the *labels* too
#
# The course notes: "interpolate two inputs together ... modify cross entropy to work with it". With a
# partner $j$ drawn by a random permutation of the batch and $\lambda \sim \mathrm{Beta}(\alpha, \alpha)$:
#
# * **mixup** (Zhang et al., 2018): $\tilde x = \lambda x_i + (1-\lambda) x_j$, $\tilde y = \lambda y_i + (1-\lambda) y_j$;
# * **CutMix** (Yun et al., 2019): paste a random box of $x_j$ into $x_i$; with $a$ the box's area fraction,
#   $\tilde y = (1-a)\,y_i + a\,y_j$.
#
# The targets are no longer one-hot but **soft labels**: still probability vectors, so categorical
# cross-entropy $-\sum_c \tilde y_c \log p_c$ works unchanged. These images cannot exist in reality, and
# that is fine: they are a regularizer that discourages over-confident predictions between classes.

# %%
y_onehot = dl.data.to_categorical(shapes.labels[:8], 3)
both = jax.jit(lambda x, y: (dl.data.mixup(jax.random.key(3), x, y, alpha=0.4),
                             dl.data.cutmix(jax.random.key(4), x, y, alpha=1.0)))
(x_mix, y_mix), (x_cut, y_cut) = both(imgs, y_onehot)
fig, axes = plt.subplots(2, 8, figsize=(11, 3.4))
for c in range(8):
    for r, (xs, ys, name) in enumerate([(x_mix, y_mix, "mixup"), (x_cut, y_cut, "cutmix")]):
        axes[r, c].imshow(np.clip(np.asarray(xs[c]), 0, 1))
        axes[r, c].set_title(" ".join(f"{v:.2f}" for v in np.asarray(ys[c])), fontsize=8)
        axes[r, c].axis("off")
plt.suptitle("soft labels (circle, square, triangle) above each image: mixup (top), CutMix (bottom)")
plt.show()

# %%
assert np.allclose(np.sum(y_mix, axis=1), 1.0, atol=1e-6)     # soft labels are still distributions
assert np.allclose(np.sum(y_cut, axis=1), 1.0, atol=1e-6)
assert np.all(np.asarray(y_mix) >= 0) and np.all(np.asarray(y_cut) >= 0)
assert (np.max(np.asarray(y_mix), 1) < 0.999).any() and (np.max(np.asarray(y_cut), 1) < 0.999).any()  # really soft
# (a row stays one-hot when an image is paired with one of its own class)
print("rows of the mixed labels:", np.round(np.sum(y_mix, axis=1), 6), np.round(np.sum(y_cut, axis=1), 6))

# %% [markdown]
# ## 5. Does it help? An experiment with 10 images per class
#
# Take only **10 training images per digit** (100 in all) and a small CNN. Two runs with the same model,
# optimizer and number of gradient steps:
#
# * **plain**: the 100 originals, repeated 10 times (1,000 rows, no new information);
# * **augmented**: the 100 originals plus 9 augmented copies of each (shift by up to 1 pixel with
#   `random_crop(padding=1)`, rotate by up to 10°), also 1,000 rows.
#
# Both train for 20 epochs in batches of 50 (400 steps) from the same initial weights (`model.build(seed=0)`
# resets them; the compiled training step is reused).
#
# (Here the augmented copies are made once, before training, "offline"; the on-the-fly version draws a
# fresh augmentation for every batch of every epoch, e.g. a generator that wraps a `DataLoader` and is
# passed to `fit`.) Test accuracy is measured on the 360 held-out digits.

# %% tags=["nbval-ignore-output"]
PER_CLASS, COPIES = 10, 9
idx = np.concatenate([np.where(y_digits == c)[0][:PER_CLASS] for c in range(10)])
x_small, y_small = x_digits[idx], y_digits[idx]


@jax.jit
def augment(key, x):
    k1, k2 = jax.random.split(key)
    return dl.data.random_rotation(k2, dl.data.random_crop(k1, x, padding=1), max_degrees=10.0)


copies = [np.asarray(augment(k, x_small)) for k in jax.random.split(jax.random.key(0), COPIES)]
x_aug, y_aug = np.concatenate([x_small, *copies]), np.tile(y_small, COPIES + 1)


model = dl.models.Sequential([
    dl.layers.Conv2D(16, 3, activation="relu", padding="same", input_shape=(8, 8, 1)),
    dl.layers.MaxPool2D(2), dl.layers.Flatten(),
    dl.layers.Dense(32, activation="relu"), dl.layers.Dense(10, activation="softmax")])
model.compile(optimizer=dl.optim.adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])

results = {}
x_plain, y_plain = np.tile(x_small, (COPIES + 1, 1, 1, 1)), np.tile(y_small, COPIES + 1)  # same size, no new images
for name, (x, y) in {"plain": (x_plain, y_plain), "augmented": (x_aug, y_aug)}.items():
    model.build((8, 8, 1), seed=0)          # the same fresh start for both runs ...
    model.opt_state = None                  # ... and a fresh optimizer
    hist = model.fit(x, y, batch_size=50, epochs=20, verbose=0, seed=0)
    test = model.evaluate(x_test, y_test, return_dict=True)
    results[name] = (hist.history["accuracy"][-1], test["accuracy"])
    print(f"{name:9s}: final train accuracy {results[name][0]:.3f}, test accuracy {results[name][1]:.3f}")

# %% tags=["nbval-ignore-output"]
(train_plain, test_plain), (train_aug, test_aug) = results["plain"], results["augmented"]
assert train_plain > train_aug                                   # augmented data is harder to memorize ...
assert train_aug - test_aug < train_plain - test_plain           # ... so the train/test gap shrinks
assert test_aug > test_plain                                     # and here the test accuracy went up
print(f"train-test gap: plain {train_plain - test_plain:.3f}, augmented {train_aug - test_aug:.3f}; "
      f"test accuracy {test_plain:.3f} -> {test_aug:.3f}")

# %% [markdown]
# What we measured: augmentation made the training set harder to memorize (lower training accuracy), the
# gap between training and test accuracy shrank, and the test accuracy rose by a few points. With this
# little data the effect is noisy: when we tried half the budget (200 steps) the two runs ended level
# (test accuracy 0.769 plain, 0.758 augmented: the harder augmented set needs longer to fit); a different seed or a stronger augmentation can erase it, and too
# strong an augmentation (try the knob above at 180°) hurts. Augmentation is a regularizer, like the L2
# penalty and dropout of lesson 9, and needs the same tuning.
#
# ## Summary
#
# * `image_dataset_from_directory(root, validation_split=..., subset="both", seed=...)`: class names from
#   the folder names, labels from the folders, a disjoint split.
# * `DataLoader(x, y, batch_size, seed, prefetch)`: every example once per epoch, a new order every
#   epoch, the next batches prepared in the background.
# * Augmentations `f(key, x)`: flips, crops, rotations, shifts, brightness/contrast, pick the ones that
#   keep the label; mixup and CutMix also mix the labels, whose rows still sum to 1.
#
# **Exercise:** `exercises/14_augmentation.ipynb`.
