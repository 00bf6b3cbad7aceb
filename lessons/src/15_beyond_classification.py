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
# * measure each with the metric of its field, against a trivial baseline: MSE vs predicting the mean
#   angle; **per-class IoU and mean IoU** for segmentation; **mean average precision** (mAP at IoU 0.5,
#   as in PASCAL VOC) for detection, on images with several objects;
# * compute **IoU**, run **non-max suppression** (NMS) and compute **average precision** yourself.
#
# Everything is tiny (16x16 and 32x32 images, a few hundred examples, a few hundred steps) so it runs on
# a CPU.

# %%
import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
import optax
from matplotlib.patches import Rectangle
from PIL import Image, ImageDraw

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

# %% tags=["nbval-ignore-output"]
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
# averaged over pixels.
#
# **The metric must look at the classes.** For each class $k$, with $T_k$ the pixels whose true class is
# $k$ and $P_k$ the pixels predicted as $k$ (over the whole test set),
#
# $$\mathrm{IoU}_k = \frac{|T_k \cap P_k|}{|T_k \cup P_k|}, \qquad
#   \mathrm{mIoU} = \frac1K\sum_{k=1}^{K}\mathrm{IoU}_k, \qquad
#   \mathrm{Dice}_k = \frac{2|T_k\cap P_k|}{|T_k| + |P_k|}.$$
#
# A single "foreground vs background" IoU is **not** enough: it counts a circle painted as a triangle as
# correct. The next cell shows it on the true masks themselves, with every shape relabelled as the next
# shape: foreground IoU 1, yet every shape class has IoU 0.

# %%
def class_iou(true_masks, pred_masks, num_classes=4):
    """IoU of every class k over the whole set: |T_k & P_k| / |T_k | P_k|."""
    t, p = np.asarray(true_masks), np.asarray(pred_masks)
    return np.array([((t == k) & (p == k)).sum() / max(((t == k) | (p == k)).sum(), 1)
                     for k in range(num_classes)])


seg_train, seg_test = dl.data.make_shapes(256, size=16, seed=0), dl.data.make_shapes(64, size=16, seed=1)
wrong_shape = np.where(seg_test.masks > 0, seg_test.masks % 3 + 1, 0)   # circle->square->triangle->circle
fg_wrong, cls_wrong = zoo.mask_iou(seg_test.masks, wrong_shape), class_iou(seg_test.masks, wrong_shape)
print(f"every shape given the wrong class: foreground IoU {fg_wrong:.3f}, "
      f"per-class IoU (bg, circle, square, triangle) {np.round(cls_wrong, 3)}")
print(f"foreground share of the pixels: {np.mean(seg_test.masks > 0):.3f}")
assert fg_wrong == 1.0 and np.all(cls_wrong[1:] == 0)

# %% [markdown]
# Now train the U-Net: 400 Adam steps on batches of 16, and report every class.

# %% tags=["nbval-ignore-output"]
unet = zoo.unet((16, 16, 3), num_classes=4, filters=8, depth=2)
u_params, u_state, u_losses = train_steps(unet, lambda out, m: zoo.pixel_crossentropy(m, out),
                                         seg_train.images, [seg_train.masks], steps=400, lr=1e-2, batch=16)
probs, _ = jax.jit(unet.apply)(u_params, u_state, jnp.asarray(seg_test.images))
pred_masks = np.asarray(probs.argmax(-1))
ious = class_iou(seg_test.masks, pred_masks)
all_bg = np.zeros_like(seg_test.masks)                   # trivial baseline: "everything is background"
ious_base = class_iou(seg_test.masks, all_bg)
for name, v, b in zip(["background", "circle", "square", "triangle"], ious, ious_base):
    print(f"IoU {name:10s}: U-Net {v:.3f}   all-background {b:.3f}")
print(f"mean IoU: U-Net {ious.mean():.3f} (shapes only {ious[1:].mean():.3f}); all-background {ious_base.mean():.3f}")
print(f"foreground IoU {zoo.mask_iou(seg_test.masks, pred_masks):.3f}, "
      f"pixel accuracy {np.mean(pred_masks == seg_test.masks):.3f}")
assert ious.mean() > 0.9 and ious[1:].min() > 0.8
assert ious.mean() > ious_base.mean() + 0.5

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
# ## 3. Object detection: several objects per image
#
# A single-stage detector in the style of **YOLO** (Redmon et al., 2016) divides the image into an
# $S\times S$ grid. For each cell $c$ it outputs an objectness logit $t_o$, four box numbers
# $t_x, t_y, t_w, t_h$ and $K$ class logits. The cell that contains an object's centre is
# *responsible* for it ($\mathbb 1^{\text{obj}}_c = 1$); its targets are the centre's offset inside the
# cell $(x_c, y_c) \in [0,1)^2$, the box width and height $(w_c, h_c)$ as fractions of the image, and
# the class $k_c$. Our loss, for a batch of $N$ images with $N_{\text{obj}}$ objects, is
#
# $$\mathcal L = \frac{1}{N S^2}\sum_{i,c}\mathrm{BCE}\big(\sigma(t_o^{ic}),\ \mathbb 1^{\text{obj}}_{ic}\big)
#  + \frac{\lambda_{\text{box}}}{N_{\text{obj}}}\sum_{i,c}\mathbb 1^{\text{obj}}_{ic}
#    \big\|\sigma(t_{x,y,w,h}^{ic}) - (x, y, w, h)_{ic}\big\|^2
#  + \frac{1}{N_{\text{obj}}}\sum_{i,c}\mathbb 1^{\text{obj}}_{ic}\,
#    \big(-\log \operatorname{softmax}(t_{\text{cls}}^{ic})_{k_{ic}}\big),$$
#
# with $\lambda_{\text{box}} = 5$ (`zoo.detection_loss`). At test time a box's score is
# $\sigma(t_o)\cdot\max_k \operatorname{softmax}(t_{\text{cls}})_k$. YOLO v1 itself differs in details:
# squared error for every term (objectness and class too), $\sqrt{w}, \sqrt{h}$ so that errors on small
# boxes count more, $\lambda_{\text{coord}} = 5$, $\lambda_{\text{noobj}} = 0.5$, and two boxes per cell.
#
# Boxes are compared by IoU, the same ratio as above on rectangles:

# %%
a, b = np.array([0.0, 0.0, 2.0, 2.0]), np.array([1.0, 1.0, 3.0, 3.0])   # x_min, y_min, x_max, y_max
print(f"IoU of two 2x2 boxes overlapping in a 1x1 square: {float(zoo.iou(a, b)):.4f} = 1/7")
assert abs(float(zoo.iou(a, b)) - 1 / 7) < 1e-6

# %% [markdown]
# `dl.data.make_shapes` draws one object per image, which makes detection a regression of one box. The
# generator below draws **1 to 3 shapes** per 32x32 image, apart from each other and with their centres
# in different cells of the 4x4 grid (our detector has one box per cell). `encode_scenes` builds the
# per-cell targets of the loss.

# %%
SHAPES = ("circle", "square", "triangle")


def make_scenes(n, size=32, grid=4, max_objects=3, seed=0):
    """n RGB images (n, size, size, 3) in [0, 1] with 1..max_objects shapes each. Returns images, a list
    of boxes per image ((m, 4) normalized x_min, y_min, x_max, y_max) and a list of labels ((m,) ints)."""
    rng = np.random.default_rng(seed)
    images, boxes, labels = np.zeros((n, size, size, 3), np.float32), [], []
    cell = size / grid
    for i in range(n):
        img = Image.new("RGB", (size, size), tuple(int(c) for c in rng.integers(0, 40, 3)))
        bs, ls, cells, m = [], [], set(), int(rng.integers(1, max_objects + 1))
        while len(bs) < m:
            r = rng.uniform(3, 6)
            cx, cy = rng.uniform(r, size - 1 - r, 2)
            box = np.array([cx - r, cy - r, cx + r + 1, cy + r + 1])
            apart = all(min(box[2], o[2]) < max(box[0], o[0]) - 1 or min(box[3], o[3]) < max(box[1], o[1]) - 1
                        for o in bs)
            if not apart or (int(cx // cell), int(cy // cell)) in cells:
                continue
            label, colour = int(rng.integers(0, 3)), tuple(int(c) for c in rng.integers(90, 256, 3))
            mask = Image.new("L", (size, size), 0)
            for draw, fill in ((ImageDraw.Draw(img), colour), (ImageDraw.Draw(mask), 1)):
                if label == 0:
                    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
                elif label == 1:
                    draw.rectangle([cx - r, cy - r, cx + r, cy + r], fill=fill)
                else:
                    draw.polygon([(cx, cy - r), (cx - r, cy + r), (cx + r, cy + r)], fill=fill)
            rows, cols = np.nonzero(np.asarray(mask))          # the tight box around the drawn pixels
            bs.append(np.array([cols.min(), rows.min(), cols.max() + 1, rows.max() + 1], np.float32))
            ls.append(label)
            cells.add((int((bs[-1][0] + bs[-1][2]) / 2 // cell), int((bs[-1][1] + bs[-1][3]) / 2 // cell)))
        images[i] = np.asarray(img, np.float32) / 255
        boxes.append(np.stack(bs) / size)
        labels.append(np.array(ls))
    return images, boxes, labels


def encode_scenes(boxes, labels, grid):
    """Targets of the loss: objectness (n, S, S), (x, y, w, h) (n, S, S, 4), class (n, S, S)."""
    n = len(boxes)
    obj, tgt, cls = np.zeros((n, grid, grid), np.float32), np.zeros((n, grid, grid, 4), np.float32), \
        np.zeros((n, grid, grid), np.int32)
    for i, (bs, ls) in enumerate(zip(boxes, labels)):
        for (x0, y0, x1, y1), k in zip(bs, ls):
            cx, cy = (x0 + x1) / 2 * grid, (y0 + y1) / 2 * grid
            col, row = min(int(cx), grid - 1), min(int(cy), grid - 1)
            if obj[i, row, col]:
                raise ValueError(f"image {i}: two objects in cell ({row}, {col}); one box per cell")
            obj[i, row, col], tgt[i, row, col], cls[i, row, col] = 1, (cx - col, cy - row, x1 - x0, y1 - y0), k
    return obj, tgt, cls


GRID = 4
x_det, b_det, l_det = make_scenes(512, seed=0)
x_dte, b_dte, l_dte = make_scenes(128, seed=1)
counts = np.bincount([len(b) for b in b_dte], minlength=4)
print(f"test images with 1, 2, 3 objects: {counts[1:].tolist()}; {sum(len(b) for b in b_dte)} objects in all")
assert counts[2] + counts[3] > counts[1]                  # most images hold several objects

# %% [markdown]
# **Mean average precision.** A detector returns a ranked list of scored boxes, so it is judged like a
# search engine (PASCAL VOC; Everingham et al., 2010). For one class: sort all its detections over the
# test set by score; walking down the list, a detection is a **true positive** if its IoU with a
# not-yet-matched true box of that class is at least 0.5 (it is matched to the true box it overlaps
# most), otherwise a **false positive** (a duplicate of an already matched object is a false positive:
# that is why NMS matters). After each detection, precision = TP / (detections so far), recall =
# TP / (true boxes). **AP** is the area under the precision–recall curve after making precision
# monotone (each precision replaced by the best precision at that or a higher recall). The 2010 paper
# defines AP with 11 recall points $\{0, 0.1, \dots, 1\}$; the VOC devkit from 2010 on integrates over all
# recall points, which we use. **mAP** is the mean of AP over the classes.
#
# A hand-worked check: two true boxes; the detections, best first, are TP, FP, TP. Precision is
# $1, \tfrac12, \tfrac23$ at recall $\tfrac12, \tfrac12, 1$, so AP $= \tfrac12\cdot 1 + \tfrac12\cdot\tfrac23 = \tfrac56$
# (and the 11-point version gives $(6\cdot 1 + 5\cdot\tfrac23)/11 = \tfrac{28}{33}$).

# %%
def ap_from_matches(is_tp, n_true, eleven_point=False):
    """AP from the TP(1)/FP(0) flags of score-sorted detections and the number of true boxes."""
    is_tp = np.asarray(is_tp, float)
    tp, fp = np.cumsum(is_tp), np.cumsum(1 - is_tp)
    recall, precision = tp / max(n_true, 1), tp / np.maximum(tp + fp, 1)
    if eleven_point:
        return float(np.mean([precision[recall >= t].max() if np.any(recall >= t) else 0.0
                              for t in np.linspace(0, 1, 11)]))
    r = np.concatenate([[0.0], recall, [1.0]])
    p = np.concatenate([[0.0], precision, [0.0]])
    p = np.maximum.accumulate(p[::-1])[::-1]              # monotone envelope
    step = np.nonzero(r[1:] != r[:-1])[0]
    return float(np.sum((r[step + 1] - r[step]) * p[step + 1]))


def average_precision(detections, true_boxes, true_labels, k, iou_min=0.5):
    """VOC AP of class k. detections: per image (boxes (m, 4), scores (m,), classes (m,))."""
    found = [(s, i, b) for i, (bs, ss, cs) in enumerate(detections) for b, s, c in zip(bs, ss, cs) if c == k]
    found.sort(key=lambda d: -d[0])
    matched = [np.zeros(len(l), bool) for l in true_labels]
    is_tp = []
    for _, i, box in found:
        overlap = np.where(true_labels[i] == k, np.asarray(zoo.iou(box[None], true_boxes[i])), 0.0)
        j = int(np.argmax(overlap))
        hit = overlap[j] >= iou_min and not matched[i][j]
        matched[i][j] |= hit
        is_tp.append(hit)
    return ap_from_matches(is_tp, sum(int(np.sum(l == k)) for l in true_labels))


print(f"hand-worked AP {ap_from_matches([1, 0, 1], 2):.4f} = 5/6; 11-point {ap_from_matches([1, 0, 1], 2, True):.4f} = 28/33")
assert abs(ap_from_matches([1, 0, 1], 2) - 5 / 6) < 1e-12
assert abs(ap_from_matches([1, 0, 1], 2, eleven_point=True) - 28 / 33) < 1e-12

# %% [markdown]
# Train the detector (400 Adam steps) and compare its mAP with a baseline that learns nothing from the
# pixels: in every cell it predicts the average training box size centred in the cell, the most frequent
# class, and as score the fraction of training images with an object in that cell.

# %% tags=["nbval-ignore-output"]
det = zoo.detector((32, 32, 3), num_classes=3, grid=GRID, filters=8)
d_params, d_state, d_losses = train_steps(det, zoo.detection_loss, x_det, encode_scenes(b_det, l_det, GRID),
                                         steps=400, lr=5e-3, batch=16)
det_out, _ = jax.jit(det.apply)(d_params, d_state, jnp.asarray(x_dte))
dets = zoo.detect(det_out, iou_threshold=0.5, score_threshold=0.01, max_outputs=16)
aps = [average_precision(dets, b_dte, l_dte, k) for k in range(3)]

obj_tr, tgt_tr, cls_tr = encode_scenes(b_det, l_det, GRID)
prior = obj_tr.mean(0)                                      # how often each cell holds an object
w_mean, h_mean = (tgt_tr[..., 2:] * obj_tr[..., None]).sum((0, 1, 2)) / obj_tr.sum()
rows, cols = np.meshgrid(np.arange(GRID), np.arange(GRID), indexing="ij")
cx, cy = ((cols + 0.5) / GRID).ravel(), ((rows + 0.5) / GRID).ravel()
prior_boxes = np.stack([cx - w_mean / 2, cy - h_mean / 2, cx + w_mean / 2, cy + h_mean / 2], 1)
top_class = np.bincount(np.concatenate(l_det)).argmax()
prior_dets = [(prior_boxes, prior.ravel(), np.full(GRID * GRID, top_class))] * len(x_dte)
aps_prior = [average_precision(prior_dets, b_dte, l_dte, k) for k in range(3)]
print(f"detection loss {d_losses[:10].mean():.3f} (first 10 steps) -> {d_losses[-10:].mean():.3f} (last 10)")
for k in range(3):
    print(f"AP@0.5 {SHAPES[k]:8s}: detector {aps[k]:.3f}   prior baseline {aps_prior[k]:.3f}")
print(f"mAP@0.5: detector {np.mean(aps):.3f}, prior baseline {np.mean(aps_prior):.3f}")
assert np.mean(aps) > 0.7 and min(aps) > 0.5
assert np.mean(aps) > np.mean(aps_prior) + 0.5

# %% [markdown]
# **Non-max suppression.** Neighbouring cells often all fire on the same object. NMS keeps the
# highest-scoring box, deletes every other box that overlaps it by more than an IoU threshold, and
# repeats with what is left. **Knob:** the IoU threshold (high: duplicates survive) and the score
# threshold (high: only confident boxes, so recall drops).

# %% tags=["nbval-ignore-output"]
nms_slider = W.FloatSlider(value=0.3, min=0.05, max=1.0, step=0.05, description="NMS IoU")
score_slider = W.FloatSlider(value=0.05, min=0.0, max=0.9, step=0.05, description="min score")
boxes_all, scores_all, classes_all = (np.asarray(v) for v in zoo.decode(det_out))


def draw_nms(fig, iou_threshold, min_score):
    axes = fig.subplots(1, 6)
    kept_total = 0
    for i, ax in enumerate(axes):
        ax.imshow(x_dte[i])
        keep = zoo.nms(boxes_all[i], scores_all[i], iou_threshold, min_score)
        kept_total += len(keep)
        for k in keep:
            x0, y0, x1, y1 = boxes_all[i, k] * 32
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, color="yellow", lw=1))
            ax.text(x0, y0, SHAPES[classes_all[i, k]][0], color="yellow", fontsize=7, va="bottom")
        for x0, y0, x1, y1 in b_dte[i] * 32:
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, color="lime", lw=1, ls="--"))
        ax.axis("off")
    n_true = sum(len(b) for b in b_dte[:6])
    return (f"NMS IoU threshold {iou_threshold:.2f}, min score {min_score:.2f}: {kept_total} boxes kept "
            f"for {n_true} objects on 6 images (green dashed: truth; letter: predicted class)")


dl.widgets.SliderPlot(draw_nms, iou_threshold=nms_slider, min_score=score_slider, width=11, height=2.2)

# %% tags=["nbval-ignore-output"]
n_loose = sum(len(zoo.nms(boxes_all[i], scores_all[i], 1.0, 0.05)) for i in range(len(x_dte)))
n_tight = sum(len(zoo.nms(boxes_all[i], scores_all[i], 0.3, 0.05)) for i in range(len(x_dte)))
print(f"boxes kept on {len(x_dte)} images: {n_loose} without suppression, {n_tight} with NMS at IoU 0.3")
assert n_tight <= n_loose                                 # NMS only ever removes boxes

# %% [markdown]
# ## Summary
#
# | task | output per image | loss | metric (ours vs baseline: measured above) |
# |---|---|---|---|
# | classification | class probabilities | cross-entropy | accuracy |
# | regression | one number (linear unit) | MSE | MSE vs predicting the mean |
# | segmentation | class probabilities per pixel | pixel cross-entropy | per-class IoU, mIoU vs all-background |
# | detection | boxes + objectness + classes per grid cell | BCE + λ·box MSE + CE (above) | mAP@0.5 vs a position prior |
#
# The backbone (convolutions) stays; the head, the loss and the metric change with the question.
#
# What this lesson does not show: real photographs, overlapping objects, several boxes per cell (anchor
# boxes), or the COCO metric (AP averaged over IoU thresholds 0.5 to 0.95).
#
# **Exercise** (`exercises/15_beyond_classification.ipynb`): implement by hand the building blocks of this
# lesson: the IoU of one box with many, greedy non-max suppression, and the Dice score of a soft mask.
#
# ## References
#
# * O. Ronneberger, P. Fischer, T. Brox (2015). U-Net: Convolutional Networks for Biomedical Image
#   Segmentation. MICCAI 2015. arXiv:1505.04597.
# * J. Redmon, S. Divvala, R. Girshick, A. Farhadi (2016). You Only Look Once: Unified, Real-Time Object
#   Detection. CVPR 2016. arXiv:1506.02640.
# * M. Everingham, L. Van Gool, C. K. I. Williams, J. Winn, A. Zisserman (2010). The PASCAL Visual Object
#   Classes (VOC) Challenge. International Journal of Computer Vision 88(2), 303–338.
#   DOI:10.1007/s11263-009-0275-4.
