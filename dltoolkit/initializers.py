"""Weight initializers, with the ``jax.nn.initializers`` calling convention.

An *initializer* is a function ``init(key, shape, dtype=jnp.float32) -> array``. Most names
here are *factories* that take settings and return an initializer (as in ``jax.nn``)::

    init = he_normal()                       # or get("he_normal"), get("HeNormal")
    w = init(jax.random.key(0), (784, 128))  # Dense kernel (in, out)
    k = init(key, (3, 3, 16, 32))            # Conv2D kernel HWIO

``zeros`` and ``ones`` are initializers themselves. Fans (see ``compute_fans``):
receptive field rf = prod(shape[:-2]); fan_in = shape[-2] * rf; fan_out = shape[-1] * rf.

Variance scaling (Glorot/He/LeCun) draws with variance ``scale / n`` where n is fan_in,
fan_out or their mean. As in Keras, the "normal" variants draw from a normal *truncated* at
two standard deviations, whose stddev is divided by 0.87962566103423978 (the stddev of a
unit normal truncated to [-2, 2]) so that the samples still have variance exactly scale/n.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence, Tuple, Union

import jax
import jax.numpy as jnp

from dltoolkit._names import lookup

Shape = Sequence[int]
Init = Callable[..., jax.Array]
TRUNCATED_STDDEV = 0.87962566103423978  # std of N(0, 1) truncated to [-2, 2]


class Initializer:
    """A named initializer: ``init(key, shape, dtype=jnp.float32)``; prints as its config."""

    def __init__(self, name: str, fn: Callable, **config: Any):
        self.name, self._fn, self.config = name, fn, config

    def __call__(self, key: jax.Array, shape: Shape, dtype: Any = jnp.float32) -> jax.Array:
        shape = tuple(int(d) for d in shape)
        if not jnp.issubdtype(dtype, jnp.floating):
            raise TypeError(f"{self.name}: dtype must be floating point, got {dtype}")
        return self._fn(key, shape, dtype)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.config.items())
        return f"{self.name}({args})"


def _factory(fn: Callable) -> Callable:
    fn._is_factory = True  # get() calls a factory passed uncalled: get(he_normal) works
    return fn


def compute_fans(shape: Shape) -> Tuple[int, int]:
    """(fan_in, fan_out) of a kernel: Dense (in, out) -> (in, out); conv HWIO (kh, kw, cin, cout)
    -> (kh*kw*cin, kh*kw*cout); a 1-D shape (n,) -> (n, n); a scalar -> (1, 1)."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    rf = math.prod(shape[:-2])
    return shape[-2] * rf, shape[-1] * rf


zeros = Initializer("zeros", lambda key, shape, dtype: jnp.zeros(shape, dtype))
ones = Initializer("ones", lambda key, shape, dtype: jnp.ones(shape, dtype))


@_factory
def constant(value: float = 0.0) -> Initializer:
    """Every entry equals ``value``."""
    return Initializer("constant", lambda key, shape, dtype: jnp.full(shape, value, dtype), value=value)


@_factory
def normal(mean: float = 0.0, stddev: float = 0.05) -> Initializer:
    """w ~ N(mean, stddev^2). Defaults are Keras' ``RandomNormal`` (stddev 0.05)."""
    def init(key, shape, dtype):
        return mean + stddev * jax.random.normal(key, shape, dtype)
    return Initializer("normal", init, mean=mean, stddev=stddev)


@_factory
def uniform(minval: float = -0.05, maxval: float = 0.05) -> Initializer:
    """w ~ U[minval, maxval). Defaults are Keras' ``RandomUniform``."""
    def init(key, shape, dtype):
        return jax.random.uniform(key, shape, dtype, minval, maxval)
    return Initializer("uniform", init, minval=minval, maxval=maxval)


@_factory
def truncated_normal(mean: float = 0.0, stddev: float = 0.05) -> Initializer:
    """N(mean, stddev^2) with draws beyond two stddevs redrawn (Keras' ``TruncatedNormal``;
    like Keras, ``stddev`` is that of the untruncated normal)."""
    def init(key, shape, dtype):
        return mean + stddev * jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype)
    return Initializer("truncated_normal", init, mean=mean, stddev=stddev)


@_factory
def variance_scaling(scale: float = 1.0, mode: str = "fan_in",
                     distribution: str = "truncated_normal") -> Initializer:
    """Zero-mean draws with variance ``scale / n``, n = fan_in, fan_out or (fan_in+fan_out)/2.

    distribution "uniform": U[-limit, limit] with limit = sqrt(3 scale / n);
    "normal": N(0, scale/n); "truncated_normal": truncated at 2 stddev, stddev = sqrt(scale/n)
    / 0.87962566103423978 so the variance is still scale/n.
    """
    if mode not in ("fan_in", "fan_out", "fan_avg"):
        raise ValueError(f"variance_scaling: mode must be 'fan_in', 'fan_out' or 'fan_avg', got {mode!r}")
    if distribution not in ("uniform", "normal", "truncated_normal"):
        raise ValueError("variance_scaling: distribution must be 'uniform', 'normal' or "
                         f"'truncated_normal', got {distribution!r}")

    def init(key, shape, dtype):
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
        var = scale / max(1.0, n)
        if distribution == "uniform":
            limit = math.sqrt(3.0 * var)
            return jax.random.uniform(key, shape, dtype, -limit, limit)
        if distribution == "normal":
            return math.sqrt(var) * jax.random.normal(key, shape, dtype)
        std = math.sqrt(var) / TRUNCATED_STDDEV
        return std * jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype)
    return Initializer("variance_scaling", init, scale=scale, mode=mode, distribution=distribution)


def _named(name: str, scale: float, mode: str, dist: str, doc: str) -> Callable[[], Initializer]:
    def factory() -> Initializer:
        init = variance_scaling(scale, mode, dist)
        return Initializer(name, init._fn)
    factory.__name__ = factory.__qualname__ = name
    factory.__doc__ = doc
    return _factory(factory)


glorot_uniform = _named("glorot_uniform", 1.0, "fan_avg", "uniform",
                        "Glorot/Xavier uniform: U[-l, l], l = sqrt(6 / (fan_in + fan_out)); "
                        "Var = 2 / (fan_in + fan_out). Keras' default kernel initializer.")
glorot_normal = _named("glorot_normal", 1.0, "fan_avg", "truncated_normal",
                       "Glorot/Xavier normal: truncated normal with Var = 2 / (fan_in + fan_out).")
he_normal = _named("he_normal", 2.0, "fan_in", "truncated_normal",
                   "He/Kaiming normal (for ReLU): truncated normal with Var = 2 / fan_in.")
he_uniform = _named("he_uniform", 2.0, "fan_in", "uniform",
                    "He/Kaiming uniform: U[-l, l], l = sqrt(6 / fan_in); Var = 2 / fan_in.")
lecun_normal = _named("lecun_normal", 1.0, "fan_in", "truncated_normal",
                      "LeCun normal (for SELU/tanh): truncated normal with Var = 1 / fan_in.")
lecun_uniform = _named("lecun_uniform", 1.0, "fan_in", "uniform",
                       "LeCun uniform: U[-l, l], l = sqrt(3 / fan_in); Var = 1 / fan_in.")
xavier_uniform, xavier_normal = glorot_uniform, glorot_normal
kaiming_normal, kaiming_uniform = he_normal, he_uniform


@_factory
def orthogonal(gain: float = 1.0) -> Initializer:
    """A (semi-)orthogonal matrix times ``gain`` (Saxe et al. 2014), as Keras' ``Orthogonal``.

    The kernel is viewed as a matrix (prod(shape[:-1]), shape[-1]); QR of a Gaussian matrix
    gives Q with orthonormal columns (or rows, if the matrix is wide), the signs of diag(R)
    make it uniformly distributed. So W^T W = gain^2 I when rows >= columns.
    """
    def init(key, shape, dtype):
        if len(shape) < 2:
            raise ValueError(f"orthogonal: needs a kernel of rank >= 2, got shape {shape}")
        rows, cols = math.prod(shape[:-1]), shape[-1]
        a = jax.random.normal(key, (max(rows, cols), min(rows, cols)), jnp.float32)
        q, r = jnp.linalg.qr(a)
        q = q * jnp.sign(jnp.diag(r))
        if rows < cols:
            q = q.T
        return (gain * q).reshape(shape).astype(dtype)
    return Initializer("orthogonal", init, gain=gain)


_TABLE: dict[str, Any] = {
    "zeros": zeros, "zero": zeros, "ones": ones, "one": ones, "constant": constant,
    "normal": normal, "random_normal": normal, "randomnormal": normal,
    "uniform": uniform, "random_uniform": uniform, "randomuniform": uniform,
    "truncated_normal": truncated_normal, "truncatednormal": truncated_normal,
    "variance_scaling": variance_scaling, "variancescaling": variance_scaling,
    "orthogonal": orthogonal,
}
for _f, _names in [(glorot_uniform, ("xavier_uniform",)), (glorot_normal, ("xavier_normal",)),
                   (he_normal, ("kaiming_normal",)), (he_uniform, ("kaiming_uniform",)),
                   (lecun_normal, ()), (lecun_uniform, ())]:
    for _n in (_f.__name__,) + _names:
        _TABLE[_n] = _TABLE[_n.replace("_", "")] = _f


def get(name_or_callable: Union[str, Callable]) -> Init:
    """A ready initializer from a name ("he_normal", Keras' "HeNormal", "xavier_uniform", ...),
    a factory (``he_normal`` is called with its defaults) or an initializer (returned as is)."""
    init = lookup("initializer", name_or_callable, _TABLE)
    if getattr(init, "_is_factory", False):
        init = init()
    if not callable(init):
        raise TypeError(f"initializer must be a string name or a callable init(key, shape, dtype); "
                        f"got {init!r}")
    return init
