"""Assertion helpers shared by the checks: shape and dtype first, then values with tolerances."""
from __future__ import annotations

import contextvars
import importlib

import jax
import jax.numpy as jnp
import numpy as np

from ..registry import Fail


def arr(out, what: str) -> np.ndarray:
    """``out`` as a numpy array, or a Fail naming ``what`` the student returned."""
    if out is None:
        raise Fail(f"{what} returned None", "did you forget the `return` statement?")
    try:
        return np.asarray(out)
    except Exception as e:  # noqa: BLE001
        raise Fail(f"{what} returned {type(out).__name__}, which is not an array ({e})")


def expect_shape(out, shape: tuple, what: str, hint: str = "") -> np.ndarray:
    a = arr(out, what)
    if a.shape != tuple(shape):
        raise Fail(f"{what}: expected shape {tuple(shape)}, got {a.shape}",
                   hint or "check which axis you reduce or broadcast over")
    return a


def expect_float(a: np.ndarray, what: str) -> None:
    if not np.issubdtype(a.dtype, np.floating):
        raise Fail(f"{what}: expected a floating-point array, got dtype {a.dtype}",
                   "avoid integer arithmetic: use floats (e.g. 1.0 instead of 1)")


def expect_close(out, ref, what: str, *, rtol: float = 1e-5, atol: float = 1e-6,
                 hint: str = "", float_dtype: bool = True) -> np.ndarray:
    """Shape, dtype, finiteness, then values: |out - ref| <= atol + rtol |ref|."""
    ref = np.asarray(ref)
    a = expect_shape(out, ref.shape, what, hint)
    if float_dtype:
        expect_float(a, what)
    a64 = a.astype(np.float64)
    if not np.all(np.isfinite(a64)) and np.all(np.isfinite(ref)):
        raise Fail(f"{what}: got non-finite values (nan/inf) where finite ones were expected",
                   hint or "look for overflow (exp of a large number) or a division by zero")
    err = np.abs(a64 - ref)
    tol = atol + rtol * np.abs(ref)
    if not np.all(err <= tol):
        i = np.unravel_index(np.argmax(err - tol), err.shape) if err.ndim else ()
        where = f" at index {tuple(int(j) for j in i)}" if err.ndim else ""
        raise Fail(f"{what}: expected {fmt(ref[i])}, got {fmt(a64[i])}{where} "
                   f"(max abs error {float(np.max(err)):.3g}, tolerance atol={atol:g}, rtol={rtol:g})",
                   hint)
    return a


def fmt(x) -> str:
    return np.array2string(np.asarray(x), precision=6, threshold=12, suppress_small=True)


def is_close(a, b, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    try:
        a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))
    except Exception:  # noqa: BLE001
        return False


# The grader sets a per-run secret around hidden cases, so their inputs cannot be known in advance.
SECRET: contextvars.ContextVar[int | None] = contextvars.ContextVar("dltoolkit_hidden_seed", default=None)


def rng(seed: int) -> np.random.Generator:
    secret = SECRET.get()
    return np.random.default_rng(seed if secret is None else [seed, secret])


def tuple_of(out, n: int, what: str, names: str) -> tuple:
    """``out`` as a tuple of ``n`` results: a tuple (or list) of length ``n``, never an array.

    An array whose length happens to be ``n`` is one result, not ``n`` of them: the message
    says the function returned a single array (most often: only the first result)."""
    if isinstance(out, (tuple, list)) and len(out) == n:
        return tuple(out)
    if hasattr(out, "shape") and hasattr(out, "dtype"):
        raise Fail(f"{what}: returned a single array of shape {tuple(out.shape)}, expected a tuple of {n}: "
                   f"{names}", f"return all {n} results: `return {names.strip('()')}`")
    if out is None:
        raise Fail(f"{what}: returned None, expected a tuple of {n}: {names}",
                   "did you forget the `return` statement?")
    got = f"a {type(out).__name__} of length {len(out)}" if isinstance(out, (tuple, list)) else type(out).__name__
    raise Fail(f"{what}: expected a tuple of {n} {names}, got {got}", f"return {names} as a tuple")


def seq_of(out, n: int, what: str, names: str) -> tuple:
    """``out`` as ``n`` values: a tuple, a list or a 1-D array of length ``n`` (a sequence of
    numbers, where an array is a fair answer)."""
    if getattr(out, "ndim", None) == 1 and len(out) == n:
        return tuple(out)
    return tuple_of(out, n, what, names)


def jitted(fn):
    """The student's ``fn`` under ``jax.jit``. The grader passes a proxy for a function that lives
    in the student's kernel; it offers ``fn.jitted()``, which jits there. See the registry."""
    remote = getattr(fn, "jitted", None)
    if callable(remote):
        return remote()
    return jax.jit(fn)


def expect_grad(fn, args: tuple, ref_grad, what: str, *, argnum: int = 0,
                rtol: float = 1e-4, atol: float = 1e-6) -> None:
    """jax.grad of the student's scalar ``fn`` w.r.t. ``args[argnum]`` must match ``ref_grad``
    (an independent, closed-form gradient), and ``dl.gradcheck`` must agree where present."""
    jargs = tuple(jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args)
    try:
        g = jax.grad(lambda *a: jnp.asarray(fn(*a)).sum(), argnums=argnum)(*jargs)
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001
        raise Fail(f"{what}: jax.grad could not differentiate your function "
                   f"({type(e).__name__}: {str(e)[:200]})",
                   "use jax.numpy (jnp) operations throughout, not numpy or Python floats")
    expect_close(g, ref_grad, f"gradient of {what}", rtol=rtol, atol=atol,
                 hint="the values may be right at some points only: check every term of the formula")
    try:
        gradcheck = importlib.import_module("dltoolkit.gradients").gradcheck
    except Exception:  # noqa: BLE001 - dl.gradcheck is optional here
        return
    f64 = [np.asarray(a, np.float64) if isinstance(a, np.ndarray) else a for a in args]
    def single(x):
        return fn(*f64[:argnum], x, *f64[argnum + 1:])
    ok = None
    for candidate in (jax.jit(single), single):  # jit first: far fewer dispatches; not all code jits
        try:
            ok = gradcheck(candidate, f64[argnum])
            break
        except NotImplementedError:
            raise
        except Exception:  # noqa: BLE001 - the closed-form comparison above already decided
            continue
    if ok is None:
        return
    if not ok:
        raise Fail(f"{what}: dl.gradcheck found analytic and numerical gradients disagree ({ok})",
                   "avoid non-differentiable tricks (rounding, integer casts) inside the function")


def random_shape(r: np.random.Generator, batch1: bool = False) -> tuple:
    """A random array shape of rank 1-3 (batch of 1 first when ``batch1``)."""
    shape = tuple(int(s) for s in r.integers(1, 6, size=int(r.integers(1, 4))))
    return (1, *shape[1:]) if batch1 else shape


def elementwise_properties(fn, ref, what: str, seed: int, *, scale: float = 3.0, float_out: bool = True,
                           shape: tuple | None = None, args: tuple = ()) -> None:
    """Properties every elementwise function has: any shape (a batch of 1 included), float32 in
    gives float32 out, integer inputs work, large values stay finite, and it runs under jit.
    ``fn`` is called as ``fn(x, *args)``."""
    student = fn
    fn = lambda x: student(x, *args)  # noqa: E731
    r = rng(seed)
    shape = shape or random_shape(r, batch1=True)
    x32 = (r.normal(size=shape) * scale).astype(np.float32)
    out = expect_shape(fn(x32), shape, f"{what} of a float32 array of shape {shape}",
                       "an elementwise function returns the input's shape")
    if float_out and out.dtype != np.float32:
        raise Fail(f"{what}: float32 input gave {out.dtype} output; keep the input's precision",
                   "use jnp operations and Python float constants (1.0), not np.float64 or np.asarray(x, float)")
    expect_close(out, ref(x32.astype(np.float64)), f"{what} (float32, shape {shape})", rtol=1e-4, atol=1e-6,
                 float_dtype=False)
    xi = np.arange(-3, 4, dtype=np.int32)
    expect_close(fn(xi), ref(xi.astype(np.float64)), f"{what} of integers {xi.tolist()}", rtol=1e-4, atol=1e-6,
                 float_dtype=False, hint="integer inputs must work too: convert with jnp.asarray(x, jnp.float32)")
    big = np.array([-1e4, -80.0, -1e-3, 0.0, 1e-3, 80.0, 1e4], np.float32)
    expect_close(fn(big), ref(big.astype(np.float64)), f"{what} of large and mixed-scale values", rtol=1e-4,
                 atol=1e-6, float_dtype=False, hint="avoid exp of a large positive number; check nan/inf")
    try:
        jit_out = jitted(student)(x32, *args)
    except NotImplementedError:
        raise
    except Exception as e:  # noqa: BLE001
        raise Fail(f"{what} does not run under jax.jit ({type(e).__name__}: {str(e)[:150]})",
                   "use jnp (not np) on the input, and jnp.where instead of Python if/else on values")
    expect_close(jit_out, ref(x32.astype(np.float64)), f"jax.jit({what})", rtol=1e-4, atol=1e-6, float_dtype=False)
