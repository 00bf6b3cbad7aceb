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
# # Lesson 00 — Welcome
#
# This course teaches deep learning from the single neuron to CNNs, transfer learning and GANs, in
# runnable notebooks. Everything runs offline on a laptop CPU; the same code runs on a GPU.
#
# **Learning goals**
#
# * move around JupyterLab: cells, the kernel, running order, help;
# * check which devices JAX sees, and meet `jax.numpy`, `jax.grad`, `jax.jit` and explicit random keys;
# * understand how the **widgets** work (a slider driving a plot) and why they also show a static picture;
# * run an **exercise check** with `dl.grading.check(...)`;
# * know where the lessons, exercises, data and toolkit live.
#
# Every lesson has the same shape: learning goals, the idea with its equation, code that uses the toolkit
# (`import dltoolkit as dl`), a widget where a knob matters, cells that **assert** the lesson's claims
# (if a claim were false, the notebook would stop with an error — the course is tested on every change),
# and a pointer to the lesson's exercise.

# %% [markdown]
# ## 1. JupyterLab in five minutes
#
# A notebook is a list of **cells**. Markdown cells hold text and equations ($e^{i\pi} + 1 = 0$); code
# cells run Python in a **kernel**, a Python process that keeps your variables between cells.
#
# | action | how |
# |---|---|
# | run the cell and move on | **Shift + Enter** |
# | run, stay | **Ctrl + Enter** |
# | command mode / edit mode | **Esc** / **Enter** |
# | new cell above / below (command mode) | **A** / **B** |
# | cell to Markdown / code (command mode) | **M** / **Y** |
# | help on anything | `name?` in a cell, or **Shift + Tab** inside the parentheses |
# | complete a name | **Tab** |
# | start over with a clean kernel | *Kernel → Restart Kernel and Run All Cells* |
# | find any command | **Ctrl + Shift + C** (command palette) |
#
# The kernel remembers what you ran, **in the order you ran it**, not the order on the page. If results
# look odd, restart the kernel and run all cells from the top. The number in `[ ]` left of a cell tells
# you when it ran.

# %%
greeting = "hello"
counter = 0

# %%
counter += 1          # run this cell three times: the kernel keeps `counter` between runs
print(greeting, counter)

# %% [markdown]
# ## 2. JAX: arrays, gradients, compilation, devices
#
# The toolkit is built on [JAX](https://jax.readthedocs.io): NumPy's API (`jax.numpy`) plus three
# transformations we use all course long — `jax.grad` (derivatives, lesson 03), `jax.jit` (compile to
# fast code) and `jax.vmap` (vectorise). JAX runs on whatever **devices** it finds: your CPU here, a GPU
# or TPU elsewhere, with no change to the code.

# %%
# NBVAL_IGNORE_OUTPUT
# (the device list depends on the machine: a CPU here, maybe a GPU on yours)
import jax
import jax.numpy as jnp
import numpy as np

print("JAX", jax.__version__, "| backend:", jax.default_backend())
print("devices:", jax.devices())

# %%
assert len(jax.devices()) >= 1

f = lambda x: x ** 2 + 3 * x          # f'(x) = 2x + 3
df = jax.grad(f)
print("f(2) =", float(f(2.0)), " f'(2) =", float(df(2.0)))
assert float(df(2.0)) == 7.0

fast_f = jax.jit(f)                   # compiled once, then fast
x = jnp.arange(5.0)
print("jit(f) on", x, "->", fast_f(x))
assert jnp.allclose(fast_f(x), f(x))

# %% [markdown]
# ### Running on a GPU or TPU: Colab and Kaggle
#
# The course notes send you to a GPU because "your local environment will likely be too slow even on
# small toy models". For this course that is not so: every lesson runs in under a minute on a 2-core
# laptop CPU. Accelerators matter when models and data grow: VGG-16 (lesson 12) needs about 15.5
# billion multiply-adds per 224×224 image. Free ones:
#
# * **Google Colab**: *Runtime → Change runtime type → GPU (or TPU)*. JAX comes pre-installed with GPU
#   support; the first cell of every lesson installs `dltoolkit` there.
# * **Kaggle notebooks**: *Settings → Accelerator → GPU or TPU* (a weekly free quota).
# * Your own NVIDIA GPU: `pip install -U "jax[cuda12]"`; on a GPU shared by several notebooks set
#   `XLA_PYTHON_CLIENT_PREALLOCATE=false` before importing JAX (JAX otherwise reserves 75% of its memory).
#
# Nothing else changes: arrays live on `jax.devices()[0]`, and `jit` compiles for whatever that is.

# %%
# NBVAL_IGNORE_OUTPUT
# (which device this prints depends on the machine)
x_dev = jax.device_put(jnp.ones((2, 2)), jax.devices()[0])
print("an array on", x_dev.devices(), "| default backend:", jax.default_backend())
assert x_dev.devices() == {jax.devices()[0]} and float((x_dev @ x_dev).sum()) == 8.0

# %% [markdown]
# Randomness in JAX is **explicit**: you pass a key, and the same key always gives the same numbers.
# That is why every lesson prints the same results on every machine, and why you `split` a key to get
# fresh, independent ones.

# %%
key = jax.random.key(0)
a = jax.random.normal(key, (3,))
b = jax.random.normal(key, (3,))
k1, k2 = jax.random.split(key)
c = jax.random.normal(k1, (3,))
print("same key, same numbers:", bool(jnp.all(a == b)), "| a split key gives new ones:", bool(jnp.any(a != c)))
assert jnp.all(a == b) and jnp.any(a != c)

# %% [markdown]
# ## 3. The toolkit
#
# `import dltoolkit as dl` gives you the pieces of the course, with Keras' names so that what you learn
# transfers: `dl.layers`, `dl.models` (`Sequential` with `compile` / `fit` / `evaluate` / `predict`),
# `dl.losses`, `dl.optim`, `dl.activations`, `dl.initializers`, `dl.data`, `dl.widgets`, `dl.grading`,
# `dl.gradcheck`. Params are plain nested dicts you can print and differentiate.

# %%
import dltoolkit as dl

model = dl.models.Sequential([dl.layers.Dense(4, activation="relu", input_dim=2),
                              dl.layers.Dense(1, activation="sigmoid")])
params, state = model.init(jax.random.key(0))
print({layer: {k: v.shape for k, v in p.items()} for layer, p in params.items()})
y_hat, _ = model.apply(params, state, jnp.ones((3, 2)))
print("output shape:", y_hat.shape)
assert y_hat.shape == (3, 1) and bool(jnp.all((y_hat > 0) & (y_hat < 1)))

# %% [markdown]
# Data sets are embedded or generated, so nothing needs the network: `dl.data.load_digits()` (real 8×8
# handwritten digits, shipped with the toolkit), `dl.data.make_moons`, `make_circles`, `make_xor`,
# `make_spirals`, ... MNIST, Fashion-MNIST and CIFAR-10 can be downloaded once and are then cached
# (`dltoolkit data --help`), but no lesson needs them.

# %%
(x_train, y_train), (x_test, y_test) = dl.data.load_digits()
print("digits:", x_train.shape, y_train.shape, "train |", x_test.shape, "test | classes", sorted(set(y_train.tolist())))
assert x_train.shape[0] == y_train.shape[0] and len(set(y_train.tolist())) == 10

import matplotlib.pyplot as plt
plt.rcParams.update({"figure.dpi": 72})
fig, axes = plt.subplots(1, 8, figsize=(10, 1.6))
for ax, img, label in zip(axes, x_train[:8], y_train[:8]):
    ax.imshow(np.squeeze(img), cmap="gray_r"); ax.set_title(str(label)); ax.axis("off")
plt.show()

# %% [markdown]
# ## 4. How the widgets work: a slider driving a plot
#
# A widget (from `ipywidgets`) is a Python object mirrored in the browser. Moving a slider changes its
# `.value` in the kernel, and any function registered with `.observe(...)` runs. A plot widget is then
# just: **controls** + an **observer** that redraws + an **image** that shows the drawing.
#
# Below we build one from scratch: the frequency and damping of $y = e^{-d t}\sin(2\pi f t)$. Without a
# running kernel (on GitHub, in the test runner, in an exported HTML page) there is no browser side to
# mirror the widget, so the object also carries a **static fallback**: the current picture plus a line
# of text. That is what `StaticFallback` from `dl.widgets` provides, and what every toolkit explorer
# (`OptimizerPlayground`, `DecisionBoundaryPlayground`, `InitializationExplorer`, `ConvExplorer`,
# `TrainingDashboard`) does.

# %%
import ipywidgets as widgets
from dltoolkit.widgets.static import StaticFallback, fig_to_png, new_figure

class SliderPlot(StaticFallback):
    # controls -> draw(fig, **values) -> summary text; live widget in JupyterLab, PNG + text elsewhere
    def __init__(self, draw, **controls):
        self.draw, self.controls = draw, controls
        self.image = widgets.Image(format="png")
        for control in controls.values():
            control.observe(lambda change: self.refresh(), names="value")   # the observer
        self.widget = widgets.VBox([*controls.values(), self.image])
        self.refresh()

    def refresh(self):
        fig = new_figure(8, 2.8, dpi=72)
        self.text = self.draw(fig, **{k: c.value for k, c in self.controls.items()})
        fig.tight_layout()
        self.png = fig_to_png(fig)
        self.image.value = self.png           # the browser shows the new picture

    def summary(self):                        # the static fallback: text ...
        return self.text

    def figure_png(self):                     # ... and picture
        return self.png

def draw_wave(fig, frequency, damping):
    t = np.linspace(0, 2, 500)
    y = np.exp(-damping * t) * np.sin(2 * np.pi * frequency * t)
    ax = fig.subplots()
    ax.plot(t, y); ax.set_ylim(-1.05, 1.05); ax.set_xlabel("t"); ax.grid(alpha=0.3)
    ax.set_title(f"y = exp(-{damping:.1f} t) sin(2 pi {frequency:.1f} t)")
    return f"wave: frequency = {frequency:.1f}, damping = {damping:.1f}, y(0.1) = {y[25]:.3f}"

wave = SliderPlot(draw_wave,
                  frequency=widgets.FloatSlider(value=1.0, min=0.5, max=5.0, step=0.5, description="frequency"),
                  damping=widgets.FloatSlider(value=0.0, min=0.0, max=3.0, step=0.5, description="damping"))
wave

# %% [markdown]
# Setting a slider's value from code is exactly what dragging it does, so we can test the widget
# without a mouse: the observer must fire and the picture and text must change.

# %%
before = wave.summary()
wave.controls["frequency"].value = 3.0
after = wave.summary()
print(before)
print(after)
assert before != after and "frequency = 3.0" in after and wave.image.value == wave.png

# %% [markdown]
# The toolkit's explorers are built the same way. For instance the optimizer playground (lesson 07):
# move the learning rate and watch plain SGD zig-zag down a narrow valley.

# %%
dl.widgets.OptimizerPlayground(surface="ill-conditioned quadratic", optimizers=("sgd",), steps=60)


# %% [markdown]
# ## 5. How exercise checks work
#
# Each lesson has an exercise notebook in `exercises/`. You write a function where it says so, then call
# `dl.grading.check(check_id, your_function)`. The check runs your function on test cases right there,
# shows which pass, and explains failures with a hint. It never crashes your notebook, even if your code
# raises or loops forever (each check has a time limit). When your instructor grades a submitted
# notebook (`dltoolkit grade notebook.ipynb`), the same checks run again plus **hidden** cases.
#
# A real check from exercise 01, on a tiny function: the perceptron's **step activation**, which must
# return 1 for $z \ge 0$ and 0 otherwise.

# %%
def step(z):
    return jnp.where(jnp.asarray(z) >= 0, 1.0, 0.0)     # jnp: it must also work under jax.jit

result = dl.grading.check("01.step", step)

# %%
print(f"passed: {result.passed}, score {result.score}/{result.max}")
assert result.passed


# %% [markdown]
# And a near miss: using `z > 0` gets $z = 0$ wrong. The check says what went wrong and hints at the fix:

# %%
def step_with_a_bug(z):
    return jnp.where(jnp.asarray(z) > 0, 1.0, 0.0)

bad = dl.grading.check("01.step", step_with_a_bug)

# %%
print(f"passed: {bad.passed}, score {bad.score}/{bad.max}")
assert not bad.passed and bad.score < bad.max

# %% [markdown]
# ## 6. Where things are
#
# | folder | what |
# |---|---|
# | `lessons/` | these notebooks, `00_welcome` … `17_generalization`, run top to bottom |
# | `exercises/` | one exercise notebook per lesson, with `dl.grading.check` cells |
# | `dltoolkit/` | the toolkit: `layers/`, `models/`, `optim/`, `losses.py`, `data/`, `widgets/`, `grading/`, ... |
# | `README.md` | installation, the two commands for a fresh machine, the list of lessons with run times |
#
# From a terminal: `dltoolkit lessons` lists the lessons, `dltoolkit lessons --lab` opens them in
# JupyterLab, `dltoolkit data --help` manages downloadable data sets, `dltoolkit grade` grades.
#
# Inside Python, help is one `?` away: try `dl.layers.Dense?` or `dl.gradcheck?` in a new cell. Every
# docstring carries the equation it implements and the shapes in and out.
#
# **Next:** `01_perceptron.ipynb` — the neuron, the perceptron rule, and its first famous failure. Its
# exercise, `exercises/01_perceptron.ipynb`, starts with the `step` function you just checked.

# %% [markdown]
# ## References
#
# * Kluyver, T. et al. (2016). Jupyter Notebooks – a publishing format for reproducible computational
#   workflows. *Positioning and Power in Academic Publishing* (ELPUB 2016), 87–90.
# * Bradbury, J. et al. (2018). JAX: composable transformations of Python+NumPy programs (software),
#   https://github.com/jax-ml/jax.
# * Frostig, R., Johnson, M. J. & Leary, C. (2018). Compiling machine learning programs via high-level
#   tracing. *SysML 2018*.
# * Salmon, J. K., Moraes, M. A., Dror, R. O. & Shaw, D. E. (2011). Parallel random numbers: as easy as
#   1, 2, 3. *SC '11* (the counter-based generator behind JAX's explicit keys).
