"""2-D loss surfaces for the OptimizerPlayground, written in ``jax.numpy``.

Each surface ``f(p)`` takes ``p = (x, y)`` and returns a scalar; ``f_min`` is its global
minimum value, so ``f(p) - f_min >= 0`` is the gap plotted on a log scale.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import jax.numpy as jnp


class Surface(NamedTuple):
    name: str
    f: Callable
    f_min: float
    xlim: tuple
    ylim: tuple
    start: tuple
    learning_rate: float
    text: str


def quadratic(p):
    """Ill-conditioned bowl ``f = (x^2 + 25 y^2) / 2``: Hessian eigenvalues 1 and 25
    (condition number 25); gradient descent is stable only for ``lr < 2/25``."""
    return 0.5 * (p[0] ** 2 + 25.0 * p[1] ** 2)


def rosenbrock(p):
    """Rosenbrock's banana valley ``f = (1 - x)^2 + 100 (y - x^2)^2``, minimum 0 at (1, 1)."""
    return (1.0 - p[0]) ** 2 + 100.0 * (p[1] - p[0] ** 2) ** 2


def saddle(p):
    """A saddle at the origin ``f = x^2/2 - y^2/2 + y^4/4``; minima -1/4 at (0, +-1).
    Starting on the ridge y ~ 0, plain gradient descent lingers near the saddle point."""
    return 0.5 * p[0] ** 2 - 0.5 * p[1] ** 2 + 0.25 * p[1] ** 4


def himmelblau(p):
    """Himmelblau's function ``(x^2 + y - 11)^2 + (x + y^2 - 7)^2``: four minima, all 0."""
    return (p[0] ** 2 + p[1] - 11.0) ** 2 + (p[0] + p[1] ** 2 - 7.0) ** 2


SURFACES: dict[str, Surface] = {
    "ill-conditioned quadratic": Surface("ill-conditioned quadratic", quadratic, 0.0, (-5, 5),
                                         (-2, 2), (-4.5, 1.5), 0.03,
                                         "f = (x² + 25y²)/2, condition number 25"),
    "rosenbrock": Surface("rosenbrock", rosenbrock, 0.0, (-2, 2), (-1, 3), (-1.5, 2.5), 0.001,
                          "f = (1-x)² + 100(y-x²)², minimum at (1, 1)"),
    "saddle": Surface("saddle", saddle, -0.25, (-2, 2), (-1.6, 1.6), (-1.8, 0.01), 0.05,
                      "f = x²/2 - y²/2 + y⁴/4, saddle at (0, 0), minima at (0, ±1)"),
    "several minima": Surface("several minima", himmelblau, 0.0, (-5, 5), (-5, 5), (0.0, -0.5),
                              0.01, "Himmelblau: four minima with f = 0"),
}
