"""The OptimizerPlayground figure: a cached background (surface, axes, legend) plus blitted paths.

Left: ``log(1 + f - f_min)`` as an image with contour lines, and each optimizer's path.
Right: the gap ``f(p_t) - f_min`` per step on a log scale. Axis limits are fixed per surface,
so a slider move only restores the cached background and draws the lines (no full redraw).
"""
from __future__ import annotations

import numpy as np

from .static import canvas_png, new_figure


class PlaygroundFigure:
    def __init__(self, colors: dict):
        self.colors = colors
        self.fig = new_figure(8.6, 3.5, dpi=72)
        self.ax, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        self.fig.subplots_adjust(left=0.06, right=0.98, bottom=0.14, top=0.92, wspace=0.22)
        self.background = None

    def set_surface(self, s, max_steps: int) -> None:
        """Draw the static parts for surface ``s`` (once per surface)."""
        ax, axl = self.ax, self.ax_loss
        ax.cla()
        axl.cla()
        xs = np.linspace(*s.xlim, 160)
        ys = np.linspace(*s.ylim, 160)
        X, Y = np.meshgrid(xs, ys)
        Z = np.log1p(np.maximum(np.asarray(s.f((X, Y))) - s.f_min, 0.0))
        ax.imshow(Z, extent=(*s.xlim, *s.ylim), origin="lower", aspect="auto", cmap="viridis",
                  alpha=0.85, interpolation="bilinear")
        ax.contour(X, Y, Z, levels=12, colors="white", linewidths=0.5, alpha=0.6)
        ax.set_xlim(*s.xlim)
        ax.set_ylim(*s.ylim)
        ax.set_title(s.name, fontsize=10)
        z0 = float(np.asarray(s.f(np.asarray(s.start))) - s.f_min)
        axl.set_yscale("log")
        axl.set_xlim(0, max_steps)
        axl.set_ylim(1e-8, max(10 * z0, 10 * float(np.exp(Z.max()))))
        axl.set_xlabel("step")
        axl.set_ylabel("f - f_min")
        axl.grid(alpha=0.3)
        for n, c in self.colors.items():
            axl.plot([], [], color=c, label=n)
        axl.legend(fontsize=8, loc="lower left", ncol=2)
        self.paths = {n: ax.plot([], [], "-", color=c, lw=1.6, animated=True)[0]
                      for n, c in self.colors.items()}
        self.ends = {n: ax.plot([], [], "o", color=c, ms=5, animated=True)[0]
                     for n, c in self.colors.items()}
        self.gaps = {n: axl.plot([], [], "-", color=c, lw=1.4, animated=True)[0]
                     for n, c in self.colors.items()}
        self.start = ax.plot([], [], "*", color="white", ms=11, mec="k", animated=True)[0]
        self.background = None

    def draw(self, names, path: np.ndarray, gap: np.ndarray) -> bytes:
        """Blit paths ``(T, n, 2)`` and gaps ``(T, n)`` of the optimizers ``names``; PNG bytes."""
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw()
            self.background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self.background)
        path = np.where(np.abs(path) < 1e4, path, np.nan)
        gap = np.where(np.isfinite(gap), np.maximum(gap, 1e-12), np.nan)
        steps = np.arange(len(gap))
        for i, n in enumerate(names):
            self.paths[n].set_data(path[:, i, 0], path[:, i, 1])
            self.ends[n].set_data(path[-1:, i, 0], path[-1:, i, 1])
            self.gaps[n].set_data(steps, gap[:, i])
            for artist in (self.paths[n], self.ends[n]):
                self.ax.draw_artist(artist)
            self.ax_loss.draw_artist(self.gaps[n])
        self.start.set_data(path[:1, 0, 0] if len(names) else [], path[:1, 0, 1] if len(names) else [])
        self.ax.draw_artist(self.start)
        return canvas_png(canvas)
