"""InitializationExplorer: how the initializer's scale decides whether signals survive depth.

A deep fully connected net ``h_l = phi(h_{l-1} W_l)``, ``W_l ~ scale * init(fan_in, fan_out)``,
on a batch of standard-normal inputs. For each layer we show the histogram of activations
``h_l`` and the gradient norm ``||dL/dW_l||`` of ``L = mean(h_L^2)/2``. With tanh, Glorot keeps
``Var(h_l)`` roughly constant; too small a scale makes activations (and gradients) vanish
layer by layer, too big saturates tanh (or explodes ReLU). He init does the same for ReLU. The verdict under the
plot is computed from these measurements with lesson 8's definitions (``judge``).
The forward/backward pass is jitted once per (depth, width, activation); the weights are
arguments, so changing the initializer or its scale recompiles nothing.
"""
from __future__ import annotations

import collections

import ipywidgets as w
import jax
import jax.numpy as jnp
import numpy as np

from .. import activations, initializers
from .controls import INITIALIZERS
from .static import StaticFallback, fig_to_png, new_figure, show_png


def layer_stats(weights, x, activation: str):
    """``(activations per layer, gradient norm per layer)`` for ``L = mean(h_L^2) / 2``."""
    act = activations.get(activation)

    def forward(ws):
        hs, h = [], x
        for W in ws:
            h = act(h @ W)
            hs.append(h)
        return 0.5 * jnp.mean(hs[-1] ** 2), hs

    grads, hs = jax.grad(forward, has_aux=True)(weights)
    return hs, jnp.stack([jnp.linalg.norm(g) for g in grads])


SATURATED = {"tanh": 0.99, "sigmoid": 0.49}   # |h - centre| above this: in the flat tails
CENTRE = {"tanh": 0.0, "sigmoid": 0.5}
MAX_SATURATED = 0.10        # more than 10 % of a layer's units saturated: too big
SHRINK, GROW = 0.8, 1.25    # per-layer factor of the activation std outside [0.8, 1.25]: vanishing / exploding
GRAD_SHRINK = 0.5           # per-layer factor of the gradient norm below 0.5: vanishing gradients


def saturation(h, activation: str) -> float:
    """Fraction of units in the flat tails: ``|h| > 0.99`` for tanh (lesson 8's definition),
    ``|h - 1/2| > 0.49`` for the sigmoid; 0 for units without tails (ReLU)."""
    if activation not in SATURATED:
        return 0.0
    return float(np.mean(np.abs(np.asarray(h) - CENTRE[activation]) > SATURATED[activation]))


def per_layer_factor(first: float, last: float, depth: int) -> float:
    """The geometric mean change per layer, ``(last / first) ** (1 / (depth - 1))``."""
    if depth < 2 or first <= 0:
        return 1.0
    return float((last / first) ** (1.0 / (depth - 1))) if last > 0 else 0.0


def judge(activation: str, stds, grad_norms, hs) -> str:
    """Lesson 8's rules, applied to measured statistics, in this order:

    1. *too big* if an activation is not finite, or more than 10 % of some layer's units are
       saturated (``saturation``), or the activation std grows by more than 1.25x per layer;
    2. *too small* if the std shrinks by more than 0.8x per layer (vanishing signal; after
       10 layers that is below 0.8**9 = 13 % of the first layer's);
    3. *gradients vanish* if the gradient norm shrinks by more than 0.5x per layer on its way
       down to the first layer (the sigmoid's slope is at most 1/4);
    4. otherwise *just right*.
    """
    stds, grad_norms = np.asarray(stds, float), np.asarray(grad_norms, float)
    depth = len(stds)
    if not np.all(np.isfinite(stds)):
        return "too big: the activations overflow (not finite) with depth"
    sat = [saturation(h, activation) for h in hs]
    worst = int(np.argmax(sat))
    if sat[worst] > MAX_SATURATED:
        return (f"too big: {sat[worst]:.0%} of layer {worst + 1}'s units are saturated "
                f"(over {MAX_SATURATED:.0%}), where {activation}' is about 0")
    f = per_layer_factor(stds[0], stds[-1], depth)
    if f > GROW:
        return (f"too big: the activation std grows {f:.2f}x per layer "
                f"({stds[0]:.3g} at layer 1, {stds[-1]:.3g} at layer {depth}: exploding)")
    if f < SHRINK:
        return (f"too small: the activation std shrinks {f:.2f}x per layer "
                f"({stds[0]:.3g} at layer 1, {stds[-1]:.3g} at layer {depth}: vanishing signal)")
    g = per_layer_factor(grad_norms[-1], grad_norms[0], depth)
    if np.isfinite(g) and g < GRAD_SHRINK:
        return (f"gradients vanish: the gradient norm shrinks {g:.2f}x per layer on its way to the "
                f"first layer ({grad_norms[0]:.3g} there vs {grad_norms[-1]:.3g} at layer {depth})")
    tails = f" and at most {max(sat):.0%} of a layer's units saturate" if activation in SATURATED else ""
    return f"just right: the activation std changes {f:.2f}x per layer{tails}"


class InitializationExplorer(StaticFallback):
    """Per-layer activation histograms and gradient norms for an initializer and scale."""

    def __init__(self, activation: str = "tanh", initializer: str = "glorot_normal",
                 scale: float = 1.0, depth: int = 8, width: int = 256, batch: int = 512):
        self.traces = collections.Counter()
        self.activation = w.Dropdown(options=["tanh", "relu", "sigmoid"], value=activation,
                                     description="activation")
        self.initializer = w.Dropdown(options=[i for i in INITIALIZERS if i != "zeros"],
                                      value=initializer, description="initializer")
        self.scale = w.FloatLogSlider(value=scale, base=10, min=-2, max=1, step=0.05,
                                      description="scale", continuous_update=False)
        self.depth = w.IntSlider(value=depth, min=2, max=20, description="layers",
                                 continuous_update=False)
        self.width, self.batch = width, batch
        self.image = w.Image(format="png")
        self.info = w.HTML()
        for c in (self.activation, self.initializer, self.scale, self.depth):
            c.observe(lambda _: self.update(), names="value")
        self._fns: dict = {}
        self.widget = w.HBox([w.VBox([self.activation, self.initializer, self.scale, self.depth]),
                              w.VBox([self.image, self.info])])
        self.update()

    def _fn(self, activation: str):
        if activation not in self._fns:
            def run(ws, x):
                self.traces["stats"] += 1
                return layer_stats(ws, x, activation)
            self._fns[activation] = jax.jit(run)
        return self._fns[activation]

    def compute(self):
        """``(stds, grad_norms, activations)`` per layer for the current settings."""
        key = jax.random.key(0)
        kx, *kw = jax.random.split(key, self.depth.value + 1)
        init = initializers.get(self.initializer.value)
        n = self.width
        ws = [self.scale.value * init(k, (n, n)) for k in kw]
        x = jax.random.normal(kx, (self.batch, n))
        hs, gnorm = self._fn(self.activation.value)(ws, x)
        hs = [np.asarray(h) for h in hs]
        return np.array([h.std() for h in hs]), np.asarray(gnorm), hs

    def verdict(self, stds=None, grad_norms=None, hs=None) -> str:
        """The verdict from the measured statistics (``judge``) for the current activation."""
        if stds is None or grad_norms is None or hs is None:
            stds, grad_norms, hs = self.compute()
        return judge(self.activation.value, stds, grad_norms, hs)

    def update(self) -> None:
        stds, gn, hs = self.compute()
        show_png(self.image, self._draw(stds, gn, hs))
        self.info.value = judge(self.activation.value, stds, gn, hs)

    def _draw(self, stds, gn, hs) -> bytes:
        fig = new_figure(8.6, 3.2, dpi=72)
        ax, axg = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.9, wspace=0.28)
        lim = max(1e-3, float(np.nanmax([np.abs(h).max() for h in hs])))
        bins = np.linspace(-lim, lim, 60) if self.activation.value == "tanh" or lim < 1 else \
            np.linspace(-lim, lim, 60)
        for i, h in enumerate(hs):
            ax.hist(h.ravel(), bins=bins, histtype="step", density=True,
                    color=(i / len(hs), 0.2, 1 - i / len(hs)), label=f"layer {i + 1}" if i in (0, len(hs) - 1) else None)
        ax.set_title("activations per layer (blue: first, red: last)", fontsize=9)
        ax.set_yscale("log")
        ax.legend(fontsize=7)
        axg.bar(np.arange(1, len(gn) + 1), np.maximum(gn, 1e-30), color="gray")
        axg.set_yscale("log")
        axg.set_xlabel("layer")
        axg.set_title("gradient norm ||dL/dW_l||", fontsize=9)
        return fig_to_png(fig)

    def figure_png(self) -> bytes:
        return self._draw(*self.compute())

    def summary(self) -> str:
        stds, gn, hs = self.compute()
        return (f"InitializationExplorer: activation={self.activation.value}, initializer="
                f"{self.initializer.value}, scale={self.scale.value:.3g}, layers={self.depth.value}, "
                f"width={self.width}\nactivation std per layer: {np.array2string(stds, precision=3)}\n"
                f"gradient norm per layer: {np.array2string(gn, precision=3)}\n"
                f"{judge(self.activation.value, stds, gn, hs)}")
