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
# * mix examples with **mixup** and **CutMix**, check that the soft labels still sum to 1, and train with them;
# * measure what augmentation does when there are only 10 training images per class, on several seeds;
# * run the course notes' pipeline end to end: TIFF scans and a CSV of labels → balanced class folders →
#   streamed training.

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
# ### The notes' pipeline, end to end: TIFF scans + a CSV of labels → balanced class folders → streaming
#
# The course notes' cancer-cell project starts from what a lab delivers: a folder of **TIFF scans** named
# by an id, and a **CSV** `id,label` (0 benign, 1 malignant), with far more of one class than the other.
# Their recipe: balance the classes by subsampling each to the size of the smallest, copy the files into
# one folder per label (converting TIFF to JPEG, because Keras' loader does not read TIFF), then stream
# with `image_dataset_from_directory`. We rebuild it on a small generated stand-in: circles as "benign"
# (0), squares as "malignant" (1), 16×16 RGB scans, about 3 benign for every malignant one.
# `dl.data`'s loader reads `.tif` directly, so we keep the TIFF files (converting is one `img.save(...)`).

# %%
import csv
import shutil

scans_src = dl.data.make_shapes(600, size=16, noise=0.05, seed=3)
scans = Path(tmp.name) / "scans"
scans.mkdir()
rows, n_label = [], {0: 0, 1: 0}
for i, (img, shape) in enumerate(zip(scans_src.images, scans_src.labels)):
    label = {0: 0, 1: 1}.get(int(shape))                        # circle -> 0, square -> 1, triangles unused
    if label is None or (label == 1 and n_label[1] >= n_label[0] // 3):
        continue                                                # keep about 3 benign per malignant
    fid = f"scan{i:04d}"
    PILImage.fromarray((img * 255).astype(np.uint8)).save(scans / f"{fid}.tif", format="TIFF")
    rows.append((fid, label)); n_label[label] += 1
with open(Path(tmp.name) / "labels.csv", "w", newline="") as f:
    csv.writer(f).writerows([("id", "label"), *rows])
print("scans written:", len(rows), " per label:", n_label, " e.g.", sorted(p.name for p in scans.iterdir())[:2])

# read the CSV, balance by subsampling every label to the smallest count (seeded), copy into class folders
with open(Path(tmp.name) / "labels.csv") as f:
    table = [(r["id"], int(r["label"])) for r in csv.DictReader(f)]
n_min = min(sum(1 for _, lab in table if lab == c) for c in (0, 1))
pick = np.random.default_rng(0)
balanced = [row for c in (0, 1) for row in
            [table[k] for k in pick.choice([k for k, (_, lab) in enumerate(table) if lab == c], n_min, replace=False)]]
folders = Path(tmp.name) / "keras" / "train"
for fid, label in balanced:
    (folders / str(label)).mkdir(parents=True, exist_ok=True)
    shutil.copy(scans / f"{fid}.tif", folders / str(label) / f"{fid}.tif")
counts = {d.name: len(list(d.glob("*.tif"))) for d in sorted(folders.iterdir())}
print("balanced class folders:", counts)
assert counts == {"0": n_min, "1": n_min} and n_min < n_label[0]          # balanced, by subsampling

# stream them: decoded batch by batch, rescaled to 0..1 on the fly
cells_train, cells_val = dl.data.image_dataset_from_directory(
    folders, validation_split=0.25, subset="both", seed=7, image_size=(16, 16), batch_size=16, label_mode="binary",
    verbose=False)


class Rescaled:
    """Re-iterable view of a folder dataset with pixels divided by 255 (Keras' Rescaling(1/255))."""
    def __init__(self, ds):
        self.ds = ds

    def __len__(self):
        return len(self.ds)

    def __iter__(self):
        return ((x / 255.0, y) for x, y in self.ds)


csv_label = dict(balanced)
assert all(int(Path(p).parent.name) == csv_label[Path(p).stem] for p in cells_train.file_paths)  # folder = CSV
x0, _ = next(iter(cells_train))
assert x0.shape == (16, 16, 16, 3) and not set(cells_train.file_paths) & set(cells_val.file_paths)

# %% tags=["nbval-ignore-output"]
cell_model = dl.models.Sequential([
    dl.layers.Conv2D(16, 3, activation="relu", padding="same", input_shape=(16, 16, 3)), dl.layers.MaxPool2D(2),
    dl.layers.Conv2D(32, 3, activation="relu", padding="same"), dl.layers.GlobalMaxPool2D(),
    dl.layers.Dense(1, activation="sigmoid")])
cell_model.compile(optimizer=dl.optim.adam(1e-2), loss="binary_crossentropy", metrics=["accuracy"])
cell_hist = cell_model.fit(Rescaled(cells_train), epochs=15, verbose=0, seed=0)
x_cells_val, y_cells_val = cells_val.to_arrays()
cell_val = cell_model.evaluate(x_cells_val / 255.0, y_cells_val, return_dict=True)
print(f"streamed from TIFF folders: training accuracy {cell_hist.history['accuracy'][-1]:.3f}, "
      f"validation accuracy {cell_val['accuracy']:.3f} on {len(cells_val.file_paths)} held-out scans")

# %%
assert cell_val["accuracy"] > 0.85       # circles vs squares: easy once the pipeline delivers the right labels

# %% [markdown]
# On Kaggle or Colab the same code streams a real data set from disk to the GPU; the loader and the
# folder layout do not change. (That we balanced by *subsampling* throws data away; weighting the loss by
# class, or oversampling the small class, keeps it.)
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
# ## 5. Does it help? An experiment with 10 images per class, on three seeds
#
# Take only **10 training images per digit** (100 in all) and a small CNN. Four training sets of the same
# size, 1,000 rows, the same model, optimizer and number of gradient steps (20 epochs in batches of 50):
#
# * **plain**: the 100 originals, repeated 10 times (no new information);
# * **augmented**: the 100 originals plus 9 augmented copies of each (shift by up to 1 pixel with
#   `random_crop(padding=1)`, rotate by up to 10°);
# * **mixup** (Zhang et al., 2018): the originals plus 9 mixup batches of them ($\alpha = 0.4$), soft labels;
# * **CutMix** (Yun et al., 2019): the originals plus 9 CutMix batches ($\alpha = 1$), soft labels.
#
# The copies are made once, before training ("offline"; the usual on-the-fly version draws fresh ones for
# every batch). All four use `categorical_crossentropy` on (soft) one-hot labels, so one compiled training
# step serves them all; `model.build(seed=...)` resets the weights. The **train–test gap** compares like with
# like: training accuracy is measured on the 100 *original* training images (not on the augmented or mixed
# rows, which would be a different, harder set), test accuracy on the 360 held-out digits. Three seeds (the
# initial weights, the batch order and the random copies change with the seed).

# %% tags=["nbval-ignore-output"]
PER_CLASS, COPIES, SEEDS = 10, 9, (0, 1, 2)
idx = np.concatenate([np.where(y_digits == c)[0][:PER_CLASS] for c in range(10)])
x_small, y_small = x_digits[idx], y_digits[idx]
y_small_1h = dl.data.to_categorical(y_small, 10)


@jax.jit
def augment(key, x):
    k1, k2 = jax.random.split(key)
    return dl.data.random_rotation(k2, dl.data.random_crop(k1, x, padding=1), max_degrees=10.0)


mixers = {"mixup": jax.jit(lambda k, x, y: dl.data.mixup(k, x, y, alpha=0.4)),
          "cutmix": jax.jit(lambda k, x, y: dl.data.cutmix(k, x, y, alpha=1.0))}


def training_sets(seed):
    keys = jax.random.split(jax.random.key(100 + seed), COPIES)
    sets = {"plain": (np.tile(x_small, (COPIES + 1, 1, 1, 1)), np.tile(y_small_1h, (COPIES + 1, 1))),
            "augmented": (np.concatenate([x_small, *[np.asarray(augment(k, x_small)) for k in keys]]),
                          np.tile(y_small_1h, (COPIES + 1, 1)))}
    for name, mix in mixers.items():
        pairs = [mix(k, jnp.asarray(x_small), jnp.asarray(y_small_1h)) for k in keys]
        sets[name] = (np.concatenate([x_small, *[np.asarray(a) for a, _ in pairs]]),
                      np.concatenate([y_small_1h, *[np.asarray(b) for _, b in pairs]]))
    return sets


model = dl.models.Sequential([
    dl.layers.Conv2D(16, 3, activation="relu", padding="same", input_shape=(8, 8, 1)),
    dl.layers.MaxPool2D(2), dl.layers.Flatten(),
    dl.layers.Dense(32, activation="relu"), dl.layers.Dense(10, activation="softmax")])
model.compile(optimizer=dl.optim.adam(3e-3), loss="categorical_crossentropy", metrics=["accuracy"])
accuracy = lambda x, y: float(np.mean(model.predict(x).argmax(-1) == y))

runs = {}                                   # name -> list of (train accuracy on the originals, test accuracy)
for seed in SEEDS:
    for name, (x, y) in training_sets(seed).items():
        model.build((8, 8, 1), seed=seed)   # a fresh start for every run ...
        model.opt_state = None              # ... and a fresh optimizer
        model.fit(x, y, batch_size=50, epochs=20, verbose=0, seed=seed)
        runs.setdefault(name, []).append((accuracy(x_small, y_small), accuracy(x_test, y_test)))
stats = {name: np.array(v) for name, v in runs.items()}
print(f"{'':10s} {'train (originals)':>18s} {'test':>14s} {'gap':>14s}   (mean ± std over {len(SEEDS)} seeds)")
for name, v in stats.items():
    gap = v[:, 0] - v[:, 1]
    print(f"{name:10s} {v[:, 0].mean():9.3f} ± {v[:, 0].std():.3f} {v[:, 1].mean():7.3f} ± {v[:, 1].std():.3f} "
          f"{gap.mean():7.3f} ± {gap.std():.3f}")

# %%
test = {name: v[:, 1] for name, v in stats.items()}
gap = {name: v[:, 0] - v[:, 1] for name, v in stats.items()}
means = {name: t.mean() for name, t in test.items()}
assert all(v[:, 0].min() >= 0.97 for v in stats.values())       # every run fits the 100 originals
assert max(means.values()) - min(means.values()) < 0.1           # no method moves the mean by 10 points
assert min(means.values()) > 0.6                                 # and all of them learn

# %% [markdown]
# Read it honestly. Measured on the same kind of set, every run fits the 100 original training images
# (training accuracy 1.0), so the train–test gap is just one minus the test accuracy. (An earlier version
# of this lesson measured training accuracy on the augmented rows, which are harder, and saw the gap
# "shrink": comparing accuracies on different sets.) The differences between plain, augmented, mixup and
# CutMix are a few points, about the size of the seed-to-seed spread: with 100 images and 400 steps this
# experiment does **not** show that any of them helps; it shows that none of them hurts much and none
# changes the test accuracy by 10 points (asserted). Zhang et al. (2018) and Yun et al. (2019) report their
# gains on CIFAR and ImageNet with hundreds of epochs and on-the-fly mixing; showing such gains reliably
# needs more data, more seeds and longer training than this lesson's CPU budget. Too strong an augmentation
# (try the knob above at 180°) hurts. Augmentation is a regularizer, like the L2 penalty and dropout of
# lesson 9, and needs the same tuning.
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
# * The notes' pipeline: TIFF scans + CSV → balanced class folders → streamed batches, rescaled on the fly.
#
# **Exercise:** `exercises/14_augmentation.ipynb`: implement augmentations by hand (mixup with soft labels,
# flips, crops, ...) and check them against `dl.data`.

# %% [markdown]
# ## References
#
# * H. Zhang, M. Cisse, Y. N. Dauphin, D. Lopez-Paz (2018). mixup: beyond empirical risk minimization.
#   ICLR 2018. arXiv:1710.09412.
# * S. Yun, D. Han, S. J. Oh, S. Chun, J. Choe, Y. Yoo (2019). CutMix: regularization strategy to train strong
#   classifiers with localizable features. ICCV 2019. arXiv:1905.04899.
# * P. Y. Simard, D. Steinkraus, J. C. Platt (2003). Best practices for convolutional neural networks applied
#   to visual document analysis. ICDAR 2003.
# * C. Shorten, T. M. Khoshgoftaar (2019). A survey on image data augmentation for deep learning. *Journal of
#   Big Data* 6, 60. DOI 10.1186/s40537-019-0197-0.
