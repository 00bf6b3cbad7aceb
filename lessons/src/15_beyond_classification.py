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
# # Lesson 15: Beyond classification: regression, segmentation, detection
#
# Classification gives one label per image. The course notes list three other things the same
# convolutional machinery does:
#
# * **regression**: a continuous number per image ("correcting rotated images: the known response is the
#   angle of rotation");
# * **semantic segmentation**: a label per *pixel* ("these pixels contain a cat, a ball and a plant");
# * **object detection**: a box and a label per *object* ("this image contains a cat, a ball and a plant").
#
# **Learning goals**
#
# * change the head and the loss, not the backbone: linear output + MSE for regression, per-pixel
#   softmax for segmentation, per-cell box + objectness + class for detection;
# * measure each against a trivial baseline: MSE vs predicting the mean angle, IoU/Dice vs
#   "everything is background/foreground", mean box IoU vs one fixed box;
# * compute **IoU** and run **non-max suppression** (NMS) yourself, with a knob for its threshold.
#
# Everything is tiny (16x16 images, a few hundred examples, a few hundred steps) so it runs on a CPU.

# %%
import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
import optax
from matplotlib.patches import Rectangle

import dltoolkit as dl
from dltoolkit.models import zoo


def train_steps(model, loss_of_output, x, targets, steps, lr=3e-3, batch=32, seed=0):
    """Adam on random minibatches with one jitted step (the same kind of step fit runs, for models
    whose loss needs more than (y_true, y_pred)). Returns params, state and the losses."""
    params, state = model.init(jax.random.key(seed), x.shape[1:])
    opt = optax.adam(lr)
    opt_state = opt.init(params)
    idx = np.random.default_rng(seed).integers(0, len(x), size=(steps, batch))

    @jax.jit
    def step(p, o, xb, *tb):
        loss, g = jax.value_and_grad(lambda p: loss_of_output(model.apply(p, state, xb)[0], *tb))(p)
        u, o = opt.update(g, o, p)
        return optax.apply_updates(p, u), o, loss

    losses = []
    for i in idx:
        params, opt_state, loss = step(params, opt_state, x[i], *[t[i] for t in targets])
        losses.append(loss)
    return params, state, np.asarray(jax.device_get(losses))


# %% [markdown]
# ## 1. Regression: how far is this digit rotated?
#
# `dl.data.make_rotated` rotates real digits by a random angle in $[-45°, 45°]$ and returns the angle as
# the target. The network ends in **one linear unit** and minimizes the mean squared error
#
# $$\mathrm{MSE} = \frac1N\sum_i (\hat\theta_i - \theta_i)^2,$$
#
# the negative log-likelihood of a Gaussian with fixed variance (lesson 5). We predict $\theta / 45°$ so
# the target is of order 1.

# %%
x_rot, angles = dl.data.make_rotated(800, size=16, source="digits", max_angle=45.0, seed=0)
x_rtr, a_tr, x_rte, a_te = x_rot[:640], angles[:640], x_rot[640:], angles[640:]
regressor = dl.models.Sequential([
    dl.layers.Conv2D(16, 3, activation="relu", padding="same", input_shape=(16, 16, 1)),
    dl.layers.MaxPool2D(2),
    dl.layers.Conv2D(32, 3, activation="relu", padding="same"),
    dl.layers.MaxPool2D(2),
    dl.layers.Flatten(),
    dl.layers.Dense(64, activation="relu"),
    dl.layers.Dense(1)])                                  # linear output: any real number
regressor.compile(optimizer=dl.optim.adam(3e-3), loss="mse")
regressor.fit(x_rtr, a_tr[:, None] / 45.0, epochs=15, batch_size=32, verbose=0, seed=0)
pred_angle = regressor.predict(x_rte)[:, 0] * 45.0
mse_model = float(np.mean((pred_angle - a_te) ** 2))
mse_mean = float(np.mean((a_tr.mean() - a_te) ** 2))     # baseline: always predict the mean angle
print(f"test MSE {mse_model:.1f} deg^2 (RMSE {np.sqrt(mse_model):.1f} deg); predicting the mean: {mse_mean:.1f} deg^2")
assert mse_model < 0.5 * mse_mean

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [1, 1.4]})
ax1.scatter(a_te, pred_angle, s=8)
ax1.plot([-45, 45], [-45, 45], "r--", label="perfect")
ax1.set(xlabel="true angle (deg)", ylabel="predicted angle (deg)", title="regression on rotated digits")
ax1.legend()
ax2.axis("off")
for i in range(6):
    sub = fig.add_axes([0.47 + 0.085 * i, 0.3, 0.08, 0.4])
    sub.imshow(x_rte[i, ..., 0], cmap="gray_r")
    sub.set_title(f"{a_te[i]:.0f}° / {pred_angle[i]:.0f}°", fontsize=8)
    sub.axis("off")
fig.text(0.6, 0.15, "true / predicted angle", fontsize=9)
plt.show()

# %% [markdown]
# ## 2. Semantic segmentation with a small U-Net
#
# `dl.data.make_shapes` also returns a **mask** per image: 0 for background, and 1, 2, 3 for the pixels of
# a circle, square or triangle. A **U-Net** (Ronneberger et al., 2015) predicts a class distribution for
# every pixel: an encoder (conv, pool) that sees more and more context, a decoder (transposed conv,
# "up-convolution") that restores the resolution, and **skip connections** that concatenate encoder
# features to the decoder at the same resolution, so fine edges survive. The loss is the cross-entropy
# averaged over pixels. Quality is measured by the **intersection over union** of predicted and true
# foreground, and the **Dice** coefficient:
#
# $$\mathrm{IoU} = \frac{|T \cap P|}{|T \cup P|}, \qquad \mathrm{Dice} = \frac{2|T\cap P|}{|T| + |P|}.$$

# %% tags=["nbval-ignore-output"]
seg_train, seg_test = dl.data.make_shapes(256, size=16, seed=0), dl.data.make_shapes(64, size=16, seed=1)
unet = zoo.unet((16, 16, 3), num_classes=4, filters=8, depth=2)
u_params, u_state, u_losses = train_steps(unet, lambda out, m: zoo.pixel_crossentropy(m, out),
                                         seg_train.images, [seg_train.masks], steps=120, lr=1e-2, batch=16)
probs, _ = jax.jit(unet.apply)(u_params, u_state, jnp.asarray(seg_test.images))
pred_masks = np.asarray(probs.argmax(-1))


def dice(t, p):
    t, p = t > 0, p > 0
    return float(2 * (t & p).sum() / max(t.sum() + p.sum(), 1))


iou_unet = zoo.mask_iou(seg_test.masks, pred_masks)
all_fg = np.ones_like(seg_test.masks)                    # trivial baseline: "everything is an object"
iou_base = zoo.mask_iou(seg_test.masks, all_fg)
print(f"U-Net: foreground IoU {iou_unet:.3f}, Dice {dice(seg_test.masks, pred_masks):.3f}, "
      f"pixel class accuracy {np.mean(pred_masks == seg_test.masks):.3f}")
print(f"baseline 'all foreground': IoU {iou_base:.3f}, Dice {dice(seg_test.masks, all_fg):.3f}  "
      f"('all background' scores 0)")
assert iou_unet > iou_base + 0.3

# %%
cmap = plt.matplotlib.colors.ListedColormap(["black", "tab:red", "tab:green", "tab:blue"])
fig, axes = plt.subplots(3, 8, figsize=(10, 4))
for i in range(8):
    axes[0, i].imshow(seg_test.images[i])
    axes[1, i].imshow(seg_test.masks[i], cmap=cmap, vmin=0, vmax=3)
    axes[2, i].imshow(pred_masks[i], cmap=cmap, vmin=0, vmax=3)
    for r in range(3):
        axes[r, i].axis("off")
for r, name in enumerate(["image", "true mask", "U-Net"]):
    axes[r, 0].set_title(name, loc="left", fontsize=9)
plt.suptitle("red circle, green square, blue triangle")
plt.show()

# %% [markdown]
# ## 3. Object detection: boxes, IoU and non-max suppression
#
# A single-stage (YOLO-style) detector divides the image into an $S\times S$ grid. For each cell it
# predicts an **objectness** score, a **box** (centre offset in the cell, width, height) and **class**
# scores; the cell containing an object's centre is responsible for it. The loss adds binary
# cross-entropy for objectness, squared error for the box of responsible cells, and cross-entropy for
# their class. Boxes are compared by IoU, the same ratio as above on rectangles:

# %%
a, b = np.array([0.0, 0.0, 2.0, 2.0]), np.array([1.0, 1.0, 3.0, 3.0])   # x_min, y_min, x_max, y_max
print(f"IoU of two 2x2 boxes overlapping in a 1x1 square: {float(zoo.iou(a, b)):.4f} = 1/7")
assert abs(float(zoo.iou(a, b)) - 1 / 7) < 1e-6

# %% tags=["nbval-ignore-output"]
GRID = 4
det_train = dl.data.make_shapes(384, size=16, normalize_boxes=True, seed=0)
det_test = dl.data.make_shapes(64, size=16, normalize_boxes=True, seed=1)
det = zoo.detector((16, 16, 3), num_classes=3, grid=GRID, filters=8)
d_params, d_state, d_losses = train_steps(det, zoo.detection_loss, det_train.images,
                                         zoo.encode_targets(det_train.boxes, det_train.labels, GRID), steps=150, lr=5e-3, batch=16)
det_out, _ = jax.jit(det.apply)(d_params, d_state, jnp.asarray(det_test.images))
dets = zoo.detect(det_out, iou_threshold=0.5, max_outputs=3)
top_box = np.stack([d[0][0] for d in dets])                   # the best-scoring box per image
iou_det = float(np.mean(np.asarray(zoo.iou(top_box, det_test.boxes))))
fixed = det_train.boxes.mean(0)                               # baseline: the average training box
iou_fixed = float(np.mean(np.asarray(zoo.iou(np.broadcast_to(fixed, det_test.boxes.shape), det_test.boxes))))
class_acc = float(np.mean(np.array([d[2][0] for d in dets]) == det_test.labels))
print(f"detection loss {d_losses[:10].mean():.3f} (first 10 steps) -> {d_losses[-10:].mean():.3f} (last 10)")
print(f"mean IoU of the top box {iou_det:.3f} vs fixed average box {iou_fixed:.3f}; class accuracy {class_acc:.3f}")
assert iou_det > iou_fixed + 0.1

# %% [markdown]
# **Non-max suppression.** Neighbouring cells often all fire on the same object. NMS keeps the
# highest-scoring box, deletes every other box that overlaps it by more than an IoU threshold, and
# repeats with what is left. **Knob:** the IoU threshold (high: duplicates survive) and the score
# threshold (high: only confident boxes).

# %% tags=["nbval-ignore-output"]
nms_slider = W.FloatSlider(value=0.3, min=0.05, max=1.0, step=0.05, description="NMS IoU")
score_slider = W.FloatSlider(value=0.05, min=0.0, max=0.9, step=0.05, description="min score")
boxes_all, scores_all, _ = (np.asarray(v) for v in zoo.decode(det_out))


def draw_nms(fig, iou_threshold, min_score):
    axes = fig.subplots(1, 6)
    kept_total = 0
    for i, ax in enumerate(axes):
        ax.imshow(det_test.images[i])
        keep = zoo.nms(boxes_all[i], scores_all[i], iou_threshold, min_score)
        kept_total += len(keep)
        for k in keep:
            x0, y0, x1, y1 = boxes_all[i, k] * 16
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, color="yellow", lw=1))
        x0, y0, x1, y1 = det_test.boxes[i] * 16
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, color="lime", lw=1, ls="--"))
        ax.axis("off")
    return (f"NMS IoU threshold {iou_threshold:.2f}, min score {min_score:.2f}: {kept_total} boxes kept "
            f"on 6 images (green dashed: truth)")


dl.widgets.SliderPlot(draw_nms, iou_threshold=nms_slider, min_score=score_slider, width=11, height=2.2)

# %%
n_loose = sum(len(zoo.nms(boxes_all[i], scores_all[i], 1.0, 0.05)) for i in range(6))
n_tight = sum(len(zoo.nms(boxes_all[i], scores_all[i], 0.3, 0.05)) for i in range(6))
print(f"boxes kept on 6 images: {n_loose} without suppression, {n_tight} with NMS at IoU 0.3")
assert n_tight <= n_loose

# %% [markdown]
# ## Summary
#
# | task | output per image | loss | metric (ours vs baseline: measured above) |
# |---|---|---|---|
# | classification | class probabilities | cross-entropy | accuracy |
# | regression | one number (linear unit) | MSE | MSE vs predicting the mean |
# | segmentation | class probabilities per pixel | pixel cross-entropy | IoU / Dice vs all-foreground |
# | detection | boxes + objectness + classes per grid cell | BCE + box MSE + CE | mean IoU vs a fixed box |
#
# The backbone (convolutions) stays; the head and the loss change with the question.
#
# **Exercise:** `exercises/15_beyond_classification.ipynb`.
