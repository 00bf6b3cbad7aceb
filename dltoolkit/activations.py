"""Activation functions: elementwise non-linearities (and softmax), each with its derivative.

Every function maps an array to an array of the same shape and is safe to ``jax.jit`` and
``jax.grad``. Each docstring gives the equation and the derivative the lessons teach; the
tests check ``jax.grad`` against those closed forms. All are numerically stable for large
``|x|``: ``sigmoid(±1000)`` is exactly 1/0 with a finite (zero) gradient, softmax subtracts
the row maximum, log_softmax uses log-sum-exp.

    get("relu")          -> relu
    get(None), get("linear") -> linear (identity)
    get(my_function)     -> my_function
"""
from __future__ import annotations

import math
from typing import Callable, Union

import jax
import jax.numpy as jnp
from jax.scipy.special import erf

from dltoolkit._names import lookup

Array = jax.Array


def linear(x: Array) -> Array:
    """Identity: f(x) = x;  f'(x) = 1. Also reachable as ``"linear"``, ``"identity"`` or ``None``."""
    return jnp.asarray(x)


identity = linear


def sigmoid(x: Array) -> Array:
    """Logistic sigmoid: sigma(x) = 1 / (1 + e^-x);  sigma'(x) = sigma(x) (1 - sigma(x)).

    Computed with ``jax.lax.logistic``, which never forms ``e^{1000}``: sigmoid(1000) = 1,
    sigmoid(-1000) = 0, both with gradient 0 instead of inf/NaN.
    """
    return jax.lax.logistic(jnp.asarray(x))


def tanh(x: Array) -> Array:
    """Hyperbolic tangent: tanh(x) = (e^x - e^-x) / (e^x + e^-x) = 2 sigma(2x) - 1;
    tanh'(x) = 1 - tanh(x)^2."""
    return jnp.tanh(x)


def relu(x: Array) -> Array:
    """Rectified linear unit: relu(x) = max(0, x);  relu'(x) = 1 if x > 0 else 0
    (at x = 0 the derivative is undefined; like every framework we use 0)."""
    x = jnp.asarray(x)
    return jnp.where(x > 0, x, jnp.zeros_like(x))


def relu6(x: Array) -> Array:
    """ReLU capped at 6: min(max(0, x), 6);  derivative 1 on (0, 6), else 0."""
    x = jnp.asarray(x)
    return jnp.where(x > 0, jnp.where(x < 6, x, jnp.full_like(x, 6)), jnp.zeros_like(x))


def leaky_relu(x: Array, negative_slope: float = 0.01) -> Array:
    """Leaky ReLU: f(x) = x if x >= 0 else a*x;  f'(x) = 1 if x > 0 else a.

    Default slope ``a = 0.01`` follows ``jax.nn.leaky_relu`` (and PyTorch). Keras' *layer*
    ``LeakyReLU`` defaults to 0.3; pass ``negative_slope=0.3`` to match it.
    """
    x = jnp.asarray(x)
    return jnp.where(x >= 0, x, negative_slope * x)


def elu(x: Array, alpha: float = 1.0) -> Array:
    """Exponential linear unit: f(x) = x if x > 0 else alpha (e^x - 1);
    f'(x) = 1 if x > 0 else alpha e^x  (= f(x) + alpha).

    The exponential only ever sees ``x <= 0``, so ``elu(1000)`` never forms ``e^1000``
    (which would make the gradient NaN through the unused branch of ``where``).
    """
    x = jnp.asarray(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.where(x > 0, jnp.zeros_like(x), x)))


def gelu(x: Array, approximate: bool = False) -> Array:
    """Gaussian error linear unit: gelu(x) = x Phi(x) = x/2 (1 + erf(x / sqrt 2));
    gelu'(x) = Phi(x) + x phi(x), with phi the standard normal density.

    ``approximate=True`` uses the tanh form 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
    Default ``False`` (exact) as in Keras and PyTorch; note ``jax.nn.gelu`` defaults to True.
    """
    x = jnp.asarray(x)
    if approximate:
        c = math.sqrt(2.0 / math.pi)
        return 0.5 * x * (1.0 + jnp.tanh(c * (x + 0.044715 * x ** 3)))
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def step(x: Array, at_zero: float = 1.0) -> Array:
    """Heaviside step (the perceptron's activation): H(x) = 1 if x > 0, 0 if x < 0, ``at_zero`` at 0.

    The default H(0) = 1 is the perceptron's convention (``dl.models.Perceptron``): the neuron
    fires when w.x + b >= 0.

    Derivative: H'(x) = 0 for every x != 0 (undefined at 0; ``jax.grad`` returns 0 there too).
    A zero gradient everywhere is why a step network cannot learn by gradient descent and
    the perceptron uses its own update rule instead.
    """
    x = jnp.asarray(x)
    one, zero = jnp.ones_like(x), jnp.zeros_like(x)
    return jnp.where(x > 0, one, jnp.where(x < 0, zero, jnp.full_like(x, at_zero)))


heaviside = step


def softplus(x: Array) -> Array:
    """Softplus: f(x) = log(1 + e^x), a smooth ReLU;  f'(x) = sigma(x).
    Computed as ``logaddexp(x, 0)``, finite for x = ±1000."""
    return jnp.logaddexp(jnp.asarray(x), 0.0)


def swish(x: Array) -> Array:
    """Swish / SiLU: f(x) = x sigma(x);  f'(x) = sigma(x) + x sigma(x) (1 - sigma(x))."""
    x = jnp.asarray(x)
    return x * sigmoid(x)


silu = swish


def hard_sigmoid(x: Array) -> Array:
    """Piecewise-linear sigmoid: f(x) = relu6(x + 3) / 6  (Keras 3 / ``jax.nn`` definition);
    f'(x) = 1/6 on (-3, 3), else 0."""
    return relu6(jnp.asarray(x) + 3.0) / 6.0


def softmax(x: Array, axis: int = -1) -> Array:
    """Softmax along ``axis``: s_i = e^{x_i} / sum_j e^{x_j}; outputs are positive and sum to 1.

    Jacobian: ds_i/dx_j = s_i (delta_ij - s_j). The maximum is subtracted first
    (softmax(x) = softmax(x - c) for any c), so ``softmax([1000, 0])`` is ``[1, 0]``, not NaN.
    Shapes: (..., classes) -> same shape.
    """
    x = jnp.asarray(x)
    shifted = x - jax.lax.stop_gradient(jnp.max(x, axis=axis, keepdims=True))
    e = jnp.exp(shifted)
    return e / jnp.sum(e, axis=axis, keepdims=True)


def log_softmax(x: Array, axis: int = -1) -> Array:
    """Log of the softmax: log s_i = x_i - logsumexp(x), logsumexp(x) = m + log sum_j e^{x_j - m}
    with m = max(x). Derivative: d log s_i / dx_j = delta_ij - s_j.

    Stays finite where ``log(softmax(x))`` gives ``-inf`` (e.g. x = [1000, 0] -> [0, -1000]).
    """
    x = jnp.asarray(x)
    shifted = x - jax.lax.stop_gradient(jnp.max(x, axis=axis, keepdims=True))
    return shifted - jnp.log(jnp.sum(jnp.exp(shifted), axis=axis, keepdims=True))


_TABLE: dict[str, Callable] = {
    "linear": linear, "identity": linear, "sigmoid": sigmoid, "logistic": sigmoid,
    "tanh": tanh, "relu": relu, "relu6": relu6, "leaky_relu": leaky_relu, "elu": elu,
    "gelu": gelu, "step": step, "heaviside": step, "softplus": softplus, "swish": swish,
    "silu": swish, "hard_sigmoid": hard_sigmoid, "softmax": softmax, "log_softmax": log_softmax,
}


def get(name_or_callable: Union[str, Callable, None]) -> Callable:
    """Resolve an activation given by Keras string name, callable, or ``None`` (= identity).

    Unknown names raise ``ValueError`` listing the valid ones.
    """
    if name_or_callable is None:
        return linear
    fn = lookup("activation", name_or_callable, _TABLE)
    if not callable(fn):
        raise TypeError(f"activation must be a string name, a callable or None; got {fn!r}")
    return fn
