"""ConvExplorer: output size, sliding window and feature map of one 2-D convolution.

Output size along each spatial axis (input n, kernel k, padding p, stride s, dilation d)::

    out = floor((n + 2p - d (k - 1) - 1) / s) + 1

and after a 2x2 pooling with stride 2: ``floor((out - 2) / 2) + 1``. The window position
slider steps the kernel over the (padded) input in row-major order and highlights the
receptive field and the output cell it produces.
"""
from __future__ import annotations

import ipywidgets as w
import jax
import jax.numpy as jnp
import numpy as np

from .static import StaticFallback, fig_to_png, new_figure, show_png

KERNELS = {"edge x (Sobel)": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
           "edge y (Sobel)": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
           "blur": [[1, 1, 1], [1, 1, 1], [1, 1, 1]], "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]}


def conv_output_size(n: int, k: int, p: int, s: int, d: int = 1) -> int:
    """``floor((n + 2p - d(k-1) - 1)/s) + 1`` (may be <= 0: the kernel does not fit)."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def make_kernel(name: str, k: int) -> np.ndarray:
    """The named 3x3 filter resized to ``k x k`` (nearest neighbour), float32."""
    base = np.asarray(KERNELS[name], np.float32)
    idx = np.minimum((np.arange(k) * 3) // k, 2)
    ker = base[np.ix_(idx, idx)]
    return ker / ker.sum() if name == "blur" else ker


def sample_image(n: int) -> np.ndarray:
    """An n x n picture: a bright square with a diagonal stroke (edges in both directions)."""
    img = np.zeros((n, n), np.float32)
    a, b = n // 4, n - n // 4
    img[a:b, a:b] = 1.0
    img[np.arange(n), np.arange(n)] = 0.5
    return img


def convolve(img: np.ndarray, ker: np.ndarray, p: int, s: int, d: int) -> np.ndarray:
    """Cross-correlation as in Conv2D (NHWC/HWIO) via ``lax.conv_general_dilated``."""
    out = jax.lax.conv_general_dilated(jnp.asarray(img)[None, :, :, None], jnp.asarray(ker)[:, :, None, None],
                                       (s, s), [(p, p), (p, p)], rhs_dilation=(d, d),
                                       dimension_numbers=("NHWC", "HWIO", "NHWC"))
    return np.asarray(out[0, :, :, 0])


def pool(x: np.ndarray, kind: str) -> np.ndarray:
    m = (x.shape[0] // 2) * 2, (x.shape[1] // 2) * 2
    blocks = x[: m[0], : m[1]].reshape(m[0] // 2, 2, m[1] // 2, 2)
    return blocks.max(axis=(1, 3)) if kind == "max" else blocks.mean(axis=(1, 3))


def _slider(desc, value, lo, hi):
    return w.IntSlider(value=value, min=lo, max=hi, description=desc, continuous_update=False)


class ConvExplorer(StaticFallback):
    """Input size, kernel, padding, stride, dilation, pooling; formula, window and feature map."""

    def __init__(self, size: int = 8, kernel: int = 3, padding: int = 0, stride: int = 1,
                 dilation: int = 1, pooling: str = "none", filter: str = "edge x (Sobel)"):
        self.size = _slider("input size", size, 3, 16)
        self.kernel = _slider("kernel", kernel, 1, 7)
        self.padding = _slider("padding", padding, 0, 4)
        self.stride = _slider("stride", stride, 1, 4)
        self.dilation = _slider("dilation", dilation, 1, 3)
        self.pooling = w.Dropdown(options=["none", "max", "avg"], value=pooling, description="pool 2x2")
        self.filter = w.Dropdown(options=list(KERNELS), value=filter, description="filter")
        self.position = _slider("window at", 0, 0, 0)
        self.image = w.Image(format="png")
        self.formula = w.HTML()
        for c in (self.size, self.kernel, self.padding, self.stride, self.dilation, self.pooling,
                  self.filter, self.position):
            c.observe(lambda _: self.update(), names="value")
        knobs = [self.size, self.kernel, self.padding, self.stride, self.dilation, self.pooling,
                 self.filter, self.position]
        self.widget = w.HBox([w.VBox(knobs), w.VBox([self.image, self.formula])])
        self.update()

    def settings(self) -> tuple:
        return (self.size.value, self.kernel.value, self.padding.value, self.stride.value,
                self.dilation.value)

    def output_size(self) -> int:
        return conv_output_size(*self.settings())

    def formula_text(self) -> str:
        n, k, p, s, d = self.settings()
        out = self.output_size()
        text = (f"out = floor((n + 2p - d(k-1) - 1)/s) + 1 = floor(({n} + 2*{p} - {d}*({k}-1) - 1)/{s}) + 1"
                f" = {out}")
        if out <= 0:
            return text + (f": the dilated kernel spans d(k-1)+1 = {d * (k - 1) + 1} pixels, more than the "
                           f"padded input n+2p = {n + 2 * p}; add padding or shrink the kernel")
        if self.pooling.value != "none":
            text += f"; after 2x2 {self.pooling.value} pooling (stride 2): floor(({out} - 2)/2) + 1 = {(out - 2) // 2 + 1}"
        return text + f"  ({out}x{out} feature map)"

    def update(self) -> None:
        out = self.output_size()
        steps = max(out, 1) ** 2 - 1
        if self.position.max != steps:
            self.position.max = steps  # clamps the value; triggers update() again if it changed
        self.formula.value = self.formula_text()
        show_png(self.image, self.figure_png())

    def figure_png(self) -> bytes:
        n, k, p, s, d = self.settings()
        img, ker = sample_image(n), make_kernel(self.filter.value, k)
        out = self.output_size()
        panels = 3 if self.pooling.value == "none" or out < 2 else 4
        fig = new_figure(2.6 * panels, 2.7, dpi=72)
        axes = fig.subplots(1, panels)
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.04, top=0.88, wspace=0.15)
        padded = np.pad(img, p)
        axes[0].imshow(padded, cmap="gray", vmin=0, vmax=1)
        axes[0].set_title(f"input {n}x{n}, padding {p}", fontsize=9)
        axes[1].imshow(ker, cmap="coolwarm")
        axes[1].set_title(f"kernel {k}x{k}, dilation {d}", fontsize=9)
        if out > 0:
            fmap = convolve(img, ker, p, s, d)
            i, j = divmod(min(self.position.value, out * out - 1), out)
            from matplotlib.patches import Rectangle
            for a in range(k):
                for b in range(k):
                    axes[0].add_patch(Rectangle((j * s + b * d - 0.5, i * s + a * d - 0.5), 1, 1,
                                                fill=False, ec="red", lw=1.5))
            axes[2].imshow(fmap, cmap="magma")
            axes[2].add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="cyan", lw=2))
            axes[2].set_title(f"feature map {out}x{out}, stride {s}", fontsize=9)
            if panels == 4:
                pooled = pool(fmap, self.pooling.value)
                axes[3].imshow(pooled, cmap="magma")
                axes[3].set_title(f"{self.pooling.value} pool {pooled.shape[0]}x{pooled.shape[1]}", fontsize=9)
        else:
            axes[2].text(0.5, 0.5, "kernel does not fit", ha="center", va="center")
        for a in axes:
            a.set_xticks([])
            a.set_yticks([])
        return fig_to_png(fig)

    def summary(self) -> str:
        n, k, p, s, d = self.settings()
        return (f"ConvExplorer: input {n}x{n}, kernel {k}x{k} ({self.filter.value}), padding={p}, "
                f"stride={s}, dilation={d}, pooling={self.pooling.value}\n{self.formula_text()}")
