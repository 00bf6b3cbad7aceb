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
# # Lesson 17: Open questions in generalization
#
# Classical statistics says: a model with more parameters than training examples should overfit
# badly. Deep networks have millions of parameters, fit their training sets perfectly, and still
# generalize. This lesson measures four puzzles that the course notes point at ("link to double
# descent?? grokking", "identifiable model?", "identifying and attacking the saddle point problem"):
#
# **Learning goals**
#
# * compute the **double descent** curve of min-norm least squares on random features in closed form,
#   and see the test error peak at the **interpolation threshold** $p = n$ and fall again beyond it;
# * explain why **overparameterization** can help *in linear least squares*: among all interpolating
#   solutions, the pseudo-inverse (and gradient descent started at zero) picks the one with the **smallest
#   norm**, and that norm shrinks as $p$ grows;
# * watch **grokking**: a network that memorizes modular addition first and generalizes much later;
# * find a **saddle point** from the Hessian's eigenvalues, and see why plain gradient descent lingers there;
# * prove **non-identifiability**: permuting hidden units gives different parameters and the same function;
#   and tell these copies of *one* minimum apart from *distinct* minima, which compute different functions.

# %%
import ipywidgets as W
import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np
import optax

import dltoolkit as dl

# %% [markdown]
# ## 1. Double descent with random features
#
# The "double descent" curve was named and shown across model families by Belkin, Hsu, Ma and Mandal
# (2019), and for deep networks (in model size, epochs and data) by Nakkiran et al. (2020, "Deep double
# descent"). We reproduce its simplest setting: random-feature regression (random features: Rahimi &
# Recht, 2007).
#
# Take $n$ training pairs $(x_i, y_i)$ with $x_i \in \mathbb{R}^{10}$ and a nonlinear target
# $y = \tanh(2\,x^\top\beta) + \varepsilon$. Map each input through $p$ **random ReLU features**
# $\phi_j(x) = \max(0, w_j^\top x)$ (the $w_j$ are drawn once and never trained) and fit only the
# output weights $a \in \mathbb{R}^p$ by least squares, $\hat y = \Phi a$ with $\Phi \in \mathbb{R}^{n\times p}$.
#
# * $p < n$: more equations than unknowns; least squares $a = (\Phi^\top\Phi)^{-1}\Phi^\top y$.
# * $p \ge n$: infinitely many $a$ fit the training data exactly. The **pseudo-inverse** picks the one of
#   **minimum norm**:
# $$a^\star = \Phi^{+} y = \arg\min \{\lVert a\rVert_2 : \Phi a = y\}.$$
#
# Both cases are the single formula $a = \Phi^+ y$ (`jnp.linalg.pinv`). Everything below is closed form:
# no training loop, just linear algebra, averaged over a few random draws.

# %% tags=["nbval-ignore-output"]
n, d, P_MAX, TRIALS = 40, 10, 400, 5
ps = np.unique(np.r_[np.arange(2, 30, 4), np.arange(30, 51), np.arange(52, 100, 6), np.arange(100, P_MAX + 1, 30), [2 * n]])


def random_feature_problem(seed, noise=0.1):
    rng = np.random.default_rng(seed)
    beta = rng.normal(size=d) / np.sqrt(d)
    x_tr, x_te = rng.normal(size=(n, d)), rng.normal(size=(1000, d))
    f = lambda x: np.tanh(2 * x @ beta)
    y_tr = f(x_tr) + noise * rng.normal(size=n)
    w = rng.normal(size=(d, P_MAX)) / np.sqrt(d)           # random, fixed first layer
    return np.maximum(x_tr @ w, 0), y_tr, np.maximum(x_te @ w, 0), f(x_te)


problems = [random_feature_problem(s) for s in range(TRIALS)]


def fit_curve(ridge=0.0):
    """Median test MSE and weight norm over the trials, for every p in ps.
    ridge > 0 solves (Phi Phi^T + ridge I) c = y, a = Phi^T c (ridge regression, kernel form)."""
    errs, norms = [], []
    for F_tr, y_tr, F_te, y_te in problems:
        e, nr = [], []
        for p in ps:
            A = F_tr[:, :p]
            if ridge > 0:
                a = A.T @ np.linalg.solve(A @ A.T + ridge * np.eye(n), y_tr)
            else:
                a = np.linalg.pinv(A) @ y_tr                   # min-norm least squares
            e.append(np.mean((F_te[:, :p] @ a - y_te) ** 2))
            nr.append(np.linalg.norm(a))
        errs.append(e)
        norms.append(nr)
    return np.median(errs, 0), np.median(norms, 0)


test_mse, weight_norm = fit_curve()
peak = int(ps[np.argmax(test_mse)])
best_under = float(test_mse[ps < n].min())
best_over = float(test_mse[ps > 2 * n].min())
print(f"n = {n} training examples; test MSE peaks at p = {peak} features (MSE {test_mse.max():.1f})")
print(f"best test MSE with p < n: {best_under:.3f};  best with p > 2n: {best_over:.3f} (at p = {int(ps[ps > 2 * n][np.argmin(test_mse[ps > 2 * n])])})")

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
ax1.semilogy(ps, test_mse, "o-", ms=3)
ax1.axvline(n, color="r", ls="--", label="interpolation threshold p = n")
ax1.set(xlabel="number of random features p", ylabel="test MSE (median of 5 draws)", title="double descent")
ax1.legend()
ax2.semilogy(ps, weight_norm, "o-", ms=3, color="C2")
ax2.axvline(n, color="r", ls="--")
ax2.set(xlabel="p", ylabel="||a|| of the fitted weights", title="norm of the (min-norm) solution")
plt.tight_layout()
plt.show()

# %% [markdown]
# The curve descends, shoots up near $p = n$, then descends a **second** time. The claims, checked:

# %%
assert abs(peak - n) <= 2, peak                       # the peak sits at the interpolation threshold
assert test_mse.max() > 10 * best_under              # and it is a real spike, not noise
assert best_over < best_under                        # far past the threshold beats the best small model
assert ps[np.argmax(weight_norm)] == peak and weight_norm[-1] < weight_norm[ps == 2 * n][0]  # norm: spike, then shrinks
print("double descent: peak at p = n, second descent below the first minimum - checked")

# %% [markdown]
# **Why the spike?** At $p = n$ the square matrix $\Phi$ is barely invertible: its smallest singular
# value $\sigma_{\min}$ is close to $0$, and $a = \Phi^{-1}y$ amplifies the label noise by $1/\sigma_{\min}$.
# The right plot shows it: the norm of the solution explodes exactly there.
#
# **Why the second descent? (overparameterization)** With $p > n$ there are many interpolating solutions
# and the pseudo-inverse picks the **smallest-norm** one. As $p$ grows, the space of solutions gets
# bigger, the minimum norm gets *smaller* (right plot), and small-norm functions are smooth: an
# *implicit regularization*. For **linear least squares** this is a theorem: every gradient step
# $a \leftarrow a - \eta\,\Phi^\top(\Phi a - y)$ moves $a$ inside the row space of $\Phi$, so gradient
# descent started at $a_0 = 0$ converges to the interpolant in the row space, which is $\Phi^+ y$; started
# elsewhere it converges to $\Phi^+ y$ plus the part of $a_0$ in the null space of $\Phi$ (checked in the
# next cell). The argument uses linearity in $a$: for a network trained in all its layers there is no
# such closed form, and which solution SGD picks (and whether it is "small" in any norm) is an open
# question; the min-norm picture is a hypothesis for deep nets, not a result.
#
# %% tags=["nbval-ignore-output"]
Phi, y_gd = problems[0][0][:, :2 * n], problems[0][1]          # one problem with p = 2n > n
a_star = np.linalg.pinv(Phi) @ y_gd
eta = 1.0 / np.linalg.norm(Phi, 2) ** 2


def gradient_descent(a, steps=20000):
    for _ in range(steps):
        a = a - eta * Phi.T @ (Phi @ a - y_gd)
    return a


a_from_zero = gradient_descent(np.zeros(2 * n))
a0 = np.random.default_rng(5).normal(size=2 * n)
a_from_a0 = gradient_descent(a0)
null_part = a0 - np.linalg.pinv(Phi) @ (Phi @ a0)                # the part of a0 that Phi cannot see
print(f"GD from 0:  train residual {np.linalg.norm(Phi @ a_from_zero - y_gd):.1e}, "
      f"distance to the min-norm solution {np.linalg.norm(a_from_zero - a_star):.1e}")
print(f"GD from a0: distance to min-norm {np.linalg.norm(a_from_a0 - a_star):.2f}, "
      f"to min-norm + null-space part of a0 {np.linalg.norm(a_from_a0 - a_star - null_part):.1e}")
assert np.linalg.norm(a_from_zero - a_star) < 1e-3 * np.linalg.norm(a_star)
assert np.linalg.norm(a_from_a0 - a_star - null_part) < 1e-3 * np.linalg.norm(a_star)
assert np.linalg.norm(a_from_a0 - a_star) > 0.5

# %% [markdown]
# **Knob:** explicit regularization (ridge, $\lambda\lVert a\rVert^2$, the L2 penalty of lesson 9) removes
# the spike: move the slider.

# %% tags=["nbval-ignore-output"]
ridge_slider = W.FloatLogSlider(value=1e-1, base=10, min=-4, max=1, step=0.25, description="ridge λ")


def draw_ridge(fig, ridge):
    mse_r, _ = fit_curve(ridge)
    ax = fig.subplots()
    ax.semilogy(ps, test_mse, "o-", ms=3, label="min-norm (λ = 0)")
    ax.semilogy(ps, mse_r, "s-", ms=3, label=f"ridge λ = {ridge:.4g}")
    ax.axvline(n, color="r", ls="--")
    ax.set(xlabel="p", ylabel="test MSE")
    ax.legend()
    return f"ridge λ = {ridge:.4g}: peak test MSE {mse_r.max():.3f} (λ = 0: {test_mse.max():.1f})"


dl.widgets.SliderPlot(draw_ridge, ridge=ridge_slider, width=6, height=3.2)

# %% tags=["nbval-ignore-output"]
mse_ridge, _ = fit_curve(1e-1)
assert mse_ridge.max() < 0.2 * test_mse.max()       # the L2 penalty flattens the spike
print(f"peak test MSE: min-norm {test_mse.max():.1f}, ridge 0.1 {mse_ridge.max():.3f}")

# %% [markdown]
# ## 2. Grokking: memorize first, understand later
#
# Power et al. (2022) trained small networks on tables like $c = (a + b) \bmod q$ and saw something odd:
# training accuracy hits 100% early, validation accuracy stays at chance for a long time, and then
# (with weight decay) it **climbs to near 100%, long after the training loss was already tiny**.
#
# Here is a scaled-down run that fits in a lesson: $q = 59$, half of the $59^2 = 3481$ pairs for training,
# a one-hidden-layer network $\text{logits} = \mathrm{ReLU}(E_a[a] + E_b[b])\,W$ with 128 hidden units, full-batch
# AdamW for 1400 steps (`jax.lax.scan`, one compiled loop). We run it twice: with weight decay $2.0$
# and without.

# %% tags=["nbval-ignore-output"]
Q, H, STEPS, EVERY = 59, 128, 1400, 20
a_all, b_all = (g.ravel() for g in np.meshgrid(np.arange(Q), np.arange(Q)))
c_all = (a_all + b_all) % Q
order = np.random.default_rng(0).permutation(Q * Q)
tr, te = order[: Q * Q // 2], order[Q * Q // 2:]
train_set = tuple(jnp.asarray(v[tr]) for v in (a_all, b_all, c_all))
test_set = tuple(jnp.asarray(v[te]) for v in (a_all, b_all, c_all))


def logits(params, a, b):
    return jax.nn.relu(params["Ea"][a] + params["Eb"][b]) @ params["W"]


def loss(params, a, b, c):
    return optax.softmax_cross_entropy_with_integer_labels(logits(params, a, b), c).mean()


def accuracy(params, a, b, c):
    return jnp.mean(jnp.argmax(logits(params, a, b), -1) == c)


def grok_run(weight_decay, lr=0.01):
    k1, k2, k3 = jax.random.split(jax.random.key(0), 3)
    params = {"Ea": jax.random.normal(k1, (Q, H)) / np.sqrt(2 * Q),
              "Eb": jax.random.normal(k2, (Q, H)) / np.sqrt(2 * Q),
              "W": jax.random.normal(k3, (H, Q)) / np.sqrt(H)}
    opt = dl.optim.adamw(lr, weight_decay=weight_decay)

    def step(carry, _):
        params, s = carry
        g = jax.grad(loss)(params, *train_set)
        u, s = opt.update(g, s, params)
        return (dl.optim.apply_updates(params, u), s), None

    def chunk(carry, _):                       # EVERY steps, then measure once
        carry, _ = jax.lax.scan(step, carry, None, length=EVERY)
        p = carry[0]
        return carry, (loss(p, *train_set), accuracy(p, *train_set), accuracy(p, *test_set))

    _, hist = jax.jit(lambda p: jax.lax.scan(chunk, (p, opt.init(p)), None, length=STEPS // EVERY))(params)
    return [np.asarray(h) for h in hist]


steps = np.arange(1, STEPS // EVERY + 1) * EVERY
runs = {wd: grok_run(wd) for wd in (2.0, 0.0)}
for wd, (l, acc_tr, acc_te) in runs.items():
    t_mem = int(steps[np.argmax(acc_tr >= 0.99)])
    print(f"weight decay {wd}: train acc >= 99% at step {t_mem} (test acc then {acc_te[t_mem // EVERY - 1]:.3f}); "
          f"after {STEPS} steps train {acc_tr[-1]:.3f}, test {acc_te[-1]:.3f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
for ax, (wd, (l, acc_tr, acc_te)) in zip(axes, runs.items()):
    ax.plot(steps, acc_tr, label="train accuracy")
    ax.plot(steps, acc_te, label="test accuracy")
    ax.set(xlabel="AdamW step", title=f"(a + b) mod {Q}, weight decay {wd}")
    ax.legend()
axes[0].set_ylabel("accuracy")
plt.tight_layout()
plt.show()

# %%
l, acc_tr, acc_te = runs[2.0]
i_mem = int(np.argmax(acc_tr >= 0.99))            # first measurement with the training set memorized
assert acc_te[i_mem] < 0.1                        # ... while the test accuracy is still near chance (1/59)
i_gen = int(np.argmax(acc_te >= 0.8))
assert acc_te[-1] >= 0.8 and steps[i_gen] >= 3 * steps[i_mem]   # generalization comes much later
assert runs[0.0][2][-1] < acc_te[-1] - 0.5        # and weight decay is what drives it here
print(f"memorized at step {steps[i_mem]}, test accuracy >= 0.8 at step {steps[i_gen]}: "
      f"{steps[i_gen] / steps[i_mem]:.0f}x later")

# %% [markdown]
# What we measured is a small, honest version of grokking: the delay here is roughly an order of magnitude
# in steps (Power et al. saw delays of orders of magnitude in steps, with transformers and smaller training
# fractions).
# Without weight decay the same network also memorizes and its test accuracy climbs far less in the same
# budget. One reading (Liu et al., 2022; Nanda et al., 2023): weight decay slowly shrinks the weights from
# a memorizing solution towards a lower-norm solution that implements the actual rule, the same
# "smaller norm generalizes better" idea as the min-norm solutions above. Why and when this happens is
# still an open research question.

# %% [markdown]
# ## 3. Saddle points
#
# A critical point ($\nabla f = 0$) is a minimum only when the Hessian $\nabla^2 f$ is positive
# semidefinite there. If it has eigenvalues of **both signs** it is a **saddle**: downhill in some
# directions, uphill in others. Take
#
# $$f(x, y) = x^2 - y^2, \qquad \nabla f(0,0) = 0, \qquad \nabla^2 f = \begin{pmatrix} 2 & 0\\ 0 & -2\end{pmatrix}.$$

# %%
f = lambda v: v[0] ** 2 - v[1] ** 2
origin = jnp.zeros(2)
grad0 = jax.grad(f)(origin)
eigs = jnp.linalg.eigvalsh(jax.hessian(f)(origin))
print("gradient at the origin:", np.round(np.asarray(grad0), 6), " Hessian eigenvalues:", np.round(np.asarray(eigs), 6))
assert np.allclose(grad0, 0) and np.allclose(np.sort(eigs), [-2.0, 2.0])   # critical point, mixed signs: a saddle


# %% [markdown]
# Gradient descent started *almost* on the ridge ($y_0 = 10^{-6}$) first slides to the saddle and stays
# there a long time, because the escaping component grows only like $(1 + 2\eta)^t\,y_0$. In high dimensions
# saddles vastly outnumber bad local minima (Dauphin et al., 2014, "Identifying and attacking the saddle
# point problem"), which is one reason momentum and noisy SGD help: they do not stop where the gradient is small.

# %% tags=["nbval-ignore-output"]
def descend(v, lr=0.05, n_steps=120):
    path = [v]
    for _ in range(n_steps):
        v = v - lr * jax.grad(f)(v)
        path.append(v)
    return np.array(path)


path = descend(jnp.array([1.0, 1e-6]))
grad_norm = np.linalg.norm(path * np.array([2, -2]), axis=1)
stuck = int(np.sum(grad_norm < 1e-2))
print(f"steps with |grad| < 0.01 (stuck near the saddle): {stuck} of {len(path) - 1}")
xs = np.linspace(-1.2, 1.2, 60)
X, Y = np.meshgrid(xs, xs)
plt.figure(figsize=(5, 4))
plt.contour(X, Y, X ** 2 - Y ** 2, levels=20, cmap="coolwarm")
plt.plot(path[:, 0], np.clip(path[:, 1], -1.2, 1.2), "k.-", ms=3)
plt.plot(0, 0, "r*", ms=12)
plt.title("gradient descent near the saddle of x² − y²")
plt.show()
assert stuck > 30

# %% [markdown]
# ## 4. Non-identifiability: many parameter sets, one function
#
# A model is **identifiable** if different parameters give different functions. Neural networks are not:
# swap hidden unit $i$ and $j$ (columns of the first kernel and bias, rows of the second kernel) and the
# network computes *exactly* the same thing. A hidden layer of $h$ units has $h!$ such copies of every
# solution (Chen, Lu & Hecht-Nielsen, 1993), so the loss surface repeats each minimum $h!$ times, and
# "the" weights of a trained network are not meaningful on their own. These copies are *one* minimum
# seen through a relabelling: they are not different solutions.

# %% tags=["nbval-ignore-output"]
model = dl.models.Sequential([dl.layers.Dense(16, activation="tanh", input_dim=3), dl.layers.Dense(2)])
params, state = model.init(jax.random.key(0), input_shape=(3,))
l1, l2 = list(params)                      # the two layer names
perm = np.random.default_rng(1).permutation(16)
permuted = {l1: {"kernel": params[l1]["kernel"][:, perm], "bias": params[l1]["bias"][perm]},
            l2: {"kernel": params[l2]["kernel"][perm, :], "bias": params[l2]["bias"]}}
x = jax.random.normal(jax.random.key(2), (100, 3))
y_orig, _ = model.apply(params, state, x)
y_perm, _ = model.apply(permuted, state, x)
max_param_change = float(jnp.max(jnp.abs(permuted[l1]["kernel"] - params[l1]["kernel"])))
print(f"largest change of a first-layer weight: {max_param_change:.3f}")
print("largest change of an output below 1e-6:", bool(jnp.max(jnp.abs(y_perm - y_orig)) < 1e-6))
assert max_param_change > 0.5                                  # really different parameters ...
assert np.allclose(y_perm, y_orig, atol=1e-6)                  # ... the same function

# %% [markdown]
# tanh adds one more symmetry: $\tanh(-z) = -\tanh(z)$, so flipping the sign of a unit's incoming
# weights and bias *and* of its outgoing weights also leaves the function unchanged ($2^h$ more copies).

# %%
flip = np.where(np.arange(16) % 2 == 0, -1.0, 1.0)
flipped = {l1: {"kernel": params[l1]["kernel"] * flip, "bias": params[l1]["bias"] * flip},
           l2: {"kernel": params[l2]["kernel"] * flip[:, None], "bias": params[l2]["bias"]}}
y_flip, _ = model.apply(flipped, state, x)
assert np.allclose(y_flip, y_orig, atol=1e-6)
print("sign flips of tanh units: same outputs - checked")

# %% [markdown]
# **Copies of one minimum vs distinct minima.** Permuted and sign-flipped copies compute the *same*
# function. Two trainings from different random initializations usually find **different** solutions:
# both fit the training data, but they disagree away from it. Since every copy computes exactly the same
# function, two nets that compute different functions cannot be copies of each other: they are distinct
# zero-loss solutions. (Whether such solutions are joined by a path of low loss is another question,
# "mode connectivity": Garipov et al., 2018; Draxler et al., 2018.) Below: the same 3-16-2 tanh network
# trained on 12 points from two seeds.

# %% tags=["nbval-ignore-output"]
x_fit = jax.random.normal(jax.random.key(3), (12, 3))
y_fit = jnp.stack([jnp.sin(2 * x_fit[:, 0]) + x_fit[:, 1], jnp.cos(x_fit[:, 2])], 1)
x_away = 2 * jax.random.normal(jax.random.key(4), (500, 3))          # points away from the 12
mse = lambda p, x, y: jnp.mean((model.apply(p, state, x)[0] - y) ** 2)


def fit_from(seed, steps=3000):
    p = model.init(jax.random.key(seed), input_shape=(3,))[0]
    opt = optax.adam(1e-2)

    def step(carry, _):
        p, o = carry
        u, o = opt.update(jax.grad(mse)(p, x_fit, y_fit), o, p)
        return (optax.apply_updates(p, u), o), None

    return jax.jit(lambda p: jax.lax.scan(step, (p, opt.init(p)), None, length=steps)[0][0])(p)


p_a, p_b = fit_from(10), fit_from(11)
fit_a, fit_b = float(mse(p_a, x_fit, y_fit)), float(mse(p_b, x_fit, y_fit))
gap = float(jnp.mean(jnp.abs(model.apply(p_a, state, x_away)[0] - model.apply(p_b, state, x_away)[0])))
print(f"training MSE: seed 10 {fit_a:.1e}, seed 11 {fit_b:.1e}; "
      f"mean |f_A - f_B| away from the data {gap:.2f} (target std {float(y_fit.std()):.2f})")
assert fit_a < 1e-3 and fit_b < 1e-3          # both are (near) zero-loss solutions ...
assert gap > 0.1                              # ... computing different functions: not copies of each other

# %% [markdown]
# ## Summary
#
# * **Double descent:** test error vs model size rises to a peak at the interpolation threshold $p = n$ and
#   falls again (Belkin et al., 2019; Nakkiran et al., 2020); in random-feature least squares the
#   min-norm solution's norm explains both the spike and the second descent; ridge removes the spike.
# * **Overparameterization** is not the enemy in linear least squares: gradient descent from zero and the
#   pseudo-inverse pick the min-norm interpolant, and explicit weight decay biases towards small weights.
#   For deep networks the implicit bias of SGD is an open question.
# * **Grokking** (Power et al., 2022): generalization can arrive long after memorization; weight decay drove
#   it in our run.
# * **Saddles**, not local minima, are the typical obstacle in high dimensions; Hessian eigenvalues of
#   mixed sign identify them.
# * **Non-identifiability:** permutations (and sign flips for odd activations) give $h!\,2^h$ equivalent
#   weight settings per layer: copies of one minimum, one function. Distinct minima are something else:
#   different functions that fit the same data, found from different initializations.
#
# What this lesson does not show: double descent in a deep network (Nakkiran et al. train ResNets and
# transformers for hours), grokking with transformers at the delays Power et al. report, or saddles in a
# real network's loss.
#
# **Exercise** (`exercises/17_generalization.ipynb`): implement by hand polynomial features, ridge
# regression in closed form and the minimum-norm least-squares solution, and use them to see over- and
# under-parameterized fits.
#
# ## References
#
# * M. Belkin, D. Hsu, S. Ma, S. Mandal (2019). Reconciling modern machine-learning practice and the
#   classical bias–variance trade-off. PNAS 116(32), 15849–15854. arXiv:1812.11118.
# * P. Nakkiran, G. Kaplun, Y. Bansal, T. Yang, B. Barak, I. Sutskever (2020). Deep Double Descent: Where
#   Bigger Models and More Data Hurt. ICLR 2020. arXiv:1912.02292. (Also J. Stat. Mech. 2021.)
# * A. Rahimi, B. Recht (2007). Random Features for Large-Scale Kernel Machines. NeurIPS 2007.
# * A. Power, Y. Burda, H. Edwards, I. Babuschkin, V. Misra (2022). Grokking: Generalization Beyond
#   Overfitting on Small Algorithmic Datasets. arXiv:2201.02177.
# * Z. Liu, O. Kitouni, N. Nolte, E. J. Michaud, M. Tegmark, M. Williams (2022). Towards Understanding
#   Grokking: An Effective Theory of Representation Learning. NeurIPS 2022. arXiv:2205.10343.
# * N. Nanda, L. Chan, T. Lieberum, J. Smith, J. Steinhardt (2023). Progress measures for grokking via
#   mechanistic interpretability. ICLR 2023. arXiv:2301.05217.
# * Y. N. Dauphin, R. Pascanu, C. Gulcehre, K. Cho, S. Ganguli, Y. Bengio (2014). Identifying and
#   attacking the saddle point problem in high-dimensional non-convex optimization. NeurIPS 2014.
#   arXiv:1406.2572.
# * A. M. Chen, H. Lu, R. Hecht-Nielsen (1993). On the Geometry of Feedforward Neural Network Error
#   Surfaces. Neural Computation 5(6), 910–927.
# * T. Garipov, P. Izmailov, D. Podoprikhin, D. Vetrov, A. G. Wilson (2018). Loss Surfaces, Mode
#   Connectivity, and Fast Ensembling of DNNs. NeurIPS 2018. arXiv:1802.10026.
# * F. Draxler, K. Veschgini, M. Salmhofer, F. Hamprecht (2018). Essentially No Barriers in Neural Network
#   Energy Landscape. ICML 2018. arXiv:1803.00885.
