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
# # Lesson 05 — Softmax and cross-entropy
#
# **Learning goals**
#
# * turn a classifier's raw scores into probabilities with **softmax** (multinomial logistic
#   regression), and compute it without overflow;
# * read the **cross-entropy** loss $L_i = -\log P(Y = y_i \mid x_i)$ as a negative log-likelihood, and
#   verify $H(P, Q) = H(P) + D_{KL}(P \,\Vert\, Q)$ numerically;
# * see that **mean squared error is the negative log-likelihood of a Gaussian** with fixed variance;
# * tell **accuracy** from **confidence**: two models with the same accuracy can have very different
#   losses, and a softmax network can be confidently wrong far from its data;
# * feel the **temperature** of a softmax with a slider.

# %%
# %matplotlib inline
import jax
import jax.numpy as jnp
import numpy as np
import matplotlib.pyplot as plt
import dltoolkit as dl

plt.rcParams.update({"figure.dpi": 72, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## 1. From scores to probabilities
#
# A linear classifier $s = f(x; W) = Wx + b$ gives one raw score (**logit**) per class. We want to read
# them as probabilities: positive and summing to one. The **softmax** does it, generalising the logistic
# sigmoid to $K$ classes:
#
# $$
# P(Y = k \mid X = x) = \operatorname{softmax}(s)_k = \frac{e^{s_k}}{\sum_j e^{s_j}} .
# $$
#
# Exponentiating makes everything positive and exaggerates differences; dividing by the sum normalises.
# With two classes, $\operatorname{softmax}(s)_1 = \sigma(s_1 - s_0)$: the sigmoid is the 2-class softmax.

# %%
classes = ["cat", "car", "frog"]
scores = jnp.array([3.2, 5.1, -1.7])
probs = dl.activations.softmax(scores)
for name, s, p in zip(classes, np.asarray(scores), np.asarray(probs)):
    print(f"{name:5s} score {s:5.1f} -> probability {p:.4f}")
print(f"sum = {float(probs.sum()):.6f}")

assert abs(float(probs.sum()) - 1) < 1e-6 and bool(jnp.all(probs > 0))
# the sigmoid is the 2-class softmax
s2 = jnp.array([0.3, 1.7])
assert abs(float(dl.activations.softmax(s2)[1]) - float(dl.activations.sigmoid(s2[1] - s2[0]))) < 1e-6

# %% [markdown]
# ## 2. Computing it safely: subtract the maximum
#
# $e^{s}$ overflows quickly: in float32, $e^{89}$ is already `inf`, and `inf / inf` is `nan`. Softmax
# does not change when the same constant is added to every score,
#
# $$
# \frac{e^{s_k - m}}{\sum_j e^{s_j - m}} = \frac{e^{-m} e^{s_k}}{e^{-m}\sum_j e^{s_j}} = \frac{e^{s_k}}{\sum_j e^{s_j}},
# $$
#
# so we choose $m = \max_j s_j$: the largest exponent becomes $e^0 = 1$ and nothing overflows.

# %%
big = np.array([1000.0, 1001.0, 1002.0], dtype=np.float32)

def naive_softmax(s):
    e = np.exp(s)
    return e / e.sum()

def stable_softmax(s):
    e = np.exp(s - s.max())
    return e / e.sum()

with np.errstate(over="ignore", invalid="ignore"):
    naive = naive_softmax(big)
stable = stable_softmax(big)
print("naive :", naive)
print("stable:", np.round(stable, 4))
print("dl.activations.softmax:", np.round(np.asarray(dl.activations.softmax(jnp.asarray(big))), 4))

assert np.all(np.isnan(naive))
assert np.allclose(stable, stable_softmax(big - 1000))       # shift invariance
assert np.allclose(stable, dl.activations.softmax(jnp.asarray(big)), atol=1e-6)

# %% [markdown]
# ## 3. Cross-entropy, the negative log-likelihood
#
# Training wants the probability of the **true** class $y_i$ to be high. Maximising the likelihood
# $\prod_i P(Y = y_i \mid x_i)$ is the same as minimising the **negative log-likelihood** (NLL)
#
# $$
# L_i = -\log P(Y = y_i \mid x_i) = -\log\frac{e^{s_{y_i}}}{\sum_j e^{s_j}} = -s_{y_i} + \log\sum_j e^{s_j},
# $$
#
# averaged over the batch. The last form (log-sum-exp of the logits) is how it is computed stably. It is
# $0$ for a certain, correct prediction and grows without bound as $P(y_i) \to 0$.
#
# The toolkit offers the same number from three starting points: probabilities
# (`sparse_categorical_crossentropy`), logits (`from_logits=True`) and log-probabilities (`nll`).

# %%
logits = jnp.array([[3.2, 5.1, -1.7],
                    [1.3, 4.9, 2.0],
                    [2.2, 2.5, -3.1]])
labels = jnp.array([0, 1, 2])            # cat, car, frog

by_hand = jnp.mean(-logits[jnp.arange(3), labels] + jax.scipy.special.logsumexp(logits, axis=1))
from_probs = dl.losses.sparse_categorical_crossentropy(labels, dl.activations.softmax(logits))
from_logits = dl.losses.get("sparse_categorical_crossentropy", from_logits=True)(labels, logits)
from_logp = dl.losses.nll(labels, dl.activations.log_softmax(logits))
print(f"per example: {np.round(np.asarray(-dl.activations.log_softmax(logits)[jnp.arange(3), labels]), 4)}")
print(f"mean cross-entropy: by hand {float(by_hand):.4f} | from probabilities {float(from_probs):.4f} | "
      f"from logits {float(from_logits):.4f} | nll of log-probs {float(from_logp):.4f}")
assert np.allclose([from_probs, from_logits, from_logp], by_hand, atol=1e-5)

# %% [markdown]
# Its gradient with respect to the logits is beautifully simple — predicted minus target:
#
# $$
# \frac{\partial L_i}{\partial s_k} = \operatorname{softmax}(s)_k - [k = y_i] .
# $$
#
# Every wrong class is pushed down by its probability, the true class pulled up by $1 - P(y_i)$.

# %%
g = jax.grad(lambda z: dl.losses.get("sparse_categorical_crossentropy", from_logits=True)(labels, z))(logits)
closed_form = (dl.activations.softmax(logits) - jax.nn.one_hot(labels, 3)) / 3   # / 3: the batch mean
print(np.array2string(np.asarray(g), precision=4, suppress_small=True))
assert np.allclose(g, closed_form, atol=1e-6)

# %% [markdown]
# ## 4. Entropy, cross-entropy and KL divergence
#
# For a target distribution $P$ and a predicted distribution $Q$ over the classes:
#
# $$
# H(P) = -\sum_k P_k \log P_k,\qquad
# H(P, Q) = -\sum_k P_k \log Q_k,\qquad
# D_{KL}(P \,\Vert\, Q) = \sum_k P_k \log\frac{P_k}{Q_k} \;\ge 0,
# $$
#
# and since $\log Q_k = \log P_k - \log(P_k / Q_k)$,
#
# $$
# H(P, Q) = H(P) + D_{KL}(P \,\Vert\, Q).
# $$
#
# $H(P)$ does not depend on the model, so **minimising cross-entropy is minimising the KL divergence**
# to the target. For a one-hot target $H(P) = 0$ and cross-entropy *is* the KL divergence; with soft
# targets (label smoothing, mixup, distillation) the two differ by the constant $H(P)$.

# %%
P = jnp.array([0.7, 0.2, 0.1])                      # a soft target
Q = dl.activations.softmax(jnp.array([2.0, 1.5, -0.5]))   # the model's prediction

H_P = -jnp.sum(P * jnp.log(P))
H_PQ = -jnp.sum(P * jnp.log(Q))
KL = jnp.sum(P * jnp.log(P / Q))
print(f"Q = {np.round(np.asarray(Q), 4)}")
print(f"H(P) = {float(H_P):.4f}, KL(P||Q) = {float(KL):.4f}, H(P) + KL = {float(H_P + KL):.4f}, H(P, Q) = {float(H_PQ):.4f}")
print(f"dl.losses.categorical_crossentropy = {float(dl.losses.categorical_crossentropy(P[None], Q[None])):.4f}, "
      f"dl.losses.kl_divergence = {float(dl.losses.kl_divergence(P[None], Q[None])):.4f}")

assert abs(float(H_PQ - (H_P + KL))) < 1e-6
assert float(KL) >= 0 and abs(float(jnp.sum(P * jnp.log(P / P)))) < 1e-7   # KL(P||P) = 0
assert abs(float(dl.losses.categorical_crossentropy(P[None], Q[None]) - H_PQ)) < 1e-5
assert abs(float(dl.losses.kl_divergence(P[None], Q[None]) - KL)) < 1e-5

# %%
# many random pairs: the identity is exact, and KL >= 0 always (Gibbs' inequality)
rng = np.random.default_rng(0)
Ps, Qs = rng.dirichlet(np.ones(5), 1000), rng.dirichlet(np.ones(5), 1000)
H_Ps = -np.sum(Ps * np.log(Ps), 1)
H_PQs = -np.sum(Ps * np.log(Qs), 1)
KLs = np.sum(Ps * np.log(Ps / Qs), 1)
gap = np.max(np.abs(H_PQs - H_Ps - KLs))
print(f"1000 random pairs of distributions over 5 classes: max |H(P,Q) - H(P) - KL| < 1e-12: {gap < 1e-12}, "
      f"every KL >= 0: {bool(np.all(KLs >= 0))}")
assert gap < 1e-12 and np.all(KLs >= 0)

fig, ax = plt.subplots(figsize=(6, 3))
xk = np.arange(3)
ax.bar(xk - 0.2, np.asarray(P), 0.4, label="target P")
ax.bar(xk + 0.2, np.asarray(Q), 0.4, label="prediction Q")
ax.set_xticks(xk, classes); ax.set_ylabel("probability"); ax.legend()
ax.set_title(f"H(P,Q) = {float(H_PQ):.3f} = H(P) {float(H_P):.3f} + KL {float(KL):.3f}")
plt.tight_layout(); plt.show()

# %% [markdown]
# ## 5. Mean squared error is a Gaussian negative log-likelihood
#
# For regression, model the target as the prediction plus Gaussian noise of fixed variance $\sigma^2$:
# $p(y \mid x) = \mathcal N\big(y;\, f(x), \sigma^2\big)$. Write the density and take minus its log:
#
# $$
# -\log p(y \mid x) = -\log\left[\frac{1}{\sqrt{2\pi\sigma^2}} \exp\!\Big(-\frac{(y - f(x))^2}{2\sigma^2}\Big)\right]
# = \frac{(y - f(x))^2}{2\sigma^2} + \tfrac12\log(2\pi\sigma^2).
# $$
#
# With $\sigma$ constant the second term is a constant and the first is the squared error scaled by
# $1/2\sigma^2$. So the mean NLL is $\mathrm{MSE}/2\sigma^2 + \text{const}$: **minimising MSE is maximum
# likelihood under Gaussian noise** (and cross-entropy is maximum likelihood under a categorical model).
# We check it against `jax.scipy.stats.norm.logpdf` as an independent oracle:

# %%
from jax.scipy.stats import norm

ky, kf = jax.random.split(jax.random.key(1))
y_reg = jax.random.normal(ky, (200,))
sigma = 0.7
const = 0.5 * np.log(2 * np.pi * sigma ** 2)

@jax.jit
def mse_and_gaussian_nll(y, f):
    return dl.losses.mse(y, f), -jnp.mean(norm.logpdf(y, loc=f, scale=sigma))

for scale in (0.0, 0.5, 2.0):                               # three different "models" f(x)
    f_pred = y_reg + scale * jax.random.normal(kf, (200,))
    mse, gauss_nll = mse_and_gaussian_nll(y_reg, f_pred)
    print(f"noise scale {scale}: MSE = {float(mse):.4f}, Gaussian NLL = {float(gauss_nll):.4f}, "
          f"MSE / (2 sigma^2) + const = {float(mse / (2 * sigma ** 2) + const):.4f}")
    assert abs(float(gauss_nll - (mse / (2 * sigma ** 2) + const))) < 1e-4

# the same minimiser: the best constant prediction c is the mean of y under both losses
cs = jnp.linspace(-1, 1, 401)[:, None]                    # 401 candidate constants, as a column
mse_curve = jnp.mean((y_reg - cs) ** 2, axis=1)
nll_curve = -jnp.mean(norm.logpdf(y_reg, loc=cs, scale=sigma), axis=1)
c_mse, c_nll = float(cs[jnp.argmin(mse_curve), 0]), float(cs[jnp.argmin(nll_curve), 0])
print(f"best constant: by MSE {c_mse:.3f}, by Gaussian NLL {c_nll:.3f}, mean(y) = {float(y_reg.mean()):.3f}")
assert c_mse == c_nll and abs(c_mse - float(y_reg.mean())) < 0.005

# %% [markdown]
# ## 6. Accuracy is not confidence
#
# **Accuracy** counts how often the top class is right; it ignores how sure the model was.
# **Loss** (cross-entropy) measures how far from a perfect prediction the model was, so it does care:
# predicting the correct class with 90 % confidence is better than with 52 %. Three models on the same
# four examples (true class first in every row):

# %%
y4 = np.array([0, 0, 0, 0])
models = {
    "hesitant, always right": np.tile([0.52, 0.48], (4, 1)),
    "confident, always right": np.tile([0.90, 0.10], (4, 1)),
    "confident, one blunder": np.array([[0.99, 0.01]] * 3 + [[0.01, 0.99]]),
}
results = {}
for name, p in models.items():
    acc = float(dl.metrics.accuracy(y4, p))
    ce = float(dl.losses.sparse_categorical_crossentropy(y4, p))
    results[name] = (acc, ce)
    print(f"{name:24s} accuracy {acc:.2f}   cross-entropy {ce:.4f}   mean confidence {p.max(1).mean():.2f}")

(a_h, ce_h), (a_c, ce_c), (a_b, ce_b) = results.values()
assert a_h == a_c == 1.0 and ce_c < ce_h          # same accuracy, the loss prefers the confident model
assert a_b < a_h and ce_b > ce_h                  # one confident mistake costs more than hesitation
assert abs(ce_h + np.log(0.52)) < 1e-5

# %% [markdown]
# **Confidently wrong, far from the data.** Softmax must spread probability over the known classes; it
# has no way to say "none of these". Worse, a ReLU network is piecewise linear, so far away from the
# training data its logits grow linearly with $\lVert x\rVert$ and the softmax saturates: the network
# becomes *more* confident the stranger the input (Hein et al., *Why ReLU networks yield high-confidence
# predictions far away from the training data*, CVPR 2019). A small MLP on three overlapping blobs: unsure
# between them, sure far away from all of them. We measure "far" as the distance to the **nearest
# training example**, so no probe can sit inside a blob.

# %% tags=["nbval-ignore-output"]
centers = np.array([[0.0, 1.0], [-0.87, -0.5], [0.87, -0.5]])     # three blobs around the origin
Xb, yb = dl.data.make_blobs(300, centers=centers, noise=0.6, seed=0)
clf = dl.models.Sequential([dl.layers.Dense(16, activation="relu", input_dim=2),
                            dl.layers.Dense(3, activation="softmax")])
clf.compile(optimizer=dl.optim.adam(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
hist = clf.fit(Xb, yb, epochs=30, batch_size=32, verbose=0, seed=0)
print(f"training accuracy {hist.history['accuracy'][-1]:.2f}")

radius = np.linalg.norm(Xb, axis=1).max()                  # every training point lies within this radius
scales = np.array([0.0, 10.0, 100.0, 1000.0])
points = (scales[:, None] * np.array([[0.6, -0.8]])).astype(np.float32)   # the origin, then ever further out
nearest = np.linalg.norm(points[:, None, :] - Xb[None], axis=2).min(1)    # distance to the nearest example
confidence = clf.predict(points).max(1)
for s, d, c in zip(scales, nearest, confidence):
    print(f"probe {s:6.0f} from the origin, {d:7.1f} from the nearest training point: max probability {c:.3f}")
assert hist.history["accuracy"][-1] > 0.7
assert nearest[1] > 2 * radius                                # the far probes are really outside the data
assert confidence[0] < 0.9 and confidence[-1] > 0.99       # unsure in the middle, sure far away
assert confidence[-1] >= confidence[1] - 1e-6                 # and no less sure the further out

# %% [markdown]
# **Multi-class is not multi-label.** The course notes say softmax "is typically used to resolve to only
# one class"; that is the point: the softmax's outputs sum to 1, so it models *exactly one* correct
# class. When an example may carry several labels at once (a photo with a cat *and* a car), use one
# **independent sigmoid per label** with binary cross-entropy, $-\sum_k [y_k \log \sigma(s_k) +
# (1 - y_k)\log(1 - \sigma(s_k))]$. Fitting the logits of one example whose labels are cat and car:

# %% tags=["nbval-ignore-output"]
y_multi = jnp.array([1.0, 1.0, 0.0])                                   # cat and car, not frog
bce = lambda s: dl.losses.binary_crossentropy(y_multi, jax.nn.sigmoid(s))
soft_ce = lambda s: dl.losses.categorical_crossentropy(y_multi / 2, dl.activations.softmax(s))
s_sig, s_soft = jnp.zeros(3), jnp.zeros(3)
for _ in range(500):
    s_sig = s_sig - 1.0 * jax.grad(bce)(s_sig)
    s_soft = s_soft - 1.0 * jax.grad(soft_ce)(s_soft)
p_sig, p_soft = np.asarray(jax.nn.sigmoid(s_sig)), np.asarray(dl.activations.softmax(s_soft))
print("sigmoids:", np.round(p_sig, 3), "   softmax:", np.round(p_soft, 3))
assert p_sig[0] > 0.95 and p_sig[1] > 0.95 and p_sig[2] < 0.05     # both labels on, independently
assert p_soft[0] + p_soft[1] <= 1 + 1e-6 and p_soft.max() < 0.51    # softmax must split one unit of mass

# %% [markdown]
# ## 7. Temperature: how peaked is the softmax?
#
# Dividing the logits by a **temperature** $T$ before the softmax, $\operatorname{softmax}(s / T)$,
# does not change which class wins, only how sure the distribution is: $T \to 0$ gives a one-hot
# arg-max, $T \to \infty$ a uniform distribution. (Language models sample with it; distillation trains
# on softened teacher outputs.) Drag the sliders: the logits and the temperature.

# %%
import ipywidgets as widgets
from dltoolkit.widgets import SliderPlot   # your knobs + your drawing; static PNG + text without a front end

def draw_softmax(fig, temperature, cat, car, frog):
    s = jnp.array([cat, car, frog])
    p = np.asarray(dl.activations.softmax(s / temperature))
    entropy = float(-np.sum(p * np.log(np.clip(p, 1e-12, 1))))
    ax_s, ax_p = fig.subplots(1, 2)
    ax_s.bar(classes, np.asarray(s), color="gray"); ax_s.set_title("logits s"); ax_s.axhline(0, color="k", lw=0.6)
    ax_p.bar(classes, p, color="tab:blue"); ax_p.set_ylim(0, 1)
    ax_p.set_title(f"softmax(s / {temperature:.2g}), entropy {entropy:.2f} nats")
    return (f"T = {temperature:.3g}, logits = {[round(float(v), 2) for v in s]}: "
            f"probabilities {[round(float(v), 3) for v in p]}, entropy {entropy:.3f} (max log 3 = {np.log(3):.3f})")

logit = lambda name, v: widgets.FloatSlider(value=v, min=-5, max=10, step=0.1, description=name,
                                            continuous_update=False)
temperature_widget = SliderPlot(draw_softmax,
                                temperature=widgets.FloatLogSlider(value=1.0, base=10, min=-1.5, max=1.5,
                                                                   step=0.05, description="temperature",
                                                                   continuous_update=False),
                                cat=logit("cat", 3.2), car=logit("car", 5.1), frog=logit("frog", -1.7))
temperature_widget

# %%
for T in (0.05, 1.0, 100.0):
    print(f"T = {T:6}: {np.round(np.asarray(dl.activations.softmax(scores / T)), 4)}")
assert np.allclose(dl.activations.softmax(scores / 0.01), jax.nn.one_hot(jnp.argmax(scores), 3), atol=1e-6)
assert np.allclose(dl.activations.softmax(scores / 1e4), 1 / 3, atol=1e-3)
assert all(int(jnp.argmax(dl.activations.softmax(scores / T))) == 1 for T in (0.05, 1.0, 100.0))

# %% [markdown]
# ## Summary
#
# * Softmax turns logits into probabilities; compute it as $e^{s - \max s} / \sum e^{s - \max s}$.
# * Cross-entropy $-\log P(y_i \mid x_i)$ is the negative log-likelihood of a categorical model; its
#   gradient in the logits is $\operatorname{softmax}(s) - \text{onehot}(y)$; and
#   $H(P, Q) = H(P) + D_{KL}(P \Vert Q)$, so minimising it minimises the KL divergence to the target.
# * MSE is the Gaussian NLL with fixed variance, up to the factor $1/2\sigma^2$ and a constant.
# * Accuracy ignores confidence; the loss does not. And a softmax network can be very confident about
#   inputs unlike anything it was trained on.
#
# **Exercise:** `exercises/05_softmax_cross_entropy.ipynb` — write a stable softmax, the cross-entropy
# from logits and its gradient; `dl.grading.check(...)` checks them.

# %% [markdown]
# ## References
#
# * Bridle, J. S. (1990). Probabilistic interpretation of feedforward classification network outputs,
#   with relationships to statistical pattern recognition. In *Neurocomputing*, NATO ASI Series F68,
#   227–236. Springer (the softmax).
# * Cover, T. M. & Thomas, J. A. (2006). *Elements of Information Theory*, 2nd ed. Wiley (entropy,
#   cross-entropy, KL divergence).
# * Goodfellow, I., Bengio, Y. & Courville, A. (2016). *Deep Learning*, ch. 5.5 and 6.2 (maximum
#   likelihood, cross-entropy and the output units). MIT Press.
# * Hinton, G., Vinyals, O. & Dean, J. (2015). Distilling the knowledge in a neural network.
#   arXiv:1503.02531 (softmax temperature).
# * Hein, M., Andriushchenko, M. & Bitterwolf, J. (2019). Why ReLU networks yield high-confidence
#   predictions far away from the training data and how to mitigate the problem. *CVPR 2019*.
