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
# # Lesson 13: Transfer learning and fine-tuning
#
# **Learning goals**
#
# * tell **foundation models** (trained once, at great cost, on huge data by large organisations) from
#   **tuned models** (a foundation model adapted to one task with little data: what most companies do);
# * reuse a trained network: **replace its head**, use its body as a **feature extractor**, **freeze**
#   layers by name, and **fine-tune** with a *lower learning rate* for the pretrained part;
# * save pretrained weights and load them again;
# * measure it: pretrain on clean generated shapes, transfer to a new, noisy "camera" with only
#   **20 labelled examples per class** (a *domain shift*), and compare with training the same network from
#   scratch and with the untuned pretrained network;
# * decide **how many layers to keep**, by experiment.

# %%
import tempfile
from pathlib import Path

import ipywidgets as W
import jax
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl
from dltoolkit.models import zoo

# %% [markdown]
# ## 1. Why transfer?
#
# Training a new architecture from scratch needs data, time, a proven design, computing power and money:
# the course notes' list, and the reason only large companies build foundation models. Everyone else
# starts from one. The notes' example is **Stable Diffusion**: a text-to-image foundation model trained
# once on billions of image–caption pairs (Rombach et al., 2022); thousands of *tuned* models derive from
# it, each fine-tuned on a small set of images of one style, person or product, which is far cheaper than
# training such a model from scratch. (This lesson shows the same idea on a network small enough for a
# CPU; it does not use Stable Diffusion.) The early layers of a network trained on images learn generic detectors (edges,
# strokes, blobs); only the last layers are specific to the classes it was trained on. So we
#
# 1. take the trained network and **cut off its head** (the last, class-specific layer);
# 2. put a **new head** for our classes on the body;
# 3. train either the head only (**feature extraction**: the body is *frozen*) or everything with small
#    steps for the body (**fine-tuning**): "change the weights less aggressively than when training
#    from scratch" (course notes). How many layers to keep and retrain is part of the craft.
#
# Our stand-ins: the "foundation" task is classifying 600 clean generated shapes (circle, square,
# triangle; `dl.data.make_shapes`, 16x16 colour images). The new task comes from a different, much
# noisier "camera" (pixel noise 0.2 instead of 0.05, other positions, sizes and colours) and we have only
# **20 labelled images per class** for it, plus 300 for testing.
#
# Note what kind of transfer this is: task B has the **same three classes** as task A, only the images
# look different. That is **domain shift** (domain adaptation): same label set, different input
# distribution. Transfer in the stronger sense, to **new classes** (say, a foundation model trained on
# shapes reused for recognising digits or letters), needs a new head with the new number of outputs and
# relies only on the body's features being general; it is harder, and the lesson's closing note reports a
# trial where it did not pay off. Because the classes are the same here, the pretrained network can even
# be used on task B *untuned*: that is the baseline transfer has to beat.

# %%
task_a = dl.data.make_shapes(600, size=16, noise=0.05, seed=0)       # foundation task: clean shapes
task_b = dl.data.make_shapes(360, size=16, noise=0.2, seed=5)        # new camera: noisy shapes
PER_CLASS = 20
idx_b = np.concatenate([np.where(task_b.labels == c)[0][:PER_CLASS] for c in range(3)])
test_b = np.setdiff1d(np.arange(len(task_b.labels)), idx_b)
x_a, y_a = task_a.images, task_a.labels
x_b, y_b = task_b.images[idx_b], task_b.labels[idx_b]
x_b_test, y_b_test = task_b.images[test_b], task_b.labels[test_b]
print(f"task A: {len(x_a)} training images;  task B: {len(x_b)} training, {len(x_b_test)} test images")

fig, axes = plt.subplots(2, 8, figsize=(10, 2.8))
for i in range(8):
    axes[0, i].imshow(x_a[i]), axes[1, i].imshow(x_b[i * 7])
    axes[0, i].axis("off"), axes[1, i].axis("off")
axes[0, 0].set_title("task A: clean", loc="left", fontsize=9)
axes[1, 0].set_title("task B: noisy camera", loc="left", fontsize=9)
plt.show()


def small_cnn(num_classes=3):
    return dl.models.Sequential([
        dl.layers.Conv2D(16, 3, activation="relu", padding="same", input_shape=(16, 16, 3), name="conv1"),
        dl.layers.MaxPool2D(2, name="pool1"),
        dl.layers.Conv2D(32, 3, activation="relu", padding="same", name="conv2"),
        dl.layers.MaxPool2D(2, name="pool2"),
        dl.layers.Flatten(name="flatten"),
        dl.layers.Dense(64, activation="relu", name="fc1"),
        dl.layers.Dense(num_classes, activation="softmax", name="head")])


# %% [markdown]
# ## 2. Pretrain, save, load
#
# Train on task A, save the weights (an atomic, non-pickle `.npz` checkpoint) and load them back, as you
# would with downloaded pretrained weights.

# %% tags=["nbval-ignore-output"]
pretrained = small_cnn()
pretrained.compile(optimizer=dl.optim.adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
pretrained.fit(x_a, y_a, epochs=8, batch_size=32, verbose=0, seed=0)
acc_a = pretrained.evaluate(x_a, y_a, return_dict=True)["accuracy"]
acc_b_untuned = pretrained.evaluate(x_b_test, y_b_test, return_dict=True)["accuracy"]
print(f"pretrained: accuracy {acc_a:.3f} on task A, {acc_b_untuned:.3f} on the noisy task B before any tuning")

tmp = tempfile.TemporaryDirectory()
path = Path(tmp.name) / "shapes_pretrained.npz"
pretrained.save(path)
loaded = dl.models.load(path)
same = all(np.array_equal(a, b) for a, b in zip(jax.tree.leaves(loaded.params), jax.tree.leaves(pretrained.params)))
print("weights identical after save/load:", same)
assert same and acc_a > 0.9

# %% [markdown]
# ## 3. Feature extraction: a new head on a frozen body
#
# `zoo.replace_head(model, num_classes=3)` keeps every layer but the last (with its trained weights) and adds a
# fresh `Dense(3)` named `head` (with new classes you would pass their number). `zoo.body_names(model)` lists the layers with weights except the head, and
# `zoo.freeze_optimizer(opt, names)` gives those layers **zero updates**: an optax `multi_transform`
# with `set_to_zero()` for the frozen labels, so they are not even given optimizer state.

# %%
frozen_model = zoo.replace_head(loaded, num_classes=3)
body = zoo.body_names(frozen_model)
print("layers:", [layer.name for layer in frozen_model.layers], "  frozen:", body)
before = jax.tree.map(np.array, {name: frozen_model.params[name] for name in body})   # a copy
frozen_model.compile(optimizer=zoo.freeze_optimizer(dl.optim.adam(1e-2), body),
                     loss="sparse_categorical_crossentropy", metrics=["accuracy"])
frozen_model.fit(x_b, y_b, epochs=30, batch_size=20, verbose=0, seed=0)
after = {name: frozen_model.params[name] for name in body}
bit_identical = all(np.array_equal(a, b) for a, b in zip(jax.tree.leaves(before), jax.tree.leaves(after)))
head_moved = not np.array_equal(frozen_model.params["head"]["kernel"], loaded.params["head"]["kernel"])
print("frozen layers bit-identical after training:", bit_identical, "  head trained:", head_moved)
assert bit_identical and head_moved

# %% [markdown]
# The body is now a fixed **feature extractor**: `zoo.feature_extractor(model, "fc1")` cuts the network
# after `fc1` and returns its 64 features per image, which any classifier can use (here: the nearest
# class mean, no training at all).

# %% tags=["nbval-ignore-output"]
extractor = zoo.feature_extractor(loaded, "fc1")
f_train, f_test = extractor.predict(x_b), extractor.predict(x_b_test)
print("features:", f_train.shape)
means = np.stack([f_train[y_b == c].mean(0) for c in range(3)])
nearest = np.argmin(((f_test[:, None, :] - means[None]) ** 2).sum(-1), axis=1)
acc_ncm = float(np.mean(nearest == y_b_test))
print(f"nearest class mean on pretrained features: test accuracy {acc_ncm:.3f}")

# %% [markdown]
# ## 4. Fine-tuning with a lower learning rate for the pretrained part
#
# Now everything trains, but the pretrained layers take **10x smaller steps** than the new head:
# `zoo.fine_tune_optimizer(pretrained_lr, head_lr, pretrained=body, optimizer=dl.optim.adam)`.
# The same thing by hand is `dl.optim.per_layer({name: adam(1e-3) for name in body}, default=adam(1e-2))`.

# %% tags=["nbval-ignore-output"]
finetuned = zoo.replace_head(loaded, num_classes=3)
finetuned.compile(optimizer=zoo.fine_tune_optimizer(1e-3, 1e-2, pretrained=body, optimizer=dl.optim.adam),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
finetuned.fit(x_b, y_b, epochs=30, batch_size=20, verbose=0, seed=0)
moved = {name: float(np.abs(finetuned.params[name]["kernel"] - loaded.params[name]["kernel"]).mean()) for name in body}
print("mean |change| of the pretrained kernels:", {k: round(v, 4) for k, v in moved.items()})
assert all(v > 0 for v in moved.values())

# %% [markdown]
# ## 5. Against training from scratch
#
# The same architecture, randomly initialized, trained on the same 60 images with the same budget.

# %% tags=["nbval-ignore-output"]
scratch = small_cnn()
scratch.compile(optimizer=dl.optim.adam(1e-2), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
scratch.fit(x_b, y_b, epochs=30, batch_size=20, verbose=0, seed=0)

results = {name: m.evaluate(x_b_test, y_b_test, return_dict=True)["accuracy"]
           for name, m in [("from scratch", scratch), ("pretrained, untuned", pretrained),
                           ("frozen body + new head", frozen_model), ("fine-tuned (body lr / 10)", finetuned)]}
results["nearest class mean on features"] = acc_ncm
for name, acc in results.items():
    print(f"{name:32s} test accuracy on task B: {acc:.3f}")
plt.figure(figsize=(7, 3.0))
plt.barh(list(results), list(results.values()), color=["gray", "C4", "C0", "C1", "C2"])
plt.xlim(0, 1)
plt.xlabel(f"test accuracy, {PER_CLASS} training images per class")
plt.show()

# %% tags=["nbval-ignore-output"]
assert results["frozen body + new head"] > results["from scratch"] + 0.1
assert results["fine-tuned (body lr / 10)"] > results["from scratch"] + 0.1
assert results["frozen body + new head"] > results["pretrained, untuned"] + 0.03   # tuning on B helps
print(f"transfer beats scratch by {results['fine-tuned (body lr / 10)'] - results['from scratch']:.3f} (fine-tuned) "
      f"and {results['frozen body + new head'] - results['from scratch']:.3f} (frozen)")

# %% [markdown]
# Tuning on 60 images of the new camera beats both training from scratch and using the pretrained network
# as it is (it already knows the classes, so it starts well above chance).
#
# ## 6. How many layers to keep?
#
# "How many layers to keep is part of the challenge" (course notes). An experiment: keep the first $k$
# pretrained layers with weights (frozen), re-initialise the rest, train on task B's 60 images; two seeds
# for the new layers' initialization and the batch order.

# %% tags=["nbval-ignore-output"]
def cut_and_train(keep, seed):
    model = small_cnn()
    model.build((16, 16, 3), seed=seed)                        # fresh weights everywhere ...
    for name in keep:
        model.params[name] = loaded.params[name]               # ... then the kept pretrained layers
    model.compile(optimizer=zoo.freeze_optimizer(dl.optim.adam(1e-2), keep),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_b, y_b, epochs=30, batch_size=20, verbose=0, seed=seed)
    return model.evaluate(x_b_test, y_b_test, return_dict=True)["accuracy"]


depths = {"conv1": ["conv1"], "conv1-conv2": ["conv1", "conv2"], "conv1-conv2-fc1": ["conv1", "conv2", "fc1"]}
by_depth = {label: [cut_and_train(keep, seed) for seed in (0, 1)] for label, keep in depths.items()}
for label, accs in by_depth.items():
    print(f"keep {label:16s} test accuracy {np.round(accs, 3).tolist()}")
print(f"keep nothing (from scratch, section 5): {results['from scratch']:.3f}")

# %%
assert min(by_depth["conv1-conv2"]) > max(by_depth["conv1"]) + 0.03
assert min(by_depth["conv1-conv2-fc1"]) > max(by_depth["conv1-conv2"]) + 0.02

# %% [markdown]
# Here, keeping more is better: the new domain differs only in noise, positions and colours, so even the
# last hidden layer's features suit task B, and with 60 images every layer we must re-learn costs accuracy.
# With classes or images further from the pretraining task, the last layers are the most task-specific and
# the best cut moves down (Yosinski et al., 2014, measured this on ImageNet halves); with more data,
# re-training more layers pays. The answer is an experiment like this one, on a validation set.
#
# **Knob: how much labelled data do you have?** With many examples, training from scratch catches up; the
# advantage of transfer is largest when data is scarce. The slider retrains the frozen-body transfer
# and the from-scratch model with that many images per class (a few seconds each time).

# %% tags=["nbval-ignore-output"]
knob_cache = {PER_CLASS: (results["frozen body + new head"], results["from scratch"])}


def compare(per_class):
    if per_class not in knob_cache:
        more = dl.data.make_shapes(3 * per_class + 60, size=16, noise=0.2, seed=6)
        idx = np.concatenate([np.where(more.labels == c)[0][:per_class] for c in range(3)])
        xs, ys = more.images[idx], more.labels[idx]
        accs = []
        runs = [(zoo.replace_head(loaded, num_classes=3), zoo.freeze_optimizer(dl.optim.adam(1e-2), body)),
                (small_cnn(), dl.optim.adam(1e-2))]
        for model, opt in runs:
            model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            model.fit(xs, ys, epochs=max(5, 3000 // len(xs)), batch_size=20, verbose=0, seed=0)
            accs.append(model.evaluate(x_b_test, y_b_test, return_dict=True)["accuracy"])
        knob_cache[per_class] = tuple(accs)
    return knob_cache[per_class]


per_class_slider = W.SelectionSlider(options=[2, 5, 10, 20, 50, 100, 200], value=PER_CLASS, description="per class")


def draw_compare(fig, per_class):
    transfer_acc, scratch_acc = compare(per_class)
    ax = fig.subplots()
    ax.barh(["from scratch", "transfer (frozen body)"], [scratch_acc, transfer_acc], color=["gray", "C0"])
    ax.set(xlim=(0, 1), xlabel="test accuracy on task B")
    return f"{per_class} images per class: transfer {transfer_acc:.3f}, from scratch {scratch_acc:.3f}"


dl.widgets.SliderPlot(draw_compare, per_class=per_class_slider, width=6, height=2.4)

# %% [markdown]
# ## 7. Real pretrained weights: ResNet-18 trained on ImageNet
#
# So far the "foundation model" was our own. The real ones are published: torchvision's ResNet-18 (He et
# al., 2016) was trained on the 1.28 million photos of ImageNet (Russakovsky et al., 2015; 1,000
# classes). `dl.models.resnet18(weights=...)` loads such weights from a **safetensors** file (the format
# the Hugging Face hub publishes; a plain table of named arrays, so loading it cannot run code, unlike a
# PyTorch pickle `.pth`):
#
# * `weights="imagenet"` downloads the pinned file `timm/resnet18.tv_in1k` once (46.8 MB, checked
#   against its SHA-256) into `~/.cache/dltoolkit/weights/`;
# * `weights="some.safetensors"` loads a file you have.
#
# The file is in PyTorch's layout, and the loader converts it: convolution kernels are stored
# `(out, in, h, w)` and become dltoolkit's `(h, w, in, out)`; dense kernels are transposed; BatchNorm's
# `running_mean`/`running_var` become the layer's `state` (with torchvision's epsilon 1e-5).
#
# This lesson must run offline and give the same output everywhere, so here we write a **stand-in**: a
# file with torchvision's tensor names and shapes but random numbers. Everything below works the same
# with the real file; the last cell uses it when it is on your machine.

# %%
from safetensors.numpy import save_file

import dltoolkit.models.pretrained as pretrained
from dltoolkit.data import imagenet

rng = np.random.default_rng(0)
p_shapes, s_shapes, _ = dl.models.resnet18().init_shapes((224, 224, 3))   # shapes only, no FLOPs
stand_in = {}
for tree in (p_shapes, s_shapes):
    for keypath, leaf in jax.tree_util.tree_leaves_with_path(tree):
        keys = tuple(k.key for k in keypath)                 # e.g. ("layer2_0", "shortcut", "conv", "kernel")
        name = pretrained.torchvision_key("resnet18", keys)  # e.g. "layer2.0.downsample.0.weight"
        shape = leaf.shape
        if keys[-1] == "kernel":                             # to PyTorch's layout: (out, in, h, w) / (out, in)
            shape = shape[::-1] if len(shape) == 2 else (shape[3], shape[2], shape[0], shape[1])
            value = rng.normal(0, np.sqrt(2 / np.prod(shape[1:])), shape)
        elif keys[-1] in ("var", "gamma"):
            value = rng.uniform(0.5, 1.5, shape)
        else:
            value = rng.normal(0, 0.1, shape)
        stand_in[name] = value.astype(np.float32)
stand_in_path = Path(tmp.name) / "resnet18_stand_in.safetensors"
save_file(stand_in, str(stand_in_path))
print(f"{len(stand_in)} tensors, for example:")
for name in ["conv1.weight", "bn1.running_var", "layer2.0.downsample.0.weight", "fc.weight"]:
    print(f"  {name:30s} {stand_in[name].shape}")

# %%
net = dl.models.resnet18(weights=str(stand_in_path))
print(f"loaded: {net.count_params():,} parameters (torchvision's ResNet-18 has 11,689,512)")
k_torch, k_dl = stand_in["conv1.weight"], np.asarray(net.params["conv1"]["kernel"])
print("conv1 kernel: file", k_torch.shape, "(out, in, h, w)  ->  dltoolkit", k_dl.shape, "(h, w, in, out)")
assert net.count_params() == 11_689_512
assert np.array_equal(k_dl, k_torch.transpose(2, 3, 1, 0))
assert np.array_equal(np.asarray(net.params["fc"]["kernel"]), stand_in["fc.weight"].T)
assert np.array_equal(np.asarray(net.state["bn1"]["var"]), stand_in["bn1.running_var"])

# %% [markdown]
# **The photos and their preprocessing.** dltoolkit ships four small public-domain photos
# (`imagenet.sample_images()`: NASA's astronaut Eileen Collins, Chelsea the cat, a cup of coffee, a
# Falcon 9 launch; from scikit-image's sample data). A network must see its inputs as in training:
# `imagenet.load_images` resizes the shorter side to 256 pixels, cuts the central 224x224 square and
# normalises each channel with ImageNet's mean and standard deviation, exactly torchvision's recipe.

# %%
photos = imagenet.sample_images()
x_photos = imagenet.load_images(list(photos.values()))
print("model input:", x_photos.shape, f" values from {x_photos.min():.2f} to {x_photos.max():.2f}")
fig, axes = plt.subplots(1, len(photos), figsize=(10, 2.8))
for ax, (name, file) in zip(axes, photos.items()):
    ax.imshow(imagenet.load_image(file) / 255), ax.set_title(name), ax.axis("off")
plt.show()
assert x_photos.shape == (4, 224, 224, 3)

# %% [markdown]
# `imagenet.decode_predictions(probs, top=3)` turns each row of 1,000 probabilities into the three most
# likely classes `(wordnet id, name, probability)`. With the random stand-in they are nonsense, of
# course: the weights have the right shapes, not the knowledge.

# %% tags=["nbval-ignore-output"]
probs = net.predict(x_photos)
for name, top in zip(photos, imagenet.decode_predictions(probs, top=3)):
    print(f"{name:10s}", ", ".join(f"{label} {p:.3f}" for _, label, p in top))
assert probs.shape == (4, 1000) and np.allclose(probs.sum(axis=1), 1, atol=1e-4)

# %% [markdown]
# **Transfer.** The pretrained ResNet is used exactly like our small network in sections 3-4:
# `dl.models.replace_head(net, num_classes)` puts a new head on the loaded body, and
# `include_top=False` loads the body alone (it ends with the 512 pooled features, and works on other
# image sizes, at least 64x64).

# %%
new_task = dl.models.replace_head(net, num_classes=3)
body_only = dl.models.resnet18(weights=str(stand_in_path), include_top=False, input_shape=(96, 96, 3))
features = body_only.predict(np.zeros((2, 96, 96, 3), np.float32))
print("new head:", new_task.layers[-1].name, new_task.layers[-1].units, "classes;  features:", features.shape)
assert new_task.layers[-1].units == 3 and features.shape == (2, 512)
assert np.array_equal(np.asarray(new_task.params["layer4_1"]["main"]["conv2"]["kernel"]),
                      np.asarray(net.params["layer4_1"]["main"]["conv2"]["kernel"]))

# %% [markdown]
# ### With the real ImageNet weights (only if the file is on this machine)
#
# This cell runs the same code with torchvision's trained ResNet-18. It does nothing unless the file is
# already on your computer, so the lesson stays offline. To get it, run
# `dl.models.resnet18(weights="imagenet")` once with a network connection, or download
# https://huggingface.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors (46.8 MB) and save it as
# the path printed below. What to expect (not checked here, where no network is reachable): the cat as a
# tabby or tiger cat, the coffee as espresso or a cup, the rocket as a missile or projectile.

# %% tags=["nbval-ignore-output"]
real_file = dl.data.data_home() / "weights" / "timm--resnet18.tv_in1k.safetensors"
if real_file.exists():
    real = dl.models.resnet18(weights="imagenet")      # verified against the pinned SHA-256
    for name, top in zip(photos, imagenet.decode_predictions(real.predict(x_photos), top=3)):
        print(f"{name:10s}", ", ".join(f"{label} {p:.2f}" for _, label, p in top))
else:
    print(f"The real weights are not at {real_file}; skipped (see the text above).")

# %% [markdown]
# ## Summary
#
# * A **foundation model** is trained once on a lot of data; a **tuned model** adapts it to one task.
# * `zoo.replace_head(model, n)` swaps the classifier; `zoo.feature_extractor(model, "fc1")` cuts the body
#   off as a feature extractor; `zoo.freeze_optimizer(opt, names)` freezes layers by name (their params
#   stay bit-identical); `zoo.fine_tune_optimizer(lr_body, lr_head, ...)` or `dl.optim.per_layer` trains
#   the pretrained part with smaller steps; `model.save` / `dl.models.load` carry pretrained weights.
# * Task B had the same classes as task A: domain shift. With 20 examples per class, reusing features
#   learned on the clean task clearly beat training from scratch and the untuned pretrained network;
#   with plenty of data the gap to scratch closes (knob). Here keeping all the body's layers was best.
# * Transfer is not magic: it helps when the pretrained features are relevant *and* the new data is too
#   scarce to learn them. In a trial we did not keep in this lesson (8x8 digits 0-4 -> 5-9, 20 per class)
#   training from scratch won (0.894 vs 0.832 fine-tuned): tiny digit images are easy enough to learn from
#   100 examples, and features of 0-4 were no better than fresh ones.
#
# * Published ImageNet weights load from safetensors (`dl.models.resnet18(weights=...)`), converted to
#   dltoolkit's layouts; `replace_head` and `include_top=False` work on them as on our own network.
#
# **Exercise:** `exercises/13_transfer_learning.ipynb`: implement freezing by hand (zero the updates of
# frozen layers, count the trainable parameters, ...) and check it against the toolkit.

# %% [markdown]
# ## References
#
# * J. Yosinski, J. Clune, Y. Bengio, H. Lipson (2014). How transferable are features in deep neural
#   networks? NeurIPS 2014. arXiv:1411.1792.
# * S. J. Pan, Q. Yang (2010). A survey on transfer learning. *IEEE Transactions on Knowledge and Data
#   Engineering* 22(10), 1345–1359.
# * R. Bommasani et al. (2021). On the opportunities and risks of foundation models. arXiv:2108.07258.
# * K. He, X. Zhang, S. Ren, J. Sun (2016). Deep residual learning for image recognition. CVPR 2016.
#   arXiv:1512.03385.
# * O. Russakovsky et al. (2015). ImageNet large scale visual recognition challenge. *International
#   Journal of Computer Vision* 115(3), 211–252.
# * R. Rombach, A. Blattmann, D. Lorenz, P. Esser, B. Ommer (2022). High-resolution image synthesis with
#   latent diffusion models. CVPR 2022. arXiv:2112.10752.
