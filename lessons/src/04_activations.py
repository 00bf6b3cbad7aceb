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
# # Lesson 04 — Neural networks and activation functions
#
# **Learning goals**
#
# * build a **multi-layer perceptron** (MLP) — input, hidden and output layers, fully connected
#   (*dense*) — the Keras way with `dl.models.Sequential`, and tell architecture hyperparameters from
#   training hyperparameters;
# * see why the **activation function** must be non-linear (stacked linear layers collapse to one);
# * know sigmoid, tanh, ReLU, leaky ReLU, PReLU and the step function, **and their derivatives**;
# * measure **vanishing gradients** through a deep sigmoid stack and see why ReLU is the default.

# %%
# %matplotlib inline
import jax
import jax.numpy as jnp
import numpy as np
import matplotlib.pyplot as plt
import dltoolkit as dl
from dltoolkit.layers import Dense

plt.rcParams.update({"figure.dpi": 72, "axes.grid": True, "grid.alpha": 0.3})

# %% [markdown]
# ## 1. From one perceptron to a network
#
# A **neural network** is a multi-layer perceptron: an input layer, some hidden layers and an output
# layer. When every neuron is connected to every neuron of the next layer the layer is
# **fully connected**, or **dense**: $h = \phi(xW + b)$ with a weight matrix $W$ of shape
# (inputs, units) and an **activation function** $\phi$ applied elementwise.
#
# * **architecture hyperparameters**: number of hidden layers, units per layer, activation function;
# * **training hyperparameters**: learning rate, momentum, optimizer, regularization, batch size, epochs.
#
# The course's Keras example — 100 inputs, a hidden layer of 64 ReLU units, 5 softmax outputs — ports
# line by line (the notes leave `X, y` as a TODO; here they are 1000 points from 5 Gaussian blobs):

# %%
model = dl.models.Sequential()
model.add(Dense(units=64, activation="relu", input_dim=100))     # hidden layer, 100 inputs
model.add(Dense(units=5, activation="softmax"))                  # output layer, 5 classes
model.summary()
opt = dl.optim.SGD(learning_rate=0.1)

# %%
X_k, labels_k = dl.data.make_blobs(1000, centers=5, n_features=100, noise=8.0, seed=0)
X_k = X_k / X_k.std()
y_k = dl.data.to_categorical(labels_k, 5)
model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
history = model.fit(X_k, y_k, epochs=5, batch_size=32, verbose=0)
print("accuracy per epoch:", [round(a, 3) for a in history.history["accuracy"]])
# 100*64 + 64 weights and biases into the hidden layer, 64*5 + 5 into the output
assert sum(int(np.size(l)) for l in jax.tree.leaves(model.params)) == 100 * 64 + 64 + 64 * 5 + 5 == 6789
assert history.history["accuracy"][-1] > 0.9

# %% [markdown]
# ## 2. Why the activation must be non-linear
#
# Without $\phi$, two dense layers compute $(xW_1 + b_1)W_2 + b_2 = x(W_1W_2) + (b_1W_2 + b_2)$: a
# single linear layer. However many linear layers you stack, the model stays linear — it cannot even
# do XOR (lesson 01). The non-linearity between layers is what lets a network bend its decision boundary.

# %%
lin = dl.models.Sequential([Dense(8, input_dim=2), Dense(3)])            # no activations
p_lin, s_lin = lin.init(jax.random.key(0))
W1, b1 = p_lin["dense"]["kernel"], p_lin["dense"]["bias"]
W2, b2 = p_lin["dense_1"]["kernel"], p_lin["dense_1"]["bias"]
x_test = jax.random.normal(jax.random.key(1), (5, 2))
two_layers, _ = lin.apply(p_lin, s_lin, x_test)
one_layer = x_test @ (W1 @ W2) + (b1 @ W2 + b2)
same = bool(jnp.allclose(two_layers, one_layer, atol=1e-5))
print("two linear layers == one linear layer x (W1 W2) + (b1 W2 + b2):", same)
assert same

# %% [markdown]
# ## 3. The activation functions and their derivatives
#
# | name | $\phi(z)$ | $\phi'(z)$ | notes |
# |---|---|---|---|
# | step | $1$ if $z \ge 0$ else $0$ | $0$ (undefined at 0) | the perceptron's (lessons 00/01: $\text{step}(0) = 1$); no gradient to learn from |
# | sigmoid | $\sigma(z) = 1/(1 + e^{-z})$ | $\sigma(z)(1 - \sigma(z)) \le \tfrac14$ | output in (0, 1); saturates |
# | tanh | $\tanh z = 2\sigma(2z) - 1$ | $1 - \tanh^2 z \le 1$ | zero-centred; saturates |
# | ReLU | $\max(0, z)$ | $1$ if $z > 0$ else $0$ | cheap, no saturation for $z > 0$ |
# | leaky ReLU | $z$ if $z \ge 0$ else $a z$ | $1$ or $a$ (e.g. 0.01) | never completely dead |
# | PReLU | $z$ if $z \ge 0$ else $\alpha z$ | $1$ or $\alpha$ | the slope $\alpha$ is **learned** |
#
# We plot each with its derivative computed by `jax.grad` — and check the derivative column:

# %%
A = dl.activations
acts = {
    "step": A.step, "sigmoid": A.sigmoid, "tanh": A.tanh, "relu": A.relu,
    "leaky_relu (a=0.1)": lambda z: A.leaky_relu(z, 0.1),
    "PReLU (alpha=0.25)": lambda z: dl.layers.PReLU().apply(               # the layer wants (batch, 1)
        {"alpha": jnp.array([0.25])}, {}, jnp.reshape(z, (-1, 1)))[0].reshape(jnp.shape(z)),
}
z = jnp.linspace(-4, 4, 401)
fig, axes = plt.subplots(1, len(acts), figsize=(16, 3.2), sharey=True)
for ax, (name, phi) in zip(axes, acts.items()):
    d = jax.vmap(jax.grad(phi))(z)
    ax.plot(z, phi(z), label="phi(z)")
    ax.plot(z, d, "--", label="phi'(z)")
    ax.set_title(name); ax.set_ylim(-1.2, 1.6); ax.set_xlabel("z")
axes[0].legend(loc="upper left")
plt.tight_layout(); plt.show()

# %%
zz = jnp.array([-3.0, -0.5, 0.7, 2.5])                   # away from the kink at 0
grad_of = lambda phi: jax.vmap(jax.grad(phi))(zz)
s = A.sigmoid(zz)
checks = {
    "sigmoid' = s (1 - s)": (grad_of(A.sigmoid), s * (1 - s)),
    "tanh' = 1 - tanh^2": (grad_of(A.tanh), 1 - jnp.tanh(zz) ** 2),
    "relu' = [z > 0]": (grad_of(A.relu), (zz > 0).astype(jnp.float32)),
    "leaky' = 1 or a": (grad_of(lambda v: A.leaky_relu(v, 0.1)), jnp.where(zz > 0, 1.0, 0.1)),
    "step' = 0": (grad_of(A.step), jnp.zeros_like(zz)),
}
for name, (auto, closed) in checks.items():
    print(f"{name:22s} jax.grad {np.round(np.asarray(auto), 4)}  closed form {np.round(np.asarray(closed), 4)}")
    assert jnp.allclose(auto, closed, atol=1e-6), name
peak = float(jax.grad(A.sigmoid)(0.0))
print(f"largest slope of the sigmoid: sigma'(0) = {peak}")
assert peak == 0.25

# %% [markdown]
# The step function's derivative is $0$ everywhere it exists: gradient descent gets no signal through it.
# That is why the perceptron needs its own learning rule, and why networks use smooth or piecewise-linear
# activations instead.
#
# **PReLU** is a layer with a parameter: `dl.layers.PReLU` learns its negative slope $\alpha$ (starting at
# 0, i.e. as a ReLU). The gradient with respect to $\alpha$ is $\min(0, z)$, summed over the inputs:

# %%
prelu = dl.layers.PReLU()
p_pr, s_pr, _ = prelu.init(jax.random.key(0), (4,))
print("initial alpha:", np.asarray(p_pr["alpha"]))
z_in = jnp.array([[-2.0, -0.5, 1.0, 3.0]])
y_pr, _ = prelu.apply({"alpha": jnp.full((4,), 0.2)}, s_pr, z_in)
g_alpha = jax.grad(lambda p: jnp.sum(prelu.apply(p, s_pr, z_in)[0]))(p_pr)["alpha"]
print("PReLU(alpha = 0.2) of", np.asarray(z_in)[0], "=", np.round(np.asarray(y_pr)[0], 3))
print("d sum(y) / d alpha =", np.asarray(g_alpha), "= min(0, z)")
assert jnp.allclose(y_pr, jnp.where(z_in > 0, z_in, 0.2 * z_in))
assert jnp.allclose(g_alpha, jnp.minimum(0.0, z_in[0]))


# %% [markdown]
# ## 4. Vanishing gradients
#
# Backpropagation multiplies, layer after layer, by $W\,\phi'(z)$ (lesson 03: the three-sigmoid chain
# lost a factor 4 per layer). Since $\sigma' \le \tfrac14$, a deep **sigmoid** stack shrinks the gradient
# geometrically: the first layers barely learn. tanh ($\tanh'(0) = 1$) and ReLU ($\phi' = 1$ on the
# active side) pass the gradient through.
#
# We measure it: 10 hidden layers of 32 units, the same (Keras default) Glorot-uniform initialization,
# a batch of random inputs and targets, and the norm $\lVert \partial L/\partial W_l\rVert$ of every
# layer's weight gradient.

# %%
def deep_net(activation, depth=10, width=32):
    layers = [Dense(width, activation=activation, input_dim=width, name="layer1")]
    layers += [Dense(width, activation=activation, name=f"layer{i}") for i in range(2, depth + 1)]
    return dl.models.Sequential(layers + [Dense(1, name="out")])

x_batch = jax.random.normal(jax.random.key(1), (256, 32))
t_batch = jax.random.normal(jax.random.key(2), (256, 1))

def layer_grad_norms(activation):
    net = deep_net(activation)
    params, state = net.init(jax.random.key(0))
    loss = lambda p: dl.losses.mse(t_batch, net.apply(p, state, x_batch)[0])
    grads = jax.jit(jax.grad(loss))(params)
    return np.array([float(jnp.linalg.norm(grads[f"layer{i}"]["kernel"])) for i in range(1, 11)])

norms = {act: layer_grad_norms(act) for act in ("sigmoid", "tanh", "relu")}
for act, n in norms.items():
    print(f"{act:8s} gradient norm, layer 1 / layer 10 = {n[0] / n[-1]:.1e}")

# %%
fig, ax = plt.subplots(figsize=(7, 3.5))
for act, n in norms.items():
    ax.semilogy(range(1, 11), n, "o-", label=act)
ax.set_xlabel("layer (1 = closest to the input)"); ax.set_ylabel("||dL/dW_l||")
ax.set_title("gradient norm per layer, 10-layer MLP, Glorot-uniform init"); ax.legend()
plt.tight_layout(); plt.show()

ratio = {act: n[0] / n[-1] for act, n in norms.items()}
assert ratio["sigmoid"] < 1e-4                      # sigmoid: the first layer gets < 1/10,000 of the last one's gradient
assert ratio["relu"] > 0.1 and ratio["tanh"] > 0.1  # ReLU and tanh keep it within an order of magnitude
assert ratio["relu"] / ratio["sigmoid"] > 1e3
assert 0.5 < ratio["tanh"] / ratio["relu"] < 2      # tanh and ReLU: the same order (tanh even a little ahead here)

# %% [markdown]
What this measurement shows, and what it does not. It shows the **sigmoid** problem: $\sigma' \le \tfrac14$
shrinks the gradient layer by layer. It does **not** show that ReLU beats tanh: with Glorot
initialization tanh keeps the gradient as well as ReLU does (here even a little better). The course
notes advise "use ReLU, not sigmoid or tanh" in hidden layers; the evidence for preferring ReLU over
tanh comes from elsewhere: ReLU is cheap, gives sparse activations, and does not saturate for $z > 0$,
and deep ReLU networks trained markedly faster in practice (Glorot, Bordes & Bengio, 2011; Krizhevsky
et al., 2012 report a four-layer ReLU network reaching 25% training error on CIFAR-10 six times faster
than the same network with tanh). This lesson does not reproduce that speed claim. ReLU has its own
failure, **dead units** (a unit whose input is negative for every example gets no gradient), which
leaky ReLU and PReLU (He et al., 2015) avoid. So: ReLU or a leaky variant as the default in hidden
layers, tanh where a bounded, zero-centred unit is wanted (e.g. recurrent nets), sigmoid/softmax for
the output, where they turn scores into probabilities (lesson 05). Good initialization (Glorot for
tanh, He for ReLU — lesson 08) and, later, skip connections (lesson 12) keep gradients healthy in much
deeper networks.
#
# ## 5. Try it: an MLP learns XOR
#
# The perceptron could not do XOR. One hidden layer can. `dl.widgets.DecisionBoundaryPlayground` trains
# the network with `model.fit`; below it was trained once with 1 hidden layer of 8 tanh units. In
# JupyterLab, pick another **activation** (relu, sigmoid, linear!) or data set and press **Train**: with
# `linear` the boundary stays a straight line, whatever the number of layers.

# %%
X_xor, y_xor = dl.data.make_xor(200, seed=0)
pg = dl.widgets.DecisionBoundaryPlayground(data=(X_xor, y_xor), hidden_layers=1, neurons=8,
                                           learning_rate=0.05, epochs=60, batch_size=32)
pg.activation.value = "tanh"
pg.train(blocking=True)
acc_xor = np.mean(pg.model.predict(X_xor).argmax(1) == y_xor)
print(f"1 hidden layer of 8 tanh units on XOR: training accuracy {acc_xor:.2f}")
assert acc_xor > 0.95
pg

# %% [markdown]
# ## Summary
#
# * A dense layer is $\phi(xW + b)$; an MLP stacks them. Without a non-linear $\phi$ the stack is one
#   linear map — asserted.
# * Derivatives: $\sigma' = \sigma(1-\sigma) \le \tfrac14$, $\tanh' = 1 - \tanh^2$, ReLU' $\in \{0, 1\}$,
#   leaky/PReLU' $\in \{a, 1\}$ (PReLU learns $a$), step' $= 0$.
# * Through 10 sigmoid layers the first layer's gradient is over $10^4$ times smaller than the last's;
#   ReLU and tanh keep it within an order of magnitude — asserted. ReLU's wider use rests on speed,
#   sparsity and no saturation for $z > 0$ (Krizhevsky et al., 2012), not on this measurement.
#
# **Exercise:** `exercises/04_activations.ipynb` — write ReLU, leaky ReLU and the derivatives of ReLU
# and tanh; `dl.grading.check(...)` checks them.

# %% [markdown]
# ## References
#
# * Cybenko, G. (1989). Approximation by superpositions of a sigmoidal function. *Mathematics of Control,
#   Signals and Systems* 2, 303–314.
# * Bengio, Y., Simard, P. & Frasconi, P. (1994). Learning long-term dependencies with gradient descent is
#   difficult. *IEEE Transactions on Neural Networks* 5(2), 157–166 (vanishing gradients).
# * Nair, V. & Hinton, G. E. (2010). Rectified linear units improve restricted Boltzmann machines.
#   *ICML 2010*.
# * Glorot, X., Bordes, A. & Bengio, Y. (2011). Deep sparse rectifier neural networks. *AISTATS 2011*.
# * Krizhevsky, A., Sutskever, I. & Hinton, G. E. (2012). ImageNet classification with deep convolutional
#   neural networks. *NeurIPS 2012*.
# * Maas, A. L., Hannun, A. Y. & Ng, A. Y. (2013). Rectifier nonlinearities improve neural network acoustic
#   models. *ICML 2013 Workshop on Deep Learning for Audio, Speech and Language Processing* (leaky ReLU).
# * He, K., Zhang, X., Ren, S. & Sun, J. (2015). Delving deep into rectifiers: surpassing human-level
#   performance on ImageNet classification. *ICCV 2015* (PReLU).
