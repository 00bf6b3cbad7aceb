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
# # Lesson 16: GANs and CycleGAN
#
# **Learning goals**
#
# * state the GAN game: a **generator** $G$ turns noise into samples, a **discriminator** $D$ tells real from
#   fake, and they are trained against each other with the **minimax** loss;
# * train a tiny GAN on 2-D data (a ring of 8 Gaussians) and watch the generated cloud move onto the ring;
# * explain **CycleGAN**: two generators $G: A\to B$, $F: B\to A$ trained on *unpaired* images with an
#   adversarial loss, a **cycle-consistency** loss $F(G(a)) \approx a$ and an **identity** loss;
# * train a small CycleGAN on generated two-domain images and check that its cycle loss falls.

# %%
import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
import optax

import dltoolkit as dl
from dltoolkit.models import zoo

# %% [markdown]
# ## 1. The game
#
# $D(x) \in (0, 1)$ is the probability that $x$ is real; $G(z)$ maps noise $z \sim \mathcal N(0, I)$ to a
# sample. Goodfellow et al. (2014) train them on the value function
#
# $$\min_G \max_D \; V(D, G) = \mathbb{E}_{x\sim p_{data}}[\log D(x)] + \mathbb{E}_{z}[\log(1 - D(G(z)))].$$
#
# * $D$ maximizes $V$: binary cross-entropy with label 1 for real and 0 for fake samples.
# * For a fixed $G$, the best discriminator is $D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_G(x)}$, and then
#   $V = -\log 4 + 2\,\mathrm{JS}(p_{data}\,\|\,p_G)$: the generator minimizes the Jensen-Shannon divergence,
#   which is 0 only when $p_G = p_{data}$ (then $D^* = 1/2$ everywhere).
# * In practice $G$ minimizes $-\log D(G(z))$ instead of $\log(1 - D(G(z)))$ (the "non-saturating" loss):
#   the same fixed point, but strong gradients early, when $D$ easily rejects the fakes.
#
# A quick check of $D^*$: at a point where real and generated densities are 0.3 and 0.1, the best $D$ says 0.75.

# %%
p_data, p_g = 0.3, 0.1
d = np.linspace(0.01, 0.99, 9801)
value = p_data * np.log(d) + p_g * np.log(1 - d)          # V at one point x, as a function of D(x)
d_best = d[np.argmax(value)]
print(f"argmax_D: {d_best:.4f}   formula p_data / (p_data + p_g): {p_data / (p_data + p_g):.4f}")
assert abs(d_best - 0.75) < 1e-3

# %% [markdown]
# ## 2. A tiny GAN on a ring of 8 Gaussians
#
# Real data: 8 Gaussian blobs (std 0.05) on the unit circle. $G$: 4-D noise → two hidden layers of 64 ReLU
# units → a 2-D point. $D$: 2-D point → two hidden layers → a logit. Both are `dl.models.Sequential`
# models; the training loop alternates one $D$ step and one $G$ step with Adam (one compiled `lax.scan`).
# We measure the share of generated points within 0.15 of a mode (**quality**) and how many of the 8 modes
# get at least 2% of the samples (**coverage**; GANs are famous for "mode collapse").

# %% tags=["nbval-ignore-output"]
MODES = np.stack([np.cos(np.arange(8) * np.pi / 4), np.sin(np.arange(8) * np.pi / 4)], 1).astype(np.float32)
LATENT, STEPS, BATCH = 4, 3000, 128


def real_batch(key, n=BATCH):
    k1, k2 = jax.random.split(key)
    return jnp.asarray(MODES)[jax.random.randint(k1, (n,), 0, 8)] + 0.05 * jax.random.normal(k2, (n, 2))


G = dl.models.Sequential([dl.layers.Dense(64, activation="relu", input_dim=LATENT),
                          dl.layers.Dense(64, activation="relu"), dl.layers.Dense(2)])
D = dl.models.Sequential([dl.layers.Dense(64, activation="relu", input_dim=2),
                          dl.layers.Dense(64, activation="relu"), dl.layers.Dense(1)])
bce = optax.sigmoid_binary_cross_entropy
opt_g, opt_d = optax.adam(1e-3, b1=0.5), optax.adam(1e-3, b1=0.5)


def d_loss(pd, pg, real, z):
    fake = G.apply(pg, {}, z)[0]
    return bce(D.apply(pd, {}, real)[0], 1.0).mean() + bce(D.apply(pd, {}, fake)[0], 0.0).mean()


def g_loss(pg, pd, z):
    return bce(D.apply(pd, {}, G.apply(pg, {}, z)[0])[0], 1.0).mean()     # non-saturating: -log D(G(z))


def gan_step(carry, key):
    pg, pd, og, od = carry
    kr, kz1, kz2 = jax.random.split(key, 3)
    ld, gd = jax.value_and_grad(d_loss)(pd, pg, real_batch(kr), jax.random.normal(kz1, (BATCH, LATENT)))
    u, od = opt_d.update(gd, od, pd)
    pd = optax.apply_updates(pd, u)
    lg, gg = jax.value_and_grad(g_loss)(pg, pd, jax.random.normal(kz2, (BATCH, LATENT)))
    u, og = opt_g.update(gg, og, pg)
    return (optax.apply_updates(pg, u), pd, og, od), (ld, lg)


z_show = jax.random.normal(jax.random.key(99), (1000, LATENT))


@jax.jit
def train_gan(key):
    kg, kd, kt = jax.random.split(key, 3)
    pg, pd = G.init(kg, (LATENT,))[0], D.init(kd, (2,))[0]
    carry = (pg, pd, opt_g.init(pg), opt_d.init(pd))

    def chunk(carry, keys):                              # 300 steps, then a snapshot of G
        carry, losses = jax.lax.scan(gan_step, carry, keys)
        return carry, (G.apply(carry[0], {}, z_show)[0], losses)

    keys = jax.random.split(kt, STEPS).reshape(10, STEPS // 10)
    first = G.apply(pg, {}, z_show)[0]
    _, (snaps, losses) = jax.lax.scan(chunk, carry, keys)
    return first, snaps, losses


first, snaps, (loss_d, loss_g) = train_gan(jax.random.key(0))
snapshots = [np.asarray(first)] + [np.asarray(s) for s in snaps]


def quality_coverage(points):
    dist = np.linalg.norm(points[:, None, :] - MODES[None], axis=-1)
    near = dist.min(1) < 0.15
    counts = np.bincount(dist.argmin(1)[near], minlength=8)
    return near.mean(), int(np.sum(counts >= 0.02 * len(points)))


for i in (0, 5, 10):
    q, c = quality_coverage(snapshots[i])
    print(f"after {i * STEPS // 10:4d} steps: {q:.1%} of samples near a mode, {c} of 8 modes covered")

# %% tags=["nbval-ignore-output"]
q0, c0 = quality_coverage(snapshots[0])
q_end, c_end = quality_coverage(snapshots[-1])
assert q_end > q0 + 0.3                          # the generator moved its samples onto the ring
assert c_end >= 4                                # and onto several modes, not just one
print(f"quality {q0:.1%} -> {q_end:.1%}; coverage {c0} -> {c_end} modes")

# %% [markdown]
# **Knob:** drag through training. Early on the cloud sits near the origin; the discriminator's gradient
# pulls it outward, then towards the blobs. (Whether every mode is found depends on the run: try it in
# the exercise with other seeds and learning rates.)

# %% tags=["nbval-ignore-output"]
step_slider = W.IntSlider(value=STEPS, min=0, max=STEPS, step=STEPS // 10, description="step")


real_show = np.asarray(real_batch(jax.random.key(1), 1000))


def draw_snapshot(fig, step):
    pts = snapshots[step // (STEPS // 10)]
    q, c = quality_coverage(pts)
    ax = fig.subplots()
    ax.scatter(real_show[:, 0], real_show[:, 1], s=3, alpha=0.3, label="real")
    ax.scatter(pts[:, 0], pts[:, 1], s=3, alpha=0.5, label="generated")
    ax.set(xlim=(-1.8, 1.8), ylim=(-1.8, 1.8), title=f"step {step}", aspect="equal")
    ax.legend(loc="upper right")
    return f"step {step}: {q:.1%} of generated points near a mode, {c} of 8 modes covered"


dl.widgets.SliderPlot(draw_snapshot, step=step_slider, width=4.5, height=4.5)

# %%
plt.figure(figsize=(7, 3))
steps_axis = np.arange(STEPS)
plt.plot(steps_axis, np.asarray(loss_d).ravel(), lw=0.5, label="D loss")
plt.plot(steps_axis, np.asarray(loss_g).ravel(), lw=0.5, label="G loss")
plt.axhline(2 * np.log(2), color="gray", ls=":", label="D loss at equilibrium: 2 ln 2")
plt.xlabel("step")
plt.legend()
plt.show()

# %% [markdown]
# The losses do not go to zero: it is a game, not a minimization. At the equilibrium $D = 1/2$ on every
# sample and its loss is $2\ln 2 \approx 1.386$. For images the same game is played by convolutional
# networks: `zoo.dcgan_generator` (transposed convolutions up to an image, batch norm, tanh) and
# `zoo.dcgan_discriminator` (strided convolutions, LeakyReLU), with `zoo.gan_train_step` as the loop.
#
# ## 3. CycleGAN: translation without pairs
#
# Course notes: CycleGAN (Zhu et al., 2017) learns $G: X \to Y$ (photo → Monet) and the inverse
# $F: Y \to X$ **without paired examples**, under the constraint $F(G(x)) \approx x$. The generators' objective:
#
# $$\mathcal L = \underbrace{\mathcal L_{GAN}(G, D_Y) + \mathcal L_{GAN}(F, D_X)}_{\text{look like the other domain}}
#  + \lambda_{cyc}\underbrace{\big(\lVert F(G(x)) - x\rVert_1 + \lVert G(F(y)) - y\rVert_1\big)}_{\text{cycle consistency}}
#  + \lambda_{id}\underbrace{\big(\lVert G(y) - y\rVert_1 + \lVert F(x) - x\rVert_1\big)}_{\text{identity}}$$
#
# with least-squares adversarial losses, $\lambda_{cyc} = 10$, $\lambda_{id} = 5$. Without the cycle term,
# $G$ could map every photo to the *same* convincing painting; the cycle forces it to keep the content.
# The identity term keeps colours stable when the input already looks like the target domain.
#
# Our domains from `dl.data.make_two_domain`: **A** = filled bright shapes on dark backgrounds,
# **B** = dark outlines on light striped backgrounds, drawn independently (no pairs). The generators are
# small ResNet-style networks (`zoo.resnet_generator`), the discriminators PatchGANs (one real/fake score
# per image patch).

# %% tags=["nbval-ignore-output"]
dom_a, dom_b = dl.data.make_two_domain(64, size=16, seed=0)
dom_a, dom_b = dom_a * 2 - 1, dom_b * 2 - 1                  # tanh range [-1, 1]
nets = [zoo.resnet_generator((16, 16, 3), 8, 1), zoo.resnet_generator((16, 16, 3), 8, 1),
        zoo.patchgan_discriminator((16, 16, 3), 8, 2), zoo.patchgan_discriminator((16, 16, 3), 8, 2)]
init, cg_step = zoo.cyclegan_train_step(*nets, optax.adam(2e-3, b1=0.5), optax.adam(2e-3, b1=0.5))
carry = jax.jit(init, static_argnums=1)(jax.random.key(0), (16, 16, 3))
rng = np.random.default_rng(0)
history = []
for _ in range(60):
    ia, ib = rng.choice(64, 8, replace=False), rng.choice(64, 8, replace=False)
    carry, metrics = cg_step(carry, jnp.asarray(dom_a[ia]), jnp.asarray(dom_b[ib]))
    history.append({k: float(v) for k, v in metrics.items()})
cycle = np.array([h["cycle"] for h in history])
identity = np.array([h["identity"] for h in history])
print(f"cycle loss: {cycle[:5].mean():.3f} (first 5 steps) -> {cycle[-5:].mean():.3f} (last 5)")
print(f"identity loss: {identity[:5].mean():.3f} -> {identity[-5:].mean():.3f}")

# %% tags=["nbval-ignore-output"]
assert np.all(np.isfinite(cycle)) and cycle[-5:].mean() < 0.6 * cycle[:5].mean()   # the cycle loss falls
print(f"cycle loss fell to {cycle[-5:].mean() / cycle[:5].mean():.0%} of its start in 60 steps")

# %%
params = carry["params"]
g_ab = jax.jit(lambda x: nets[0].apply(params["g_ab"], {}, x)[0])
g_ba = jax.jit(lambda x: nets[1].apply(params["g_ba"], {}, x)[0])
show_a = jnp.asarray(dom_a[:6])
fake_b = g_ab(show_a)
back_a = g_ba(fake_b)
fig, axes = plt.subplots(3, 6, figsize=(8, 4.2))
for i in range(6):
    for r, img in enumerate((show_a[i], fake_b[i], back_a[i])):
        axes[r, i].imshow(np.clip((np.asarray(img) + 1) / 2, 0, 1))
        axes[r, i].axis("off")
for r, name in enumerate(["a (domain A)", "G(a): to B", "F(G(a)): back"]):
    axes[r, 0].set_title(name, loc="left", fontsize=9)
plt.show()
fig, ax = plt.subplots(figsize=(7, 2.8))
for k in ("cycle", "identity", "adversarial"):
    ax.plot([h[k] for h in history], label=k)
ax.set(xlabel="step", title="CycleGAN generator loss terms")
ax.legend()
plt.show()

# %% [markdown]
# 60 steps on 64 tiny images is a sketch, not a Monet: the cycle and identity terms fall quickly (the
# networks learn to reconstruct), while the translation $G(a)$ only starts to pick up domain B's light
# background; real CycleGANs train for hours.
#
# ## Summary
#
# * A GAN is a two-player game: $D$ maximizes the log-likelihood of telling real from fake, $G$ fools it;
#   at the optimum $p_G = p_{data}$ and $D = 1/2$. Losses oscillate instead of going to zero.
# * Measured on a ring of 8 Gaussians: the generated points moved onto the ring and covered several modes.
# * CycleGAN adds **cycle consistency** $F(G(a)) \approx a$ (and identity) so that unpaired translation keeps
#   the content; its cycle loss fell in our short run.
#
# **Exercise:** `exercises/16_gans.ipynb`.
