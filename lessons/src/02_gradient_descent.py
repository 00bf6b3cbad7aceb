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
# # Lesson 02 — Gradient descent
#
# **Learning goals**
#
# * compare two ways to minimise a loss: **random search** and **following the slope**;
# * know the gradient as the vector of partial derivatives, and the update
#   $w^{\tau+1} = w^{\tau} - \eta\,\nabla E(w^{\tau})$;
# * predict exactly what a learning rate does on $f(w) = \tfrac12 a w^2$: the closed form
#   $w_t = (1 - \eta a)^t w_0$, slow creep when $\eta$ is too small, oscillation, and divergence for
#   $\eta > 2/a$;
# * see that where you start and how big your steps are decide which valley you end up in.

# %%
# %matplotlib inline
import jax
import jax.numpy as jnp
import numpy as np
import matplotlib.pyplot as plt
import dltoolkit as dl

plt.rcParams.update({"figure.dpi": 72, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## 1. Random search vs following the slope
#
# Training is minimisation: find weights $w$ that make the loss $E(w)$ small. The simplest strategy is
# **random search**: try many random $w$ and keep the best. It needs no calculus — and it is hopeless in
# high dimensions. Not because random directions are rarely downhill: about **half** of them are (any
# direction $u$ with $u\cdot\nabla E < 0$ goes down, a half-space). The trouble is that almost all of
# them are *nearly flat*: the share of directions within a useful angle of the steepest descent shrinks
# **exponentially** with the dimension (section 1b measures both).
#
# The alternative: stand where you are, feel the **slope**, step downhill. The slope is the **gradient**
# $\nabla E(w) = \big(\partial E/\partial w_1, \dots, \partial E/\partial w_n\big)$; it points to
# steepest ascent, so **steepest descent is the negative gradient** (Cauchy, 1847):
#
# $$
# w^{\tau+1} = w^{\tau} - \eta\,\nabla E(w^{\tau}) .
# $$
#
# A least-squares problem with 10 weights, $E(w) = \frac1N\lVert Xw - y\rVert^2$, and the same budget of
# 200 loss evaluations for both methods:

# %%
rng = np.random.default_rng(0)
N, D = 200, 10
X = rng.normal(size=(N, D)).astype(np.float32)
w_true = rng.normal(size=D).astype(np.float32)
y = X @ w_true + 0.1 * rng.normal(size=N).astype(np.float32)

def loss(w):
    return jnp.mean((X @ w - y) ** 2)

# random search: 200 random guesses, keep the best
guesses = rng.normal(size=(200, D)).astype(np.float32)
random_losses = np.mean((guesses @ X.T - y) ** 2, axis=1)
best_random = random_losses.min()

# gradient descent: 200 steps downhill from w = 0
grad = jax.jit(jax.grad(loss))
w = jnp.zeros(D)
gd_losses = []
for step in range(200):
    w = w - 0.05 * grad(w)
    gd_losses.append(float(loss(w)))

print(f"loss at w = 0:                  {float(loss(jnp.zeros(D))):.4f}")
print(f"best of 200 random guesses:     {best_random:.4f}")
print(f"after 200 gradient steps:       {gd_losses[-1]:.4f}   (noise floor ~ 0.01)")
assert gd_losses[-1] < 0.05 and best_random > 10 * gd_losses[-1]

# %%
fig, ax = plt.subplots(figsize=(7, 3.2))
ax.semilogy(np.minimum.accumulate(random_losses), label="random search (best so far)")
ax.semilogy(gd_losses, label="gradient descent, lr = 0.05")
ax.set_xlabel("loss evaluations"); ax.set_ylabel("loss"); ax.legend()
plt.tight_layout(); plt.show()

# %% [markdown]
# ### 1b. How many random directions are downhill — and how many are *useful*?
#
# For a unit direction $u$ drawn uniformly on the sphere in $D$ dimensions, the angle $\theta$ to the
# steepest-descent direction $-\nabla E$ has density $\propto \sin^{D-2}\theta$ on $[0, \pi]$. So
# $P(\theta < 90°) = \tfrac12$ for every $D$ (symmetry), while the share within $30°$,
# $\int_0^{\pi/6}\sin^{D-2}\theta\,d\theta \big/ \int_0^{\pi}\sin^{D-2}\theta\,d\theta$, decays like
# $(\sin 30°)^{D} = 2^{-D}$. Below: that formula integrated numerically, and a Monte-Carlo check with
# random directions on our 10-weight problem's gradient.

# %% tags=["nbval-ignore-output"]
theta = np.linspace(0.0, np.pi, 200_001)

def share_within(angle_deg, D):
    dens = np.sin(theta) ** (D - 2)
    inside = dens * (theta <= np.radians(angle_deg))
    return inside.sum() / dens.sum()                       # a Riemann sum on a fine, even grid

g0 = np.asarray(grad(jnp.zeros(D)))                       # gradient of the 10-weight problem at w = 0
u = rng.normal(size=(100_000, D)); u /= np.linalg.norm(u, axis=1, keepdims=True)
cos = -(u @ g0) / np.linalg.norm(g0)                      # cos(angle to steepest descent)
mc_down, mc_30 = np.mean(cos > 0), np.mean(cos > np.cos(np.radians(30)))

for dim in (2, 10, 100, 1000):
    print(f"D = {dim:4d}: downhill {share_within(90, dim):.3f}   within 30 deg of steepest descent {share_within(30, dim):.1e}")
print(f"Monte Carlo, D = {D}: downhill {mc_down:.2f}, within 30 deg {mc_30:.4f}")
assert all(abs(share_within(90, dim) - 0.5) < 1e-3 for dim in (2, 10, 100, 1000))    # half are downhill
assert share_within(30, 10) < 0.01 and share_within(30, 100) < 1e-25                 # useful ones vanish
assert share_within(30, 100) / share_within(30, 10) < 2.0 ** -80                     # ~2^-D: exponential
assert abs(mc_down - 0.5) < 0.01 and abs(mc_30 - share_within(30, D)) < 0.002          # the formula holds

# %% [markdown]
# So a random step is downhill half the time, but in 1,000 dimensions essentially never *steeply*
# downhill: it barely changes the loss. The gradient gives the steepest direction directly.

# %% [markdown]
# The gradient costs about as much as one loss evaluation (that is backpropagation, lesson 03), and it
# is computed here by `jax.grad`. A finite-difference check confirms it is the vector of partial
# derivatives — and shows why we do not compute gradients that way: it needs $2D$ loss evaluations,
# $D$ being millions in a real network.

# %%
w_check = jnp.asarray(rng.normal(size=D), dtype=jnp.float32)
h = 1e-2
numeric = np.array([(loss(w_check + h * e) - loss(w_check - h * e)) / (2 * h) for e in jnp.eye(D)])
analytic = np.asarray(grad(w_check))
print("jax.grad       :", np.round(analytic[:4], 3), "...")
print("finite diffs   :", np.round(numeric[:4], 3), "...")
print("closed form 2/N X^T (Xw - y):", np.round(np.asarray(2 / N * X.T @ (X @ w_check - y))[:4], 3), "...")
assert np.allclose(analytic, numeric, rtol=1e-3, atol=1e-3)
assert np.allclose(analytic, 2 / N * X.T @ (X @ w_check - y), rtol=1e-4, atol=1e-4)

# %% [markdown]
# ## 2. The learning rate, exactly: $f(w) = \tfrac12 a w^2$
#
# Take the simplest bowl, $f(w) = \tfrac12 a w^2$ with curvature $a > 0$. Its gradient is $a w$, so one
# step is
#
# $$
# w_{t+1} = w_t - \eta\, a\, w_t = (1 - \eta a)\, w_t
# \quad\Longrightarrow\quad
# w_t = (1 - \eta a)^t\, w_0 .
# $$
#
# Everything about the learning rate is in the factor $r = 1 - \eta a$:
#
# | learning rate | factor $r$ | what happens |
# |---|---|---|
# | $0 < \eta < 1/a$ | $0 < r < 1$ | creeps monotonically to 0 (slowly if $\eta$ is tiny) |
# | $\eta = 1/a$ | $r = 0$ | lands on the minimum in one step |
# | $1/a < \eta < 2/a$ | $-1 < r < 0$ | overshoots, oscillates, still converges |
# | $\eta = 2/a$ | $r = -1$ | bounces between $\pm w_0$ forever |
# | $\eta > 2/a$ | $r < -1$ | **diverges**: every step overshoots further |
#
# So the learning rate must stay below $2/a$, and the curvature $a$ sets the scale. We check the closed
# form against the toolkit's optimizer, `dl.optim.sgd`, driven by `jax.grad`:

# %%
from functools import partial

a, w0, T = 2.0, 1.0, 30
f = lambda w: 0.5 * a * w ** 2

@partial(jax.jit, static_argnums=1)
def sgd_path(lr, steps):
    # `steps` updates of dl.optim.sgd(lr) on f from w0, all inside one jitted lax.scan
    opt = dl.optim.sgd(lr)
    w = jnp.array(w0)
    def step(carry, _):
        w, state = carry
        updates, state = opt.update(jax.grad(f)(w), state, w)
        w = dl.optim.apply_updates(w, updates)
        return (w, state), w
    _, ws = jax.lax.scan(step, (w, opt.init(w)), None, length=steps)
    return jnp.concatenate([w[None], ws])

def run_sgd(lr, steps=T):
    return np.asarray(sgd_path(lr, steps))

lrs = [0.1, 0.5, 0.9, 1.0, 1.05]            # threshold 2 / a = 1.0
paths = {lr: run_sgd(lr) for lr in lrs}
for lr, path in paths.items():
    closed = (1 - lr * a) ** np.arange(T + 1) * w0
    assert np.allclose(path, closed, rtol=1e-4, atol=1e-6), lr      # w_t = (1 - lr a)^t w_0
    print(f"lr = {lr:4}: factor 1 - lr*a = {1 - lr * a:+.2f}, w_30 = {path[-1]: .3e}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
for lr, path in paths.items():
    axes[0].plot(path, marker=".", label=f"lr = {lr}")
axes[0].set_ylim(-3, 3); axes[0].set_xlabel("step t"); axes[0].set_ylabel("w_t"); axes[0].legend(fontsize=8)
axes[0].set_title("w_t = (1 - lr a)^t w_0,  a = 2")
ws = np.linspace(-1.6, 1.6, 200)
axes[1].plot(ws, f(ws), "k", lw=1)
for lr in (0.1, 0.9, 1.05):
    p = paths[lr][:8]
    axes[1].plot(p, f(p), marker="o", ms=4, label=f"lr = {lr}")
axes[1].set_title("the first steps on f(w) = a w^2 / 2"); axes[1].legend(fontsize=8)
plt.tight_layout(); plt.show()


# %% [markdown]
# Now the claims as assertions. **Divergence** happens exactly above $2/a$; and **too small** a learning
# rate is slow in a predictable way: reaching $|w_t| < \varepsilon\,|w_0|$ takes
# $t = \lceil \log\varepsilon / \log|1 - \eta a| \rceil$ steps, so halving $\eta$ roughly doubles the time.

# %%
def grows(lr, steps=200):
    path = run_sgd(lr, steps)
    return abs(path[-1]) > abs(path[0])

for lr in (0.99, 1.0, 1.01):
    print(f"lr = {lr}: |w| grows over 200 steps: {grows(lr)}")
assert not grows(0.99) and not grows(1.0) and grows(1.01)        # the threshold is 2 / a = 1.0

eps = 1e-3
for lr in (0.001, 0.01, 0.1):
    path = run_sgd(lr, steps=4000)
    measured = int(np.argmax(np.abs(path) < eps * abs(w0)))
    predicted = int(np.ceil(np.log(eps) / np.log(abs(1 - lr * a))))
    print(f"lr = {lr:5}: steps to shrink w by 1000x: measured {measured}, predicted {predicted}")
    assert abs(measured - predicted) <= 1

# %% [markdown]
# ## 3. Try it: the learning-rate slider
#
# Drag the learning rate across $1/a$ and $2/a$ and watch the path on the parabola and $|w_t|$ on a log
# scale (a straight line with slope $\log|1 - \eta a|$). The curvature slider moves the threshold.

# %%
import ipywidgets as widgets
from dltoolkit.widgets import SliderPlot   # your knobs + your drawing; static PNG + text without a front end

def draw_lr(fig, learning_rate, curvature):
    r = 1 - learning_rate * curvature
    t = np.arange(21)
    path = r ** t * 1.0
    ax_f, ax_w = fig.subplots(1, 2)
    lim = max(1.5, min(np.abs(path[:8]).max(), 6))
    ws = np.linspace(-lim, lim, 200)
    ax_f.plot(ws, 0.5 * curvature * ws ** 2, "k", lw=1)
    ax_f.plot(path[:8], 0.5 * curvature * path[:8] ** 2, "o-", ms=4)
    ax_f.set_xlim(-lim, lim); ax_f.set_title(f"f(w) = {curvature:g} w^2 / 2, lr = {learning_rate:.3g}")
    ax_w.semilogy(t, np.abs(path) + 1e-30, "o-", ms=3); ax_w.set_ylim(1e-8, 1e4)
    ax_w.set_xlabel("step t"); ax_w.set_title("|w_t|")
    verdict = ("diverges" if abs(r) > 1 else "bounces forever" if abs(r) == 1 else
               "one step" if r == 0 else "oscillates, converges" if r < 0 else "creeps, converges")
    return (f"lr = {learning_rate:.3g}, a = {curvature:g}: factor 1 - lr*a = {r:+.3f}, 2/a = {2 / curvature:.3g}, "
            f"{verdict}; |w_20| = {abs(path[-1]):.3g}")

lr_widget = SliderPlot(draw_lr,
                       learning_rate=dl.widgets.learning_rate_slider(0.9, min_exp=-2, max_exp=1),
                       curvature=widgets.FloatSlider(value=2.0, min=0.5, max=5.0, step=0.5,
                                                     description="curvature a", continuous_update=False))
lr_widget

# %% [markdown]
# ## 4. Two dimensions: the steepest curvature sets the limit
#
# A real loss has a different curvature in every direction. On the bowl
# $f(x, y) = \tfrac12(x^2 + 25 y^2)$ the curvatures are $1$ and $25$: gradient descent is stable only
# for $\eta < 2/25 = 0.08$ (the steep direction), but then the flat direction creeps with factor
# $1 - \eta \ge 0.92$ per step. That tension is why later lessons add momentum and adaptive optimizers.
# `dl.widgets.OptimizerPlayground` runs the optimizers on such surfaces; here plain SGD at
# $\eta = 0.07$, just below the limit — zig-zagging across the valley. Try 0.085, and the other surfaces
# (a saddle point, several minima).

# %%
playground = dl.widgets.OptimizerPlayground(surface="ill-conditioned quadratic", optimizers=("sgd",), steps=100)
playground.lr.value = 0.07
playground


# %%
# the same claim, checked: stable just below 2/25, divergent just above
def bowl(p):
    return 0.5 * (p[0] ** 2 + 25.0 * p[1] ** 2)

@jax.jit
def final_loss(lr):
    step = lambda p, _: (p - lr * jax.grad(bowl)(p), None)
    p, _ = jax.lax.scan(step, jnp.array([-4.5, 1.5]), None, length=100)
    return bowl(p)

print(f"lr = 0.07: loss after 100 steps {final_loss(0.07):.3g} | lr = 0.085: {final_loss(0.085):.3g}")
assert float(final_loss(0.07)) < 1e-2 and float(final_loss(0.085)) > 1e3

# %% [markdown]
# ## 5. Where you land depends on the step
#
# Real losses are not bowls. "Walking downhill" finds a valley, not necessarily the lowest one; where you
# start and how big your steps are matter, and a too-small learning rate can leave you stuck in a shallow
# local depression. On $f(w) = w^4 - 3w^2 + w$ (a shallow valley near $w = 1.13$, the deep one near
# $w = -1.30$), starting at $w_0 = 2$:

# %%
g = lambda w: w ** 4 - 3 * w ** 2 + w
dg = jax.jit(jax.grad(g))

def descend(lr, w=2.0, steps=300):
    path = [w]
    for _ in range(steps):
        w = float(w - lr * dg(w))
        path.append(w)
    return np.array(path)

small, large = descend(0.01), descend(0.1)
print(f"lr = 0.01: ends at w = {small[-1]:.3f}, f = {g(small[-1]):.3f}  (the shallow valley)")
print(f"lr = 0.10: ends at w = {large[-1]:.3f}, f = {g(large[-1]):.3f}  (the first big step jumps the ridge)")
assert abs(small[-1] - 1.131) < 0.01 and abs(large[-1] + 1.301) < 0.01 and g(large[-1]) < g(small[-1])

ws = np.linspace(-2, 2.2, 300)
fig, ax = plt.subplots(figsize=(7, 3.4))
ax.plot(ws, g(ws), "k", lw=1)
ax.plot(small[:40], g(small[:40]), "o-", ms=3, label="lr = 0.01")
ax.plot(large[:12], g(large[:12]), "s--", ms=4, label="lr = 0.1")
ax.set_ylim(-4.5, 8); ax.set_xlabel("w"); ax.set_ylabel("f(w)"); ax.legend()
plt.tight_layout(); plt.show()

# %% [markdown]
# Do not read this as "bigger is better": the large step happened to jump the ridge; with $\eta > 2/f''$
# at the bottom of the deep valley ($f''(-1.30) \approx 14.3$, so $\eta > 0.14$) it could not settle there
# either. In practice one tries a few learning rates on a log scale (0.1, 0.01, 0.001), watches the loss
# curve, and often lowers the rate during training (**decay**, lesson 07).
#
# ## Summary
#
# * Random search wastes evaluations; the gradient points downhill in every dimension at once.
# * Gradient descent $w \leftarrow w - \eta \nabla E(w)$ on $\tfrac12 a w^2$ gives $w_t = (1 - \eta a)^t w_0$:
#   creeping for small $\eta$, one step at $1/a$, oscillation up to $2/a$, divergence beyond — asserted.
# * With several directions, the steepest curvature caps the learning rate and the flattest sets the pace.
# * On non-convex losses the start and the step size decide which minimum you reach.
#
# **Exercise:** `exercises/02_gradient_descent.ipynb` — write the sigmoid, its derivative, the MSE
# gradient and a gradient-descent step; `dl.grading.check(...)` checks them.

# %% [markdown]
# ## References
#
# * Cauchy, A. (1847). Méthode générale pour la résolution des systèmes d'équations simultanées.
#   *Comptes Rendus de l'Académie des Sciences* 25, 536–538 (steepest descent).
# * Nocedal, J. & Wright, S. J. (2006). *Numerical Optimization*, 2nd ed. Springer (step sizes and
#   curvature: the $2/a$ limit, conditioning).
# * Goodfellow, I., Bengio, Y. & Courville, A. (2016). *Deep Learning*, ch. 4.3 and 8. MIT Press.
