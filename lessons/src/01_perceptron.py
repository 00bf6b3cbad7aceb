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
# # Lesson 01 — The perceptron
#
# **Learning goals**
#
# * see an artificial neuron as a weighted vote followed by a threshold, and where the analogy with a
#   biological neuron comes from;
# * apply the **perceptron rule** $w \leftarrow w - \alpha(\hat y - y)\,x$ by hand and with
#   `dl.models.Perceptron`, and recognise the **delta rule** as the same update with a linear output;
# * know what **linear separability** means, and check Novikoff's promise: on separable data the
#   perceptron stops making mistakes after at most $(R/\gamma)^2$ updates;
# * watch the perceptron fail on **XOR** (it never converges), and rescue circular data with a
#   **feature transform** to polar coordinates.

# %%
# %matplotlib inline
import jax
import jax.numpy as jnp
import numpy as np
import matplotlib.pyplot as plt
import dltoolkit as dl

plt.rcParams.update({"figure.dpi": 72, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## 1. A neuron, and a caricature of one
#
# A biological neuron collects electrical impulses on its **dendrites**; if the total excitation in the
# cell body passes a threshold it **fires**, sending a spike down its **axon** to the next neurons.
# Rosenblatt's *perceptron* (1958) keeps exactly that skeleton:
#
# | neuron | perceptron |
# |---|---|
# | dendrites with synapses of different strength | inputs $x_j$ with weights $w_j$ |
# | excitation summed in the cell body | $z = w \cdot x + b = \sum_j w_j x_j + b$ |
# | fire / do not fire | $\hat y = \operatorname{step}(z) = 1$ if $z \ge 0$ else $0$ |
#
# Neuroscience began with such pictures: Santiago Ramón y Cajal's 19th-century drawings of neurons made
# him the father of the field, and *connectionism* (Alexander Bain, and later many others) tried to explain
# the mind by networks of simple units. Rosenblatt's paper *The perceptron: a probabilistic model for
# information storage and organization in the brain* turned the idea into a learning machine, the
# building block of every neural network since.
#
# The bias $b$ moves the threshold. Writing it as a weight $w_0$ on a constant input $x_0 = 1$ makes the
# formulas shorter, and that is what the toolkit does inside.
#
# A single neuron with hand-picked weights already computes logic gates. Here is **AND** ($w = (1, 1)$,
# $b = -1.5$: fire only when both inputs are on):

# %%
X_gate = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
w_and, b_and = np.array([1.0, 1.0]), -1.5
y_hat = dl.activations.step(X_gate @ w_and + b_and)
for x, out in zip(X_gate, np.asarray(y_hat)):
    print(f"x = {x.astype(int)}  ->  AND = {int(out)}")
assert np.array_equal(np.asarray(y_hat), [0, 0, 0, 1])

# %% [markdown]
# ## 2. The perceptron rule
#
# Weights are not picked by hand, they are **learned** from labelled examples $(x_i, y_i)$ with
# $y_i \in \{0, 1\}$. Visit the examples one at a time; for each one predict $\hat y_i$ and update
#
# $$
# w_j \leftarrow w_j - \alpha\,(\hat y_i - y_i)\,x_{ij}
# \qquad(\text{and } b \leftarrow b - \alpha(\hat y_i - y_i)).
# $$
#
# * right answer: $\hat y_i - y_i = 0$, nothing changes;
# * said 1, should be 0: $w \leftarrow w - \alpha x_i$, the neuron moves *away* from this input;
# * said 0, should be 1: $w \leftarrow w + \alpha x_i$, it moves *towards* it.
#
# One update by hand, from $w = 0$, on the example $x = (2, -1)$ with label $y = 0$: $z = 0$, so
# $\hat y = \operatorname{step}(0) = 1$, a mistake, and $w \leftarrow -\alpha\,(2, -1)$, $b \leftarrow -\alpha$.
# The toolkit's trainer must agree:

# %%
alpha = 0.5
x1, y1 = np.array([2.0, -1.0]), 0
w, b = np.zeros(2), 0.0
y_hat1 = 1.0 if w @ x1 + b >= 0 else 0.0
w, b = w - alpha * (y_hat1 - y1) * x1, b - alpha * (y_hat1 - y1)
print("by hand:        w =", w, " b =", b)

p = dl.models.Perceptron(learning_rate=alpha, max_epochs=1, shuffle=False).fit([x1], [y1])
print("dl.models.Perceptron: w =", p.weights, " b =", p.bias)
assert np.allclose(p.weights, w) and p.bias == b

# %% [markdown]
# ## 3. Linear separability and the convergence theorem
#
# A data set is **linearly separable** when some line (a hyperplane in more dimensions) has all the 1s on
# one side and all the 0s on the other. Novikoff (1962) proved that on such data the perceptron rule,
# started at $w = 0$, makes at most
#
# $$
# \text{mistakes} \;\le\; \left(\frac{R}{\gamma}\right)^2,
# \qquad R = \max_i \lVert x_i\rVert,\quad
# \gamma = \min_i\, y^\pm_i\,(u \cdot x_i)
# $$
#
# for **any** unit-length separator $u$ with margin $\gamma > 0$ (here $x_i$ includes the constant 1 and
# $y^\pm_i = \pm 1$). Then it stops: an epoch without mistakes. The bound does not depend on the number of
# examples, nor on $\alpha$. Let's train on generated separable points:

# %%
X_sep, y_sep = dl.data.make_linearly_separable(100, margin=0.1, seed=0)
perc = dl.models.Perceptron(learning_rate=1.0, max_epochs=100, seed=0).fit(X_sep, y_sep)
print("converged:", perc.converged)
print("mistakes per epoch:", perc.mistakes_per_epoch)
print("training accuracy:", np.mean(perc.predict(X_sep) == y_sep))


# %%
def plot_boundary(ax, model, X, y, title, transform=None, lim=1.3):
    # colour the plane by the model's prediction; `transform` maps (x0, x1) to the model's features
    g = np.linspace(-lim, lim, 200)
    gx, gy = np.meshgrid(g, g)
    grid = np.c_[gx.ravel(), gy.ravel()]
    feats = transform(grid) if transform is not None else grid
    zz = model.predict(feats).reshape(gx.shape)
    ax.contourf(gx, gy, zz, levels=[-0.5, 0.5, 1.5], colors=["#9ecae1", "#fdae6b"], alpha=0.35)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=14, edgecolors="k", linewidths=0.3)
    ax.set_title(title)
    ax.set_aspect("equal")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
plot_boundary(axes[0], perc, X_sep, y_sep, "separable data: perceptron boundary")
axes[1].bar(range(1, len(perc.mistakes_per_epoch) + 1), perc.mistakes_per_epoch)
axes[1].set_xlabel("epoch"); axes[1].set_ylabel("mistakes"); axes[1].set_title("mistakes per epoch")
plt.tight_layout(); plt.show()

# %% [markdown]
# Now check the theorem's promise. Any separator $u$ gives a valid bound, so we take the one the
# perceptron found (normalised to unit length, bias included) and measure its margin $\gamma$:

# %%
Xa = np.hstack([np.ones((len(X_sep), 1)), X_sep])            # x_0 = 1 carries the bias
u = np.concatenate([[perc.bias], perc.weights])
u = u / np.linalg.norm(u)
y_pm = np.where(y_sep == 1, 1.0, -1.0)
gamma = np.min(y_pm * (Xa @ u))
R = np.max(np.linalg.norm(Xa, axis=1))
total = sum(perc.mistakes_per_epoch)
print(f"R = {R:.3f}, gamma = {gamma:.4f}, bound (R/gamma)^2 = {(R / gamma) ** 2:.1f}, mistakes made = {total}")

assert perc.converged and perc.mistakes_per_epoch[-1] == 0
assert gamma > 0                        # the learned line really separates the data
assert total <= (R / gamma) ** 2        # Novikoff's mistake bound
assert np.array_equal(perc.predict(X_sep), y_sep)

# %% [markdown]
# Because it starts at $w = 0$, every weight vector the perceptron visits is a sum of $\pm\alpha x_i$:
# changing $\alpha$ rescales $w$ and $b$ together and never changes a prediction. The learning rate of
# the step-function perceptron does not matter at all:

# %%
runs = {a: dl.models.Perceptron(learning_rate=a, seed=0).fit(X_sep, y_sep) for a in (0.01, 1.0, 100.0)}
for a, m in runs.items():
    print(f"alpha = {a:6}: mistakes per epoch {m.mistakes_per_epoch}, w / alpha = {np.round(m.weights / a, 4)}")
assert all(m.mistakes_per_epoch == perc.mistakes_per_epoch for m in runs.values())

# %% [markdown]
# ## 4. The delta rule: the same equation, a linear output
#
# Replace the step by the identity, $\hat y = w\cdot x + b$, and keep the update. That is the **delta
# rule** (Widrow–Hoff, ADALINE), and it is **gradient descent** on the squared error of one example:
#
# $$
# \ell = \tfrac12(\hat y - y)^2,\qquad
# \frac{\partial \ell}{\partial w_j} = (\hat y - y)\,x_j
# \;\;\Rightarrow\;\;
# w_j \leftarrow w_j - \alpha\,(\hat y - y)\,x_j .
# $$
#
# Both rules *resolve to the same equation*; only $\hat y$ differs. We check the gradient with
# `jax.grad` and then train with `dl.models.DeltaRule` (here $\alpha$ matters: too big a step diverges;
# lesson 02 is about that).

# %%
w0, b0 = jnp.array([0.3, 0.5]), 0.1
x, y = jnp.array([1.0, 2.0]), 1.0
loss = lambda w, b: 0.5 * (w @ x + b - y) ** 2
gw, gb = jax.grad(loss, argnums=(0, 1))(w0, b0)
y_hat = w0 @ x + b0
print("jax.grad:       ", np.round(np.asarray(gw), 6), round(float(gb), 6))
print("(y_hat - y) * x:", np.round(np.asarray((y_hat - y) * x), 6), round(float(y_hat - y), 6))
assert np.allclose(gw, (y_hat - y) * x) and np.isclose(gb, y_hat - y)

# %%
delta = dl.models.DeltaRule(learning_rate=0.01, max_epochs=50, seed=0).fit(X_sep, y_sep)
acc = np.mean(delta.predict(X_sep) == y_sep)
print(f"squared-error loss: epoch 1 {delta.loss_per_epoch[0]:.4f} -> epoch 50 {delta.loss_per_epoch[-1]:.4f}")
print(f"training accuracy: {acc:.2f}")
assert delta.loss_per_epoch[-1] < delta.loss_per_epoch[0] and acc > 0.95

# %% [markdown]
# ## 5. XOR: where one line is not enough
#
# XOR outputs 1 when exactly one input is on. Plot the four points: the 1s sit on one diagonal, the 0s on
# the other, and **no** straight line has both 1s on one side and both 0s on the other. (Minsky and
# Papert's 1969 book made this famous and stalled neural-network research for a decade.) On data that is
# not linearly separable the perceptron rule never settles: every epoch makes mistakes, and `converged`
# stays `False`.

# %%
y_xor4 = np.array([0, 1, 1, 0])
p4 = dl.models.Perceptron(max_epochs=50, seed=0).fit(X_gate, y_xor4)
print("4-point XOR: converged =", p4.converged, "| mistakes in the last 5 epochs:", p4.mistakes_per_epoch[-5:])

X_xor, y_xor = dl.data.make_xor(200, seed=0)
p_xor = dl.models.Perceptron(max_epochs=50, seed=0).fit(X_xor, y_xor)
acc_xor = np.mean(p_xor.predict(X_xor) == y_xor)
print(f"200-point XOR: converged = {p_xor.converged}, fewest mistakes in an epoch = {min(p_xor.mistakes_per_epoch)}, "
      f"accuracy = {acc_xor:.2f}")

assert not p4.converged and min(p4.mistakes_per_epoch) > 0
assert not p_xor.converged and min(p_xor.mistakes_per_epoch) > 0 and acc_xor < 0.8

# %% [markdown]
# The cure is to give the neuron a better **feature**. With the product $x_0 x_1$ as a third input the
# XOR label is just "is the product negative?", a plane in 3-D, and the perceptron converges at once. A
# multi-layer network (lesson 04) learns such features by itself.

# %%
X_xor3 = np.c_[X_xor, X_xor[:, 0] * X_xor[:, 1]]
p_xor3 = dl.models.Perceptron(max_epochs=50, seed=0).fit(X_xor3, y_xor)
print("XOR with the feature x0*x1: converged =", p_xor3.converged, "after", len(p_xor3.mistakes_per_epoch), "epochs")
assert p_xor3.converged and np.array_equal(p_xor3.predict(X_xor3), y_xor)

fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
plot_boundary(axes[0], p_xor, X_xor, y_xor, f"XOR, raw (x0, x1): accuracy {acc_xor:.2f}")
plot_boundary(axes[1], p_xor3, X_xor, y_xor, "XOR with x0*x1 as a feature",
              transform=lambda g: np.c_[g, g[:, 0] * g[:, 1]])
plt.tight_layout(); plt.show()

# %% [markdown]
# ## 6. A feature transform: circles become separable in polar coordinates
#
# Two concentric circles: class 1 on a small circle of radius 0.5, class 0 on the unit circle. In
# $(x_0, x_1)$ no line separates them. But the classes differ only by the **radius**, so transform
#
# $$
# f(x_0, x_1) = (r, \theta),\qquad r = \sqrt{x_0^2 + x_1^2},\quad \theta = \operatorname{atan2}(x_1, x_0),
# $$
#
# and the boundary becomes the vertical line $r = r^*$ in the $(r, \theta)$ plane. `dl.data.to_polar` is
# that transform.

# %%
X_circ, y_circ = dl.data.make_circles(200, noise=0.05, factor=0.5, seed=0)
p_raw = dl.models.Perceptron(max_epochs=50, seed=0).fit(X_circ, y_circ)
acc_raw = np.mean(p_raw.predict(X_circ) == y_circ)

P_circ = dl.data.to_polar(X_circ)
p_polar = dl.models.Perceptron(max_epochs=100, seed=0).fit(P_circ, y_circ)
acc_polar = np.mean(p_polar.predict(P_circ) == y_circ)
r_star = -p_polar.bias / p_polar.weights[0]     # where w_r r + w_theta theta + b = 0, at theta = 0
print(f"raw (x0, x1):   converged = {p_raw.converged}, accuracy = {acc_raw:.2f}")
print(f"polar (r, th):  converged = {p_polar.converged} after {len(p_polar.mistakes_per_epoch)} epochs, "
      f"accuracy = {acc_polar:.2f}")
print(f"learned weights: w_r = {p_polar.weights[0]:.2f}, w_theta = {p_polar.weights[1]:.2f}, b = {p_polar.bias:.2f}")

assert not p_raw.converged and acc_raw < 0.75
assert p_polar.converged and acc_polar == 1.0
assert abs(p_polar.weights[1]) < abs(p_polar.weights[0])   # the radius does the work, not the angle

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.9))
plot_boundary(axes[0], p_raw, X_circ, y_circ, f"raw features: accuracy {acc_raw:.2f}")
axes[1].scatter(P_circ[:, 0], P_circ[:, 1], c=y_circ, cmap="coolwarm", s=14, edgecolors="k", linewidths=0.3)
th = np.linspace(-np.pi, np.pi, 50)
axes[1].plot(-(p_polar.weights[1] * th + p_polar.bias) / p_polar.weights[0], th, "k--", label="boundary")
axes[1].set_xlabel("r"); axes[1].set_ylabel("theta"); axes[1].set_title("polar features: one line"); axes[1].legend()
plot_boundary(axes[2], p_polar, X_circ, y_circ, "the same line, back in (x0, x1)", transform=dl.data.to_polar)
plt.tight_layout(); plt.show()

# %% [markdown]
# The small weight on $\theta$ tilts the line in the $(r, \theta)$ plane, so back in $(x_0, x_1)$ the
# boundary is a slight spiral with a notch where $\theta$ jumps from $\pi$ to $-\pi$ (on the negative
# $x_0$ axis). It still separates every training point; with only $r$ as a feature it would be an exact circle.

# %% [markdown]
# ## 7. Try it: features decide what a linear model can do
#
# The four data sets after 30 epochs of the perceptron rule: the boundary freezes on separable data and on
# circles in polar coordinates, and keeps jumping on XOR and raw circles.

# %%
DATASETS = {
    "separable": (X_sep, y_sep, None),
    "xor": (X_xor, y_xor, None),
    "circles (raw)": (X_circ, y_circ, None),
    "circles (polar)": (X_circ, y_circ, dl.data.to_polar),
}
fig, axes = plt.subplots(1, 4, figsize=(15, 3.9))
for ax, (name, (X, y, tf)) in zip(axes, DATASETS.items()):
    feats = tf(X) if tf is not None else X
    m = dl.models.Perceptron(max_epochs=30, seed=0).fit(feats, y)
    plot_boundary(ax, m, X, y, f"{name}: converged={m.converged}", transform=tf)
plt.tight_layout(); plt.show()

# %% [markdown]
# Now play with it. `dl.widgets.DecisionBoundaryPlayground` trains a small network on 2-D data; with
# **hidden layers = 0** it is a single linear layer (a softmax classifier, the smooth cousin of the
# perceptron, trained by gradient descent). Tick and untick the input features: with `x`, `y` the circles
# stay inseparable; tick `r` (the radius) and one line does it. Then try `xy` on XOR, and add hidden layers
# to see a network invent its own features. Below, the playground was trained once on the circles with
# the features `r` and `theta`; in JupyterLab press **Train** after every change.

# %%
pg = dl.widgets.DecisionBoundaryPlayground(data=(X_circ, y_circ), hidden_layers=0, learning_rate=0.1,
                                           epochs=40, batch_size=32)
for name, box in pg.features.items():
    box.value = name in ("r", "theta")
pg.train(blocking=True)
acc_pg = np.mean(pg.model.predict(dl.widgets.expand_features(X_circ, ["r", "theta"])).argmax(1) == y_circ)
print(f"linear layer on (r, theta): training accuracy {acc_pg:.2f}")
assert acc_pg == 1.0
pg

# %% [markdown]
# ## Summary
#
# * A perceptron is $\hat y = \operatorname{step}(w\cdot x + b)$; it learns with
#   $w \leftarrow w - \alpha(\hat y - y)x$, the same equation as the delta rule (gradient descent on
#   $\tfrac12(\hat y - y)^2$ with a linear output).
# * On linearly separable data it converges after at most $(R/\gamma)^2$ mistakes — we asserted it.
# * XOR is not linearly separable: the perceptron never converges. A good **feature** ($x_0x_1$, or
#   polar coordinates for circles) makes the problem separable; deeper networks learn features themselves.
#
# **Exercise:** `exercises/01_perceptron.ipynb` — write the step function, the prediction and the update
# rule yourself; `dl.grading.check(...)` tells you at once whether they are right.

# %% [markdown]
# ## References
#
# * McCulloch, W. S. & Pitts, W. (1943). A logical calculus of the ideas immanent in nervous activity.
#   *Bulletin of Mathematical Biophysics* 5, 115–133.
# * Rosenblatt, F. (1958). The perceptron: a probabilistic model for information storage and
#   organization in the brain. *Psychological Review* 65(6), 386–408.
# * Widrow, B. & Hoff, M. E. (1960). Adaptive switching circuits. *IRE WESCON Convention Record*, part 4,
#   96–104 (the delta rule, ADALINE).
# * Novikoff, A. B. J. (1962). On convergence proofs on perceptrons. *Symposium on the Mathematical Theory
#   of Automata* 12, 615–622.
# * Minsky, M. & Papert, S. (1969). *Perceptrons*. MIT Press.
