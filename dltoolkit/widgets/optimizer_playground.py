"""OptimizerPlayground: optimizers side by side on 2-D loss surfaces.

All trajectories come from one jitted ``lax.scan`` of ``dl.optim`` updates::

    p_{t+1} = p_t + u_t,   (u_t, s_t) = opt.update(grad f(p_t), s_{t-1}, p_t)

run for ``MAX_STEPS`` steps for every optimizer at once. The surface index, start point and
every hyperparameter (learning rate, momentum, betas, decay) are *traced* arguments, so a
slider move re-runs compiled code and never recompiles (``playground.traces`` counts traces);
the steps slider only cuts the precomputed path. The figure's static parts (contours, axes,
legend) are drawn once per surface and cached; a slider move blits only the paths.
"""
from __future__ import annotations

import collections

import ipywidgets as w
import jax
import jax.numpy as jnp
import numpy as np

from ..optim.registry import OPTIMIZERS, build
from ._playground_plot import PlaygroundFigure
from .controls import learning_rate_slider
from .static import StaticFallback, show_png
from .surfaces import SURFACES

MAX_STEPS = 400
COLORS = {"sgd": "#1f77b4", "momentum": "#ff7f0e", "nesterov": "#2ca02c", "adagrad": "#9467bd",
          "rmsprop": "#d62728", "adam": "#111111"}


def _optimizers(hp):
    """The optimizers compared, built from (possibly traced) hyperparameters ``hp`` with the
    constructors of ``dl.optim.OPTIMIZERS``."""
    lr, mu = hp["learning_rate"], hp["momentum"]
    return {"sgd": build("sgd", lr, momentum=None), "momentum": build("sgd", lr, momentum=mu),
            "nesterov": build("sgd", lr, momentum=mu, nesterov=True), "adagrad": build("adagrad", lr),
            "rmsprop": build("rmsprop", lr, decay=hp["decay"]),
            "adam": build("adam", lr, b1=hp["b1"], b2=hp["b2"])}


NAMES = tuple(COLORS)


class Trajectories:
    """``paths(surface, start, hp) -> (MAX_STEPS + 1, n_optimizers, 2)`` and the loss gaps."""

    def __init__(self):
        self.traces = collections.Counter()
        self.fns = [s.f for s in SURFACES.values()]
        self._run = jax.jit(self._scan)

    def _scan(self, index, start, hp):
        self.traces["scan"] += 1
        f = lambda p: jax.lax.switch(index, self.fns, p)
        opts = list(_optimizers(hp).values())
        ps = tuple(start for _ in opts)
        ss = tuple(o.init(start) for o in opts)

        def body(carry, _):
            ps, ss = carry
            new_p, new_s = [], []
            for o, p, s in zip(opts, ps, ss):
                u, s = o.update(jax.grad(f)(p), s, p)
                new_p.append(p + u)
                new_s.append(s)
            return (tuple(new_p), tuple(new_s)), jnp.stack(new_p)

        _, path = jax.lax.scan(body, (ps, ss), None, length=MAX_STEPS)
        path = jnp.concatenate([jnp.broadcast_to(start, (1, len(opts), 2)), path])
        return path, jax.vmap(jax.vmap(f))(path)

    def __call__(self, surface: str, start, hp: dict):
        index = list(SURFACES).index(surface)
        hp = {k: jnp.float32(v) for k, v in hp.items()}
        path, loss = self._run(jnp.int32(index), jnp.asarray(start, jnp.float32), hp)
        return np.asarray(path), np.asarray(loss)


def _slider(desc, value, lo, hi, step, fmt=".3f"):
    """A slider from ``value`` in ``[lo, hi]``; optimizer knobs take their range from the registry:
    ``_slider(name, value, *OPTIMIZERS[opt].knobs[hp][1:])``."""
    return w.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc,
                         readout_format=fmt, continuous_update=False,
                         style={"description_width": "110px"}, layout={"width": "350px"})


class OptimizerPlayground(StaticFallback):
    """Optimizers side by side on a 2-D surface; see the module docstring."""

    def __init__(self, surface: str = "ill-conditioned quadratic", optimizers=("sgd", "momentum", "adam"),
                 steps: int = 100):
        self.engine = Trajectories()
        self.surface = w.Dropdown(options=list(SURFACES), value=surface, description="surface")
        self.lr = learning_rate_slider(SURFACES[surface].learning_rate, min_exp=-4, max_exp=0)
        knobs = {**OPTIMIZERS["sgd"].knobs, **OPTIMIZERS["adam"].knobs, **OPTIMIZERS["rmsprop"].knobs}
        self.momentum = _slider("momentum", 0.9, *knobs["momentum"][1:])
        self.b1 = _slider("beta1", knobs["b1"].default, *knobs["b1"][1:])
        self.b2 = _slider("beta2", knobs["b2"].default, *knobs["b2"][1:], ".4f")
        self.decay = _slider("rmsprop decay", knobs["decay"].default, *knobs["decay"][1:])
        self.steps = w.IntSlider(value=steps, min=1, max=MAX_STEPS, description="steps",
                                 continuous_update=False)
        s = SURFACES[surface]
        self.start_x = _slider("start x", s.start[0], *s.xlim, 0.05, ".2f")
        self.start_y = _slider("start y", s.start[1], *s.ylim, 0.05, ".2f")
        self.show = {n: w.Checkbox(value=n in optimizers, description=n, indent=False,
                                   layout={"width": "100px"}) for n in NAMES}
        self.image = w.Image(format="png")
        self.info = w.HTML()
        for c in (self.lr, self.momentum, self.b1, self.b2, self.decay, self.steps,
                  self.start_x, self.start_y, *self.show.values()):
            c.observe(lambda _: self.update(), names="value")
        self.surface.observe(lambda _: self._new_surface(), names="value")
        self.plot = PlaygroundFigure(COLORS)
        knobs = w.VBox([self.surface, self.lr, self.momentum, self.b1, self.b2, self.decay,
                        self.steps, self.start_x, self.start_y,
                        w.HBox(list(self.show.values())[:3]), w.HBox(list(self.show.values())[3:])])
        self.widget = w.HBox([knobs, w.VBox([self.image, self.info])])
        self._new_surface(first=True)

    def hyperparams(self) -> dict:
        return {"learning_rate": self.lr.value, "momentum": self.momentum.value,
                "b1": self.b1.value, "b2": self.b2.value, "decay": self.decay.value}

    def _new_surface(self, first: bool = False) -> None:
        s = SURFACES[self.surface.value]
        self._hold = True
        try:
            if not first:
                self.lr.value = s.learning_rate
                for sl, lim, v in ((self.start_x, s.xlim, s.start[0]), (self.start_y, s.ylim, s.start[1])):
                    sl.min, sl.max = min(lim[0], sl.min), max(lim[1], sl.max)
                    sl.value = v
                    sl.min, sl.max = lim
        finally:
            self._hold = False
        self.plot.set_surface(s, MAX_STEPS)
        self.update()

    def compute(self):
        """Paths ``(steps + 1, n, 2)`` and loss gaps ``f - f_min`` for the shown optimizers."""
        s = SURFACES[self.surface.value]
        path, loss = self.engine(self.surface.value, (self.start_x.value, self.start_y.value),
                                 self.hyperparams())
        keep = [i for i, n in enumerate(NAMES) if self.show[n].value]
        n = self.steps.value + 1
        return [NAMES[i] for i in keep], path[:n, keep], loss[:n, keep] - s.f_min

    def update(self) -> None:
        """Recompute the trajectories and redraw (the slider callback)."""
        if getattr(self, "_hold", False):
            return
        names, path, gap = self.compute()
        show_png(self.image, self.plot.draw(names, path, gap))
        self.info.value = "<br>".join(self._lines(names, path, gap))

    def _lines(self, names, path, gap):
        out = [SURFACES[self.surface.value].text]
        for i, n in enumerate(names):
            ok = np.all(np.isfinite(path[:, i])) and gap[-1, i] < 1e6
            end = f"ends at ({path[-1, i, 0]:.3f}, {path[-1, i, 1]:.3f}), f - f_min = {gap[-1, i]:.3g}"
            out.append(f"{n}: {end if ok else 'diverged: lower the learning rate'}")
        return out

    def figure_png(self) -> bytes:
        names, path, gap = self.compute()
        return self.plot.draw(names, path, gap)

    def summary(self) -> str:
        names, path, gap = self.compute()
        hp = ", ".join(f"{k}={v:.4g}" for k, v in self.hyperparams().items())
        return (f"OptimizerPlayground: surface={self.surface.value}, steps={self.steps.value}, "
                f"start=({self.start_x.value:.2f}, {self.start_y.value:.2f}), {hp}\n"
                + "\n".join(self._lines(names, path, gap)[1:]))
