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
# # Lesson 7: Optimizers and learning-rate schedules
#
# **Learning goals**
#
# * write the update rules of momentum, Nesterov, AdaGrad, AdaDelta, RMSprop and Adam, and read them in
#   `dl.optim`'s source;
# * explain Adam's **bias correction** and check that its first step has size $\eta$ in every coordinate;
# * watch the optimizers race on an ill-conditioned bowl and in Rosenbrock's banana valley;
# * decay the learning rate with **step, exponential and cosine** schedules.

# %%
import inspect

import jax
import jax.numpy as jnp
import matplotlib.pyplot as plt
import numpy as np

import dltoolkit as dl

# %% [markdown]
# ## 1. The update rules
#
# Write $g_t = \nabla L(w_t)$ (a minibatch gradient, lesson 6) and $\eta$ the learning rate. Every optimizer
# in `dl.optim` has optax's name, arguments and defaults.
#
# | optimizer | update (elementwise) | `dl.optim` |
# |---|---|---|
# | SGD | $w_{t+1} = w_t - \eta\, g_t$ | `sgd(lr)` |
# | momentum | $v_t = \mu v_{t-1} + g_t,\quad w_{t+1} = w_t - \eta\, v_t$ | `sgd(lr, momentum=0.9)` |
# | Nesterov | $v_t = \mu v_{t-1} + g_t,\quad w_{t+1} = w_t - \eta\,(g_t + \mu v_t)$ | `sgd(lr, momentum=0.9, nesterov=True)` |
# | AdaGrad | $G_t = G_{t-1} + g_t^2,\quad w_{t+1} = w_t - \eta\, g_t/\sqrt{G_t + \epsilon}$ | `adagrad(lr)` |
# | RMSprop | $s_t = \rho s_{t-1} + (1-\rho) g_t^2,\quad w_{t+1} = w_t - \eta\, g_t/(\sqrt{s_t} + \epsilon)$ | `rmsprop(lr, decay=0.9)` |
# | AdaDelta | $s_t$ as RMSprop, $\Delta_t = \frac{\sqrt{d_{t-1}+\epsilon}}{\sqrt{s_t+\epsilon}}\, g_t,\ d_t = \rho d_{t-1} + (1-\rho)\Delta_t^2,\ w_{t+1} = w_t - \eta\,\Delta_t$ | `adadelta(lr)` |
# | Adam | $m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2$, $\hat m_t = \frac{m_t}{1-\beta_1^t},\ \hat v_t = \frac{v_t}{1-\beta_2^t},\ w_{t+1} = w_t - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}$ | `adam(lr)` |
#
# * **Momentum** (the heavy ball, Polyak, 1964) is a running sum of gradients: it keeps rolling along a consistent direction (and over
#   plateaus, where $g \approx 0$) and averages away zig-zags. A correction to the course notes: they write
#   $W_t = \beta W_{t-1} - \alpha\,\partial\ell/\partial W$, "using the weight to hold the velocity". Taken
#   literally that shrinks the *weights* by $\beta$ every step (a very strong weight decay). The velocity
#   needs its own variable $v$, as in the table (Goodfellow et al., *Deep Learning*, 8.3.2).
# * **Nesterov**'s accelerated gradient (Nesterov, 1983) evaluates the gradient "one step ahead" along the
#   momentum. Look at the table's row, though: it evaluates $g_t$ at $w_t$, not ahead. That row is the
#   **reparameterised** form (the one optax, Keras and PyTorch implement; Sutskever et al., 2013): it tracks
#   the look-ahead point $w_t = \theta_t + \mu u_t$ instead of Sutskever's $\theta_t$, whose update
#   $u_{t+1} = \mu u_t - \eta\nabla L(\theta_t + \mu u_t)$, $\theta_{t+1} = \theta_t + u_{t+1}$ does take the
#   gradient ahead. The two are the same algorithm (checked below). The notes find that it "empirically
#   doesn't do much"; often true on real networks, but see the race below.
# * **AdaGrad** (Duchi et al., 2011) gives each parameter its own step size: large past gradients mean small steps. The sum
#   only grows, so the steps shrink like $1/\sqrt t$ and training can stall.
# * **RMSprop** and **AdaDelta** both fix that with a moving average of $g^2$ instead of the sum. A second
#   correction to the notes, which call RMSprop "a variant of AdaDelta": the two were proposed
#   independently (Tieleman & Hinton's 2012 lecture, and Zeiler, 2012). AdaDelta goes further and replaces $\eta$ by
#   the RMS of its own past steps, so the step has the units of $w$ and needs no learning rate.
# * **Adam** (Kingma & Ba, 2015) = momentum on $g$ (first moment) + RMSprop on $g^2$ (second moment) + bias correction.
#
# Each optimizer is a short function; here is AdaGrad's, from the library itself:

# %%
# NBVAL_IGNORE_OUTPUT
# (the source may be edited later; what it computes is checked in the next cells)
print(inspect.getsource(dl.optim.adagrad))

# %% [markdown]
# The optimizers follow optax's protocol: `state = opt.init(params)`,
# `updates, state = opt.update(grads, state, params)`, `params = dl.optim.apply_updates(params, updates)`.
# Let us check two rows of the table by hand: three momentum steps, and AdaGrad's shrinking steps.

# %%
w0 = jnp.array([1.0, -2.0])
grads = [jnp.array([0.5, 1.0]), jnp.array([0.3, -1.0]), jnp.array([0.1, 2.0])]

opt = dl.optim.sgd(learning_rate=0.1, momentum=0.9)
state, w = opt.init(w0), w0
v, w_hand = np.zeros(2), np.array(w0)
for g in grads:
    updates, state = opt.update(g, state, w)
    w = dl.optim.apply_updates(w, updates)
    v = 0.9 * v + np.array(g)                 # the table's momentum row, in numpy
    w_hand = w_hand - 0.1 * v
print("momentum: dl.optim", np.round(np.asarray(w), 5), " by hand", np.round(w_hand, 5))
assert np.allclose(w, w_hand, atol=1e-6)

opt = dl.optim.adagrad(learning_rate=0.1)
state, w, steps = opt.init(w0), w0, []
for _ in range(4):                            # the same gradient four times
    updates, state = opt.update(jnp.array([1.0, 1.0]), state, w)
    w = dl.optim.apply_updates(w, updates)
    steps.append(float(-updates[0]))
print("AdaGrad step sizes with a constant gradient:", [f"{s:.4f}" for s in steps])
expected = [0.1 / np.sqrt(0.1 + t) for t in range(1, 5)]   # G_0 = 0.1, G_t = 0.1 + t
assert np.allclose(steps, expected, rtol=1e-5)

# %% [markdown]
# **Nesterov, both forms.** Substituting $u = -\eta v$ and $w_t = \theta_t + \mu u_t$ into Sutskever's form gives
# $w_{t+1} = w_t - \eta\,(g_t + \mu v_t)$ with $g_t = \nabla L(w_t)$: the table's row. We run Sutskever's form
# by hand (float64) on the bowl $\tfrac12(x^2 + 25y^2)$ of section 3, and `dl.optim`'s on the same start, and
# compare $w_t$ with $\theta_t + \mu u_t$ step by step:

# %% tags=["nbval-ignore-output"]
grad_bowl = lambda p: np.array([p[0], 25.0 * p[1]])
eta, mu, start = 0.03, 0.9, np.array([-4.5, 1.5])
theta, u, thetas, lookahead = start.copy(), np.zeros(2), [start.copy()], [start.copy()]
for _ in range(60):                                            # Sutskever et al. (2013), eqs. (3)-(4)
    u = mu * u - eta * grad_bowl(theta + mu * u)              # gradient at the look-ahead point
    theta = theta + u
    thetas.append(theta)
    lookahead.append(theta + mu * u)                          # the change of variables w = theta + mu u
opt = dl.optim.sgd(eta, momentum=mu, nesterov=True)
w = jnp.asarray(start, jnp.float32)
state, ours = opt.init(w), [start.copy()]
for _ in range(60):                                           # the table's row: gradient at w_t
    updates, state = opt.update(jnp.asarray(grad_bowl(np.asarray(w)), jnp.float32), state, w)
    w = dl.optim.apply_updates(w, updates)
    ours.append(np.asarray(w, np.float64))
ours, lookahead, thetas = np.array(ours), np.array(lookahead), np.array(thetas)
print(f"max |w_t - (theta_t + mu u_t)| over 60 steps: {np.abs(ours - lookahead).max():.1e}")
print(f"max |w_t - theta_t|:                          {np.abs(ours - thetas).max():.2f}")
assert np.abs(ours - lookahead).max() < 1e-4          # the same trajectory after the change of variables
assert np.abs(ours - thetas).max() > 0.1              # ... which is needed: theta_t itself is elsewhere

# %% [markdown]
# ## 2. Adam's bias correction
#
# $m$ and $v$ start at 0, so early on they are biased towards 0: after one step
# $m_1 = (1-\beta_1) g_1 = 0.1\,g_1$ and $v_1 = (1-\beta_2) g_1^2 = 0.001\,g_1^2$. Dividing by $1-\beta^t$
# removes exactly that bias: $\hat m_1 = g_1$, $\hat v_1 = g_1^2$, so the first step is
#
# $$w_1 - w_0 = -\eta\,\frac{g_1}{\sqrt{g_1^2}+\epsilon} \approx -\eta\,\operatorname{sign}(g_1):$$
#
# **every coordinate moves by $\eta$, whatever the scale of its gradient.** Without the correction the
# first step would be $\eta\,(1-\beta_1)/\sqrt{1-\beta_2} \approx 3.16\,\eta$, too large exactly when we know
# least.

# %%
lr = 0.01
g = jnp.array([1e-3, -0.5, 20.0, -3000.0])           # gradients over six orders of magnitude
opt = dl.optim.adam(learning_rate=lr)
updates, state = opt.update(g, opt.init(jnp.zeros(4)), jnp.zeros(4))
print("first Adam step:", np.round(np.asarray(updates), 6))
assert np.allclose(jnp.abs(updates), lr, rtol=1e-4)          # |step| = lr in every coordinate
assert np.array_equal(np.sign(updates), -np.sign(g))

b1, b2 = 0.9, 0.999
no_correction = -lr * (1 - b1) * g / (np.sqrt((1 - b2) * g**2) + 1e-8)
print("without correction:  ", np.round(np.asarray(no_correction), 6))
assert np.allclose(np.abs(no_correction), lr * (1 - b1) / np.sqrt(1 - b2), rtol=1e-3)


# %% [markdown]
# ## 3. The race: an ill-conditioned bowl and the banana valley
#
# Two classic test surfaces:
#
# * $f(x, y) = \tfrac12(x^2 + 25y^2)$: curvature 1 along $x$ and 25 along $y$ (condition number 25).
#   Gradient descent is stable only for $\eta < 2/25$, and with such an $\eta$ it crawls along $x$;
# * Rosenbrock's $f(x, y) = (1-x)^2 + 100(y-x^2)^2$: a curved, flat-bottomed valley with its minimum at
#   $(1, 1)$.
#
# Each run is one jitted `lax.scan` of `opt.update` steps. Each optimizer gets a learning rate that suits it
# (the adaptive ones take steps of about $\eta$, plain SGD takes $\eta\,|g|$).

# %%
def bowl(p):
    return 0.5 * (p[0] ** 2 + 25.0 * p[1] ** 2)


def rosenbrock(p):
    return (1.0 - p[0]) ** 2 + 100.0 * (p[1] - p[0] ** 2) ** 2


def run(opt, f, start, steps):
    """The path (steps + 1, 2) of `opt` minimising f from `start`."""
    p0 = jnp.asarray(start, jnp.float32)

    def body(carry, _):
        p, s = carry
        updates, s = opt.update(jax.grad(f)(p), s, p)
        p = dl.optim.apply_updates(p, updates)
        return (p, s), p

    _, path = jax.lax.scan(body, (p0, opt.init(p0)), None, length=steps)
    return np.concatenate([np.asarray(p0)[None], np.asarray(path)])


def optimizers(lr_sgd, lr_adaptive):
    return {"sgd": dl.optim.sgd(lr_sgd),
            "momentum": dl.optim.sgd(lr_sgd, momentum=0.9),
            "nesterov": dl.optim.sgd(lr_sgd, momentum=0.9, nesterov=True),
            "adagrad": dl.optim.adagrad(10 * lr_adaptive),
            "adadelta": dl.optim.adadelta(1.0),
            "rmsprop": dl.optim.rmsprop(lr_adaptive / 3),
            "adam": dl.optim.adam(lr_adaptive)}


races = {"bowl": (bowl, (-4.5, 1.5), 200, optimizers(0.03, 0.3), ((-5, 5), (-2, 2))),
         "rosenbrock": (rosenbrock, (-1.5, 2.5), 500, optimizers(0.001, 0.1), ((-2, 2), (-1, 3)))}
results = {}
for name, (f, start, steps, opts, _) in races.items():
    results[name] = {o: run(opt, f, start, steps) for o, opt in opts.items()}
    print(f"{name}: f after 50 / {steps} steps")
    for o, path in results[name].items():
        f50, f_end = (f"{v:10.3g}" if v > 1e-12 else "    < 1e-12" for v in (float(f(path[50])), float(f(path[-1]))))
        print(f"  {o:9s} {f50} {f_end}   ends at ({path[-1, 0]:.3f}, {path[-1, 1]:.3f})")

# %%
fig, axes = plt.subplots(2, 2, figsize=(11, 7))
for row, (name, (f, start, steps, opts, (xl, yl))) in enumerate(races.items()):
    xs, ys = np.meshgrid(np.linspace(*xl, 200), np.linspace(*yl, 200))
    zs = np.asarray(jax.vmap(jax.vmap(f))(jnp.stack([xs, ys], -1)))
    axes[row, 0].contour(xs, ys, np.log10(zs + 1e-3), levels=20, cmap="Greys", linewidths=0.6)
    for o, path in results[name].items():
        axes[row, 0].plot(path[:, 0], path[:, 1], lw=1.3, label=o)
        axes[row, 1].semilogy(np.maximum([float(f(p)) for p in path], 1e-12), label=o)
    axes[row, 0].set_xlim(*xl); axes[row, 0].set_ylim(*yl); axes[row, 0].set_title(f"{name}: paths")
    axes[row, 1].set_xlabel("step"); axes[row, 1].set_ylabel("f(w) - f_min"); axes[row, 1].grid(alpha=0.3)
axes[0, 1].legend(ncol=2, fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# What to see:
#
# * on the **bowl**, SGD takes $\eta$ as large as the steep $y$ direction allows and then crawls along
#   the flat $x$ direction; momentum accumulates speed along $x$; the adaptive methods rescale each
#   coordinate, which is exactly right for an axis-aligned bowl. RMSprop's steps stay about $\eta$ long,
#   so it ends up hopping around the minimum: a case for learning-rate decay (section 4);
# * in the **banana valley** SGD (and AdaGrad, whose steps keep shrinking) are still far from $(1, 1)$ after
#   500 steps; momentum, Nesterov and Adam follow the curved valley floor to the minimum;
# * **AdaDelta** with its textbook $\eta = 1$ starts with tiny steps of about $\sqrt\epsilon$ and is slow on
#   such small problems: no optimizer wins everywhere. Adam and RMSprop are good defaults, as the notes say.

# %%
bowl_f = {o: float(bowl(p[100])) for o, p in results["bowl"].items()}
rosen_end = {o: float(rosenbrock(p[-1])) for o, p in results["rosenbrock"].items()}
assert bowl_f["momentum"] < 0.01 * bowl_f["sgd"]          # momentum crosses the flat direction faster
assert bowl_f["nesterov"] < bowl_f["momentum"]
assert max(rosen_end[o] for o in ("momentum", "nesterov", "adam")) < 0.05   # at the minimum (1, 1)
assert min(rosen_end[o] for o in ("sgd", "adagrad")) > 1.0                  # still in the valley

# %% [markdown]
# ### Try it: the OptimizerPlayground
#
# Pick a surface, move the learning rate, momentum and betas, tick optimizers on and off, drag the start.
# All paths come from one compiled scan; a slider move recomputes them without recompiling.
# (In CI the cell shows a snapshot.)

# %%
playground = dl.widgets.OptimizerPlayground(surface="ill-conditioned quadratic",
                                            optimizers=("sgd", "momentum", "nesterov", "adam"), steps=100)
playground

# %% [markdown]
# A second playground, on the Rosenbrock valley (the first one above keeps its own settings):

# %%
rosen = dl.widgets.OptimizerPlayground(surface="ill-conditioned quadratic",
                                       optimizers=("sgd", "momentum", "nesterov", "adam"), steps=100)
rosen.surface.value = "rosenbrock"            # what choosing "rosenbrock" in the dropdown does
rosen.steps.value = 400                       # (the surface's own learning rate, 0.001)
rosen

# %% tags=["nbval-ignore-output"]
names, path, gap = rosen.compute()
final = dict(zip(names, gap[-1]))
print({k: f"{v:.3g}" for k, v in final.items()})
assert final["momentum"] < final["sgd"]
adam_travel = np.abs(path[-1, names.index("adam")] - path[0, names.index("adam")])
print("Adam's total displacement per coordinate:", np.round(adam_travel, 3),
      " vs 400 steps x lr =", round(400 * rosen.lr.value, 3), "; (1, 1) is", np.abs(np.subtract((1, 1), path[0, 0])))
assert np.all(adam_travel <= 1.05 * 400 * rosen.lr.value)     # ~lr per step per coordinate, at most
assert final["adam"] == max(final.values())                         # hence last here

# %% [markdown]
# **Why Adam finishes last here.** The playground gives every optimizer the same learning rate, 0.001, the
# surface's default for SGD. For SGD the step is $\eta\,|g|$, and Rosenbrock's gradients are in the hundreds;
# for Adam the step is about $\eta$ *per coordinate* whatever the gradient (section 2), so in 400 steps Adam
# can travel at most about $400 \times 0.001 = 0.4$ per coordinate, while the minimum is 2.5 away in $x$. That
# is not a weakness of Adam but an unfair comparison: the same number means different things. With a learning
# rate suited to each optimizer (section 3: 0.001 for SGD and momentum, 0.1 for Adam) Adam gets close to the
# minimum (section 3: within 0.05 after 500 steps); the cell below re-runs the fair comparison with `dl.optim` directly, since the
# playground has one learning-rate slider for all.

# %% tags=["nbval-ignore-output"]
fair = {"sgd": dl.optim.sgd(0.001), "momentum": dl.optim.sgd(0.001, momentum=0.9), "adam": dl.optim.adam(0.1)}
same = {"sgd": dl.optim.sgd(0.001), "momentum": dl.optim.sgd(0.001, momentum=0.9), "adam": dl.optim.adam(0.001)}
for label, opts in (("one learning rate 0.001", same), ("per-optimizer rates", fair)):
    ends = {o: float(rosenbrock(run(opt, rosenbrock, (-1.5, 2.5), 400)[-1])) for o, opt in opts.items()}
    print(f"{label:24s}", {o: f"{v:.3g}" for o, v in ends.items()})
    if label.startswith("one"):
        assert ends["adam"] > max(ends["sgd"], ends["momentum"])
    else:
        assert ends["adam"] < 0.1 and ends["adam"] < 0.05 * ends["sgd"]    # near (1, 1); SGD still far

# %% [markdown]
# The other way round: set the learning rate to 0.002 in the playground, and plain SGD still approaches
# the minimum, but momentum and Nesterov diverge. With $\mu = 0.9$ momentum's steady-state step is
# $\eta/(1-\mu) = 10\,\eta$: a learning rate tuned for SGD is ten times too large for momentum.

# %% tags=["nbval-ignore-output"]
at_002 = {o: run(dl.optim.sgd(0.002, **kw), rosenbrock, (-1.5, 2.5), 400)[-1]
          for o, kw in {"sgd": {}, "momentum": {"momentum": 0.9}, "nesterov": {"momentum": 0.9, "nesterov": True}}.items()}
print({o: np.round(p, 3).tolist() for o, p in at_002.items()})
assert float(rosenbrock(at_002["sgd"])) < 0.5 * float(rosenbrock(np.array([-1.5, 2.5])))
assert all(not np.all(np.isfinite(at_002[o])) or float(rosenbrock(at_002[o])) > 1e3 for o in ("momentum", "nesterov"))

# %% [markdown]
# ## 4. Learning-rate decay
#
# A large learning rate moves fast early but makes the final iterates bounce around the minimum (with
# minibatch noise, lesson 6, they never settle). Decaying it gets both. `dl.optim.schedules` holds
# callables `step -> learning rate` (they count optimizer steps); pass one wherever a learning rate goes:
#
# * **step decay**: $\eta_t = \eta_0\,\gamma^{\lfloor t/k\rfloor}$ (Keras' stepwise schedule in the notes);
# * **exponential**: $\eta_t = \eta_0\,\gamma^{t/k}$;
# * **cosine**: $\eta_t = \eta_0\,\tfrac12\big(1+\cos(\pi t/T)\big)$, reaching 0 at $T$.

# %%
T = 40 * 64                                  # 40 epochs x 64 steps per epoch (512 examples, B = 8)
schedules = {"constant": dl.optim.schedules.constant(0.2),
             "step decay": dl.optim.schedules.step_decay(0.2, factor=0.5, every=T // 8),
             "exponential": dl.optim.schedules.exponential_decay(0.2, transition_steps=T, decay_rate=0.01),
             "cosine": dl.optim.schedules.cosine_decay(0.2, decay_steps=T)}
fig, ax = plt.subplots(figsize=(6, 3.4))
for label, sched in schedules.items():
    dl.optim.plot_schedule(sched, T, ax=ax, label=label)
plt.show()

# closed forms
assert abs(float(schedules["step decay"](2 * T // 8)) - 0.05) < 1e-7
assert abs(float(schedules["exponential"](T)) - 0.002) < 1e-7
assert abs(float(schedules["cosine"](T // 2)) - 0.1) < 1e-6 and abs(float(schedules["cosine"](T))) < 1e-7

# %% [markdown]
# Now the effect. A noisy linear regression $y = 2x + 1 + \varepsilon$, $\varepsilon \sim \mathcal N(0, 1)$, has an exact
# answer to compare with: the least-squares solution. Minibatch SGD with a constant learning rate keeps
# jittering around it (each minibatch pulls towards its own least-squares line); with a decaying learning
# rate the jitter dies out. Only the schedule differs between the runs.

# %%
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (512, 1)).astype(np.float32)
y = (2 * x[:, 0] + 1 + rng.normal(0, 1, 512)).astype(np.float32)[:, None]
w_ls = np.linalg.lstsq(np.c_[x, np.ones(512)], y[:, 0], rcond=None)[0]     # the exact optimum
print(f"least squares: slope {w_ls[0]:.4f}, intercept {w_ls[1]:.4f}")

distance = {}
for label, sched in schedules.items():
    model = dl.models.Sequential([dl.layers.Dense(1, input_dim=1)])
    model.compile(optimizer=dl.optim.sgd(learning_rate=sched), loss="mse")
    model.fit(x, y, batch_size=8, epochs=40, verbose=0, seed=0)
    w = np.r_[np.ravel(model.params["dense"]["kernel"]), np.ravel(model.params["dense"]["bias"])]
    distance[label] = np.linalg.norm(w - w_ls)
    print(f"{label:12s} slope {w[0]:.4f}, intercept {w[1]:.4f}   distance to the optimum {distance[label]:.4f}")
for label in ("step decay", "exponential", "cosine"):
    assert distance[label] < 0.1 * distance["constant"], (label, distance)

# %% [markdown]
# With the learning rate fixed, a student can still change it between `fit` calls without recompiling
# anything: `model.learning_rate = 0.05` (it lives in the optimizer state, see
# `dl.optim.set_hyperparams`); the callbacks `dl.callbacks.LearningRateScheduler` and
# `ReduceLROnPlateau` do the same per epoch.
#
# ## Summary
#
# * Momentum and Nesterov smooth the path and speed up flat directions; AdaGrad, RMSprop, AdaDelta
#   and Adam give each parameter its own step size; Adam combines both and corrects the zero start.
# * Adam's first step has size $\eta$ per coordinate: its learning rate is a step length.
# * Decaying the learning rate (step, exponential, cosine) gives fast progress early and a quiet end.
#
# * The learning rate means different things to different optimizers (a multiplier of $g$ for SGD, a step
#   length for Adam): compare optimizers each at a learning rate that suits it.
# * Nesterov's row in the table is the reparameterised form (Sutskever et al., 2013): the same trajectory as
#   the "gradient one step ahead" form after the change of variables $w = \theta + \mu u$.
#
# **Exercise:** `exercises/07_optimizers.ipynb`: implement optimizer updates yourself (momentum, Adam with
# bias correction, ...) and check them against `dl.optim`.

# %% [markdown]
# ## References
#
# * B. T. Polyak (1964). Some methods of speeding up the convergence of iteration methods. *USSR Computational
#   Mathematics and Mathematical Physics* 4(5), 1–17.
# * Y. Nesterov (1983). A method for solving the convex programming problem with convergence rate
#   O(1/k²). *Soviet Mathematics Doklady* 27, 372–376.
# * I. Sutskever, J. Martens, G. Dahl, G. Hinton (2013). On the importance of initialization and momentum in
#   deep learning. ICML 2013, PMLR 28(3), 1139–1147.
# * J. Duchi, E. Hazan, Y. Singer (2011). Adaptive subgradient methods for online learning and stochastic
#   optimization. *JMLR* 12, 2121–2159.
# * M. D. Zeiler (2012). ADADELTA: an adaptive learning rate method. arXiv:1212.5701.
# * T. Tieleman, G. Hinton (2012). Lecture 6.5, rmsprop: divide the gradient by a running average of its
#   recent magnitude. COURSERA: Neural Networks for Machine Learning (lecture slides).
# * D. P. Kingma, J. Ba (2015). Adam: a method for stochastic optimization. ICLR 2015. arXiv:1412.6980.
# * I. Goodfellow, Y. Bengio, A. Courville (2016). *Deep Learning*. MIT Press.
