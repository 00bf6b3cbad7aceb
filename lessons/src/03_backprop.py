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
# # Lesson 03 — Computation graphs and backpropagation
#
# **Learning goals**
#
# * break a formula into a **computation graph** of primitive operations, run it forward, then
#   backward with the **chain rule**;
# * get the same derivative three ways — by hand, by **finite differences**, by `jax.grad` — and know
#   when to trust which;
# * build a tiny **scalar autograd** engine (micrograd-style) and see that it is only bookkeeping;
# * work the classic **three-sigmoid chain** by hand, check every number with `dl.layers.Dense` and
#   `jax.grad`, and fix the two slips of its usual presentation (the label, and the sign of the update);
# * use `dl.gradcheck` to catch a wrong gradient.

# %%
# %matplotlib inline
import jax
import jax.numpy as jnp
import numpy as np
import matplotlib.pyplot as plt
import dltoolkit as dl

plt.rcParams.update({"figure.dpi": 72, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## 1. A computation graph: $F(a, b, c) = 3\,(a + b)\,c$
#
# Split the formula into steps whose derivatives we know:
#
# ```
# a ──┐
#     ├─ u = a + b ──┐
# b ──┘              ├─ v = u · c ── F = 3 v
# c ─────────────────┘
# ```
#
# **Forward** with $a = 2$, $b = 4$, $c = 8$: $u = 6$, $v = 48$, $F = 144$.
#
# **Backward**: start at the output with $\partial F/\partial F = 1$ and walk right to left, multiplying
# by the local derivative of each step (the chain rule):
#
# $$
# \frac{\partial F}{\partial v} = 3,\qquad
# \frac{\partial F}{\partial u} = \frac{\partial F}{\partial v}\frac{\partial v}{\partial u} = 3\cdot c = 24,\qquad
# \frac{\partial F}{\partial a} = \frac{\partial F}{\partial u}\frac{\partial u}{\partial a} = 24\cdot 1 = 24,
# $$
#
# and likewise $\partial F/\partial b = 24$, $\partial F/\partial c = \partial F/\partial v \cdot u = 3 \cdot 6 = 18$.

# %%
a, b, c = 2.0, 4.0, 8.0
# forward
u = a + b
v = u * c
F = 3 * v
# backward, by hand: each line is (upstream gradient) x (local derivative)
dF_dF = 1.0
dF_dv = dF_dF * 3
dF_du = dF_dv * c
dF_dc = dF_dv * u
dF_da = dF_du * 1.0
dF_db = dF_du * 1.0
print(f"forward: u = {u}, v = {v}, F = {F}")
print(f"by hand: dF/da = {dF_da}, dF/db = {dF_db}, dF/dc = {dF_dc}")


# %% [markdown]
# **Finite differences** need no calculus: nudge $a$ by $h$ and measure how much $F$ moves. With
# $h = 0.001$, $F(2.001, 4, 8) = 144.024$, a change 24 times the nudge. The one-sided difference has an
# error of order $h$; the **central** difference $\big(F(a+h) - F(a-h)\big)/2h$ has error of order $h^2$
# (here $F$ is linear in $a$, so both are exact up to rounding).
#
# **`jax.grad`** does what we did by hand: JAX records the graph of primitive operations and runs it
# backward (reverse-mode automatic differentiation).

# %%
def F_fn(a, b, c):
    return 3 * (a + b) * c

h = 1e-3
fd_forward = (F_fn(a + h, b, c) - F_fn(a, b, c)) / h
p0 = np.array([a, b, c])
fd_central = [(F_fn(*(p0 + h * e)) - F_fn(*(p0 - h * e))) / (2 * h) for e in np.eye(3)]
auto = jax.grad(F_fn, argnums=(0, 1, 2))(a, b, c)

print(f"F(2.001, 4, 8) = {F_fn(a + h, b, c):.3f}")
print(f"dF/da: by hand {dF_da:.6f} | forward difference {fd_forward:.6f} | jax.grad {float(auto[0]):.6f}")
print("central differences (a, b, c):", np.round(fd_central, 6))
print("jax.grad            (a, b, c):", [float(g) for g in auto])

assert F == 144.0
assert abs(dF_da - 24) < 1e-12 and abs(fd_forward - 24) < 1e-6 and abs(float(auto[0]) - 24) < 1e-6
assert np.allclose(fd_central, [24, 24, 18], atol=1e-6)
assert np.allclose([float(g) for g in auto], [dF_da, dF_db, dF_dc])

# %% [markdown]
# ## 2. Autograd in one page
#
# Backpropagation (Rumelhart, Hinton & Williams, 1986; reverse-mode differentiation goes back to
# Linnainmaa, 1970) is bookkeeping: every value remembers which values it was computed from and the
# **local derivative** towards each of them. `backward()` visits the graph from the output back to the
# inputs (in reverse topological order) and accumulates `grad += upstream * local`. That is all of it —
# the same idea as Karpathy's *micrograd*, here in 40 lines.

# %%
import math

class Value:
    # a scalar that remembers how it was made: (parent, local derivative) pairs
    def __init__(self, data, parents=(), op=""):
        self.data, self.grad, self.parents, self.op = float(data), 0.0, parents, op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)), "+")

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)), "*")

    __radd__, __rmul__ = __add__, __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __pow__(self, k):
        return Value(self.data ** k, ((self, k * self.data ** (k - 1)),), f"**{k}")

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        return Value(s, ((self, s * (1.0 - s)),), "sigmoid")   # sigma' = sigma (1 - sigma)

    def backward(self):
        order, seen = [], set()
        def visit(node):                      # topological order: parents before children
            if id(node) not in seen:
                seen.add(id(node))
                for parent, _ in node.parents:
                    visit(parent)
                order.append(node)
        visit(self)
        self.grad = 1.0                       # dF/dF = 1
        for node in reversed(order):          # from the output back to the inputs
            for parent, local in node.parents:
                parent.grad += node.grad * local    # the chain rule, accumulated

va, vb, vc = Value(2.0), Value(4.0), Value(8.0)
vF = 3 * (va + vb) * vc
vF.backward()
print(f"Value engine: F = {vF.data}, dF/da = {va.grad}, dF/db = {vb.grad}, dF/dc = {vc.grad}")
assert (vF.data, va.grad, vb.grad, vc.grad) == (144.0, 24.0, 24.0, 18.0)

# %% [markdown]
# ## 3. The three-sigmoid chain, by hand
#
# The classic worked example: a "network" of three sigmoid neurons in a row,
#
# $$
# x \xrightarrow{W^1, b^1} a^2 \xrightarrow{W^2, b^2} a^3 \xrightarrow{W^3, b^3} a^4 = \hat y,
# \qquad z^{L+1} = W^L a^L + b^L,\quad a^{L+1} = \sigma(z^{L+1}) = \frac{1}{1 + e^{-z^{L+1}}},
# $$
#
# with $a^1 = x$, loss $\ell = \tfrac12 (y - a^4)^2$, every $W^k = 1$ and every $b^k = -0.5$.
#
# > **Two slips in the usual presentation, corrected here.**
# > 1. It announces the training example as $(x, y) = (0.5, 0)$ and then computes with $y = 1$. We use
# >    $(x, y) = (0.5, 1)$ throughout — the numbers below are for $y = 1$.
# > 2. It writes $\partial\ell/\partial a^4 = y - a^4$. The derivative of $\tfrac12(y - a^4)^2$ is
# >    $-(y - a^4) = a^4 - y$. With the sign dropped, every gradient comes out positive and the "update"
# >    $W^3 = 1 - 0.1\cdot 0.0625 = 0.99375$ moves the weight the **wrong way** (it makes the loss larger).
# >    The correct gradients are negative and gradient descent gives $W^3 = 1.00625$.
# >
# > (It also prints the sigmoid as $1/(1 + e_z)$; the exponent is $-z$.)
#
# **Forward.** $z^2 = 1\cdot 0.5 - 0.5 = 0$, so $a^2 = \sigma(0) = 0.5$; then $z^3 = 0.5 - 0.5 = 0$,
# $a^3 = 0.5$; and $a^4 = 0.5$. The prediction is $0.5$, the target is $1$.
#
# **Backward.** $\sigma'(0) = \sigma(0)(1 - \sigma(0)) = 0.25$. Call $\delta^L = \partial\ell/\partial z^L$:
#
# $$
# \begin{aligned}
# \delta^4 &= (a^4 - y)\,\sigma'(z^4) = (0.5 - 1)(0.25) = -0.125,
#   &\partial\ell/\partial W^3 &= \delta^4 a^3 = -0.0625, &\partial\ell/\partial b^3 &= \delta^4 = -0.125,\\
# \delta^3 &= \delta^4\, W^3\, \sigma'(z^3) = -0.03125,
#   &\partial\ell/\partial W^2 &= \delta^3 a^2 = -0.015625, &\partial\ell/\partial b^2 &= -0.03125,\\
# \delta^2 &= \delta^3\, W^2\, \sigma'(z^2) = -0.0078125,
#   &\partial\ell/\partial W^1 &= \delta^2 x = -0.00390625, &\partial\ell/\partial b^1 &= -0.0078125.
# \end{aligned}
# $$
#
# Each layer back multiplies by $W\sigma' = 0.25$: the gradient shrinks by 4 per layer (lesson 04 calls
# this *vanishing gradients*).
#
# **Update** with $\alpha = 0.1$, $w \leftarrow w - \alpha\,\partial\ell/\partial w$:
# $W^3 = 1 + 0.00625 = 1.00625$, $W^2 = 1.0015625$, $W^1 = 1.000390625$,
# $b^3 = -0.5 + 0.0125 = -0.4875$, $b^2 = -0.496875$, $b^1 = -0.49921875$.

# %%
x, y = 0.5, 1.0                       # y = 1: the label the computation actually uses
sig = lambda z: 1.0 / (1.0 + math.exp(-z))
W = {1: 1.0, 2: 1.0, 3: 1.0}
B = {1: -0.5, 2: -0.5, 3: -0.5}

# forward: a[1] = x, z[L+1] = W[L] a[L] + b[L], a[L+1] = sigma(z[L+1])
a_, z_ = {1: x}, {}
for L in (1, 2, 3):
    z_[L + 1] = W[L] * a_[L] + B[L]
    a_[L + 1] = sig(z_[L + 1])
print("activations a2, a3, a4:", a_[2], a_[3], a_[4])

# backward: delta[L] = dl/dz[L]
delta = {4: (a_[4] - y) * a_[4] * (1 - a_[4])}
for L in (3, 2):
    delta[L] = delta[L + 1] * W[L] * a_[L] * (1 - a_[L])
dW = {L: delta[L + 1] * a_[L] for L in (1, 2, 3)}
dB = {L: delta[L + 1] for L in (1, 2, 3)}
print("dl/dW1, dl/dW2, dl/dW3:", dW[1], dW[2], dW[3])
print("dl/db1, dl/db2, dl/db3:", dB[1], dB[2], dB[3])

assert (a_[2], a_[3], a_[4]) == (0.5, 0.5, 0.5)
assert (dW[3], dW[2], dW[1]) == (-0.0625, -0.015625, -0.00390625)
assert (dB[3], dB[2], dB[1]) == (-0.125, -0.03125, -0.0078125)

# %% [markdown]
# ## 4. The same chain with the toolkit: `dl.layers.Dense` + `jax.grad`
#
# Three `Dense(1, activation="sigmoid")` layers, initialised to the example's weights, in a `Sequential`
# model. The params are a plain nested dict; `jax.grad` of the loss returns a dict of the same shape.
# All the numbers here are exact binary fractions, so float32 reproduces them **exactly**.

# %%
from dltoolkit.layers import Dense

def neuron(name, **kw):
    return Dense(1, activation="sigmoid", name=name,
                 kernel_initializer=dl.initializers.constant(1.0),
                 bias_initializer=dl.initializers.constant(-0.5), **kw)

chain = dl.models.Sequential([neuron("layer1", input_dim=1), neuron("layer2"), neuron("layer3")])
params, state = chain.init(jax.random.key(0))
X1, Y1 = jnp.array([[0.5]]), jnp.array([[1.0]])

def chain_loss(params):
    y_hat, _ = chain.apply(params, state, X1)
    return 0.5 * jnp.sum((Y1 - y_hat) ** 2)

grads = jax.grad(chain_loss)(params)
for L in (1, 2, 3):
    g = grads[f"layer{L}"]
    print(f"layer{L}: dl/dW{L} = {float(g['kernel'][0, 0]): .8f}   dl/db{L} = {float(g['bias'][0]): .8f}")
    assert float(g["kernel"][0, 0]) == dW[L] and float(g["bias"][0]) == dB[L]

# and the Value engine agrees too
vx, vW, vB = Value(x), {L: Value(1.0) for L in (1, 2, 3)}, {L: Value(-0.5) for L in (1, 2, 3)}
act = vx
for L in (1, 2, 3):
    act = (vW[L] * act + vB[L]).sigmoid()
vloss = 0.5 * (y - act) ** 2
vloss.backward()
assert [vW[L].grad for L in (1, 2, 3)] == [dW[1], dW[2], dW[3]]
print("hand, Value engine and jax.grad agree on all six gradients")

# %% [markdown]
# One step of gradient descent with the toolkit's optimizer (`dl.optim.sgd`, the optax protocol:
# `updates = -lr * grads`, then `apply_updates`). The loss must go **down**; the notes' sign-flipped
# update makes it go **up**:

# %%
opt = dl.optim.sgd(0.1)
updates, _ = opt.update(grads, opt.init(params), params)
new_params = dl.optim.apply_updates(params, updates)
notes_params = jax.tree.map(lambda p, g: p + 0.1 * g, params, grads)   # the notes' sign: w <- w + alpha * dl/dw

W3, b3 = float(new_params["layer3"]["kernel"][0, 0]), float(new_params["layer3"]["bias"][0])
W3_notes = float(notes_params["layer3"]["kernel"][0, 0])
before, after, after_notes = (float(chain_loss(p)) for p in (params, new_params, notes_params))
print(f"gradient descent: W3 = {W3:.5f}, b3 = {b3:.4f}, W2 = {float(new_params['layer2']['kernel'][0, 0]):.7f}, "
      f"W1 = {float(new_params['layer1']['kernel'][0, 0]):.7f}")
print(f"the notes' update: W3 = {W3_notes:.5f}")
print(f"loss before {before:.6f} | after gradient descent {after:.6f} | after the notes' update {after_notes:.6f}")

assert abs(W3 - 1.00625) < 1e-6 and abs(b3 - (-0.4875)) < 1e-6
assert abs(W3_notes - 0.99375) < 1e-6
assert after < before < after_notes

# %% [markdown]
# Repeating the step, the chain slowly "memorises" its one example ($a^4 \to 1$). With the sign flipped,
# it runs away from the target. Move the sliders: a bigger learning rate gets there in fewer steps.

# %%
import ipywidgets as widgets
from dltoolkit.widgets import SliderPlot   # your knobs + your drawing; static PNG + text without a front end

@jax.jit
def train_chain(params, lr, sign):
    # 300 steps of w <- w - sign * lr * grad, recording the prediction a4 after each step
    def step(p, _):
        g = jax.grad(chain_loss)(p)
        p = jax.tree.map(lambda w, gw: w - sign * lr * gw, p, g)
        return p, chain.apply(p, state, X1)[0][0, 0]
    return jax.lax.scan(step, params, None, length=300)[1]

def draw_training(fig, learning_rate, steps):
    good = np.asarray(train_chain(params, learning_rate, 1.0))[:steps]
    bad = np.asarray(train_chain(params, learning_rate, -1.0))[:steps]
    ax = fig.subplots()
    ax.plot(np.arange(1, steps + 1), good, label="gradient descent: w - lr * grad")
    ax.plot(np.arange(1, steps + 1), bad, "--", label="the notes' sign: w + lr * grad")
    ax.axhline(1.0, color="k", lw=0.8)
    ax.set_xlabel("step"); ax.set_ylabel("prediction a4 (target 1)"); ax.set_ylim(0, 1.05)
    ax.legend(loc="center right"); ax.grid(alpha=0.3)
    return (f"lr = {learning_rate:.3g}, {steps} steps: a4 = {good[-1]:.4f} with gradient descent, "
            f"{bad[-1]:.4f} with the sign flipped (target 1)")

chain_widget = SliderPlot(draw_training,
                          learning_rate=dl.widgets.learning_rate_slider(1.0, min_exp=-2, max_exp=1),
                          steps=widgets.IntSlider(value=100, min=1, max=300, description="steps",
                                                  continuous_update=False))
chain_widget

# %%
a4_good = np.asarray(train_chain(params, 1.0, 1.0))
a4_bad = np.asarray(train_chain(params, 1.0, -1.0))
assert np.all(np.diff(a4_good) > 0) and a4_good[-1] > 0.9      # descent: the prediction climbs to the label
assert np.all(np.diff(a4_bad) < 0) and a4_bad[-1] < 0.5        # the flipped sign walks away from it

# %% [markdown]
# The same bookkeeping works for any graph, e.g. a two-layer perceptron with inputs $x_1, x_2$, hidden
# sigmoid units $h_1, h_2$ and a sigmoid output $a$: every weight is a leaf of the graph, and one backward
# pass gives all nine gradients. The `Value` engine and `jax.grad` on two `Dense` layers must agree:

# %%
net = dl.models.Sequential([Dense(2, activation="sigmoid", input_dim=2, name="hidden"),
                            Dense(1, activation="sigmoid", name="output")])
net_params, net_state = net.init(jax.random.key(5))
x_in, target = np.array([0.8, -0.4]), 1.0

# the Value graph, weights copied from the Dense layers
Wh = [[Value(float(net_params["hidden"]["kernel"][i, j])) for j in range(2)] for i in range(2)]
bh = [Value(float(net_params["hidden"]["bias"][j])) for j in range(2)]
Wo = [Value(float(net_params["output"]["kernel"][j, 0])) for j in range(2)]
bo = Value(float(net_params["output"]["bias"][0]))
h = [(Wh[0][j] * x_in[0] + Wh[1][j] * x_in[1] + bh[j]).sigmoid() for j in range(2)]
out = (Wo[0] * h[0] + Wo[1] * h[1] + bo).sigmoid()
net_loss_value = 0.5 * (target - out) ** 2
net_loss_value.backward()

def net_loss(p):
    y_hat, _ = net.apply(p, net_state, jnp.asarray(x_in, jnp.float32)[None])
    return 0.5 * jnp.sum((target - y_hat) ** 2)

g_net = jax.grad(net_loss)(net_params)
value_grads = np.array([[Wh[i][j].grad for j in range(2)] for i in range(2)])
print("dl/dW_hidden, Value engine:\n", np.round(value_grads, 6))
print("dl/dW_hidden, jax.grad:\n", np.round(np.asarray(g_net["hidden"]["kernel"]), 6))
assert np.allclose(value_grads, g_net["hidden"]["kernel"], atol=1e-6)
assert np.allclose([w.grad for w in Wo], g_net["output"]["kernel"][:, 0], atol=1e-6)
assert np.allclose([b.grad for b in bh] + [bo.grad], list(g_net["hidden"]["bias"]) + [g_net["output"]["bias"][0]], atol=1e-6)

# %% [markdown]
# ## 5. Backprop through a dense layer, in matrices
#
# For a batch $X$ of shape (batch, in), $Z = XW + b$ with $W$ (in, out). Given the upstream gradient
# $\Delta = \partial\ell/\partial Z$ (batch, out), the chain rule gives
#
# $$
# \frac{\partial \ell}{\partial W} = X^\top \Delta \;\;(\text{in}, \text{out}),\qquad
# \frac{\partial \ell}{\partial b} = \textstyle\sum_{\text{batch}} \Delta \;\;(\text{out},),\qquad
# \frac{\partial \ell}{\partial X} = \Delta W^\top \;\;(\text{batch}, \text{in}).
# $$
#
# The scalar chain above is the case in = out = batch = 1. Check against `jax.grad` on a real `Dense` layer:

# %%
layer = Dense(3, name="dense")
p_dense, _, _ = layer.init(jax.random.key(1), (4,))
Xb = jax.random.normal(jax.random.key(2), (5, 4))
T = jax.random.normal(jax.random.key(3), (5, 3))

def dense_loss(p, X):
    Z, _ = layer.apply(p, {}, X)
    return 0.5 * jnp.sum((Z - T) ** 2)          # so dl/dZ = Z - T

Z, _ = layer.apply(p_dense, {}, Xb)
Delta = Z - T
g_p, g_X = jax.grad(dense_loss, argnums=(0, 1))(p_dense, Xb)
print("dl/dW shape", g_p["kernel"].shape, "| dl/db shape", g_p["bias"].shape, "| dl/dX shape", g_X.shape)
assert np.allclose(g_p["kernel"], Xb.T @ Delta, atol=1e-5)
assert np.allclose(g_p["bias"], Delta.sum(0), atol=1e-5)
assert np.allclose(g_X, Delta @ p_dense["kernel"].T, atol=1e-5)

# %% [markdown]
# ## 6. `dl.gradcheck`: trust, but verify
#
# When you write a gradient yourself (a custom layer, a custom backward pass), compare it with central
# finite differences. `dl.gradcheck(f, params, ...)` does that in float64 for every parameter and
# returns a result that is truthy when every relative error
# $|g - g_{\text{num}}| / (|g| + |g_{\text{num}}|)$ is below $10^{-6}$; `print` it for the per-leaf table.

# %%
# NBVAL_IGNORE_OUTPUT
# (the table prints relative errors around 1e-10: their last digits depend on the CPU's float roundoff)
mlp = dl.models.Sequential([Dense(8, activation="tanh", input_dim=4), Dense(3)])
mlp_params, mlp_state = mlp.init(jax.random.key(4))

def mlp_loss(p, X, T):
    out, _ = mlp.apply(p, mlp_state, X)
    return 0.5 * jnp.mean((out - T) ** 2)

check_ok = dl.gradcheck(mlp_loss, mlp_params, Xb, T)
print(check_ok)

# %%
print("gradcheck of jax.grad on the MLP passed:", bool(check_ok))
assert check_ok and check_ok.max_rel_error < 1e-6


# %% [markdown]
# Now plant a bug. `jax.custom_vjp` lets us hand-write the backward pass of a sigmoid; we write the
# classic slip $\sigma'(z) = \sigma(z)(1 - z)$ instead of $\sigma(z)(1 - \sigma(z))$. The forward values
# are still right, so nothing looks wrong — until `gradcheck` compares with finite differences:

# %%
@jax.custom_vjp
def buggy_sigmoid(z):
    return jax.nn.sigmoid(z)

def _fwd(z):
    s = jax.nn.sigmoid(z)
    return s, (s, z)

def _bwd(res, g):
    s, z = res
    return (g * s * (1 - z),)          # BUG: should be s * (1 - s)

buggy_sigmoid.defvjp(_fwd, _bwd)

def buggy_loss(w, X):
    return jnp.sum(buggy_sigmoid(X @ w) ** 2)

w_test = jnp.array([0.3, -0.2, 0.5, 0.1])
bad = dl.gradcheck(buggy_loss, w_test, Xb)
good = dl.gradcheck(lambda w, X: jnp.sum(jax.nn.sigmoid(X @ w) ** 2), w_test, Xb)
print(f"hand-written sigmoid backward: passed = {bool(bad)}, relative error > 1e-2: {bad.max_rel_error > 1e-2}")
print(f"jax.nn.sigmoid:                passed = {bool(good)}")
assert not bad and good

# %% [markdown]
# ## Summary
#
# * A computation graph turns any formula into primitive steps; backprop walks it from the output back,
#   multiplying local derivatives (the chain rule) — by hand, in a 40-line `Value` class, or with
#   `jax.grad`, all giving $\partial F/\partial a = 24$ for $F = 3(a+b)c$ at $(2, 4, 8)$.
# * In the three-sigmoid chain with $(x, y) = (0.5, 1)$ the gradients are **negative**
#   ($\partial\ell/\partial W^3 = -0.0625$) and one SGD step with $\alpha = 0.1$ gives $W^3 = 1.00625$,
#   $b^3 = -0.4875$; the often-printed $0.99375$ comes from a dropped minus sign and raises the loss.
# * Finite differences are the independent oracle: `dl.gradcheck` catches a wrong backward pass.
#
# **Exercise:** `exercises/03_backprop.ipynb` — write the chain's forward and backward passes and the
# backward pass of a dense layer yourself; `dl.grading.check(...)` checks them.

# %% [markdown]
# ## References
#
# * Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning representations by
#   back-propagating errors. *Nature* 323, 533–536.
# * Linnainmaa, S. (1970). *The representation of the cumulative rounding error of an algorithm as a
#   Taylor expansion of the local rounding errors*. Master's thesis, University of Helsinki (reverse-mode
#   differentiation).
# * Griewank, A. & Walther, A. (2008). *Evaluating Derivatives*, 2nd ed. SIAM.
# * Baydin, A. G., Pearlmutter, B. A., Radul, A. A. & Siskind, J. M. (2018). Automatic differentiation in
#   machine learning: a survey. *Journal of Machine Learning Research* 18(153), 1–43.
# * Karpathy, A. (2020). micrograd (software), https://github.com/karpathy/micrograd.
