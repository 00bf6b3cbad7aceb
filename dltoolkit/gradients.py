"""``gradcheck``: compare ``jax.grad`` with central finite differences, in float64.

    result = dl.gradcheck(loss_fn, params, x, y)     # checks d loss / d params (argnums=0)
    assert result, result                            # truthy iff every leaf passes; prints a table

For every array leaf of the checked argument(s) and every checked element i:

    g_num_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps)       (error O(eps^2))
    err_i   = |g_i - g_num_i| / max(|g_i| + |g_num_i|, atol / rtol)

and a leaf passes when max_i err_i <= rtol (default 1e-6). The floor ``atol / rtol`` keeps
gradients that are zero up to roundoff (a dead ReLU, a zero bias gradient) from being
judged relatively: the central difference carries an absolute roundoff of about
eps_64 |f| / eps, so ``atol`` defaults to 100 * 2.2e-16 * max(1, |f(x)|) / eps.
Leaves with more than ``max_elements`` entries are checked on a random sample of that
many elements (fixed ``seed``); the report says how many were checked.

Everything runs inside a float64 context (``jax.enable_x64``) that is restored on exit: the
caller's x64 flag and default dtypes are unchanged afterwards. Finite differences across a
kink (ReLU at exactly 0, max-pool ties) legitimately disagree; keep inputs away from kinks.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Callable, List, Sequence, Tuple, Union

import jax
import jax.numpy as jnp
import numpy as np

F64_EPS = float(np.finfo(np.float64).eps)
_CONCRETE_ERRORS = (jax.errors.ConcretizationTypeError, jax.errors.TracerBoolConversionError,
                    jax.errors.TracerIntegerConversionError, jax.errors.TracerArrayConversionError)


def _x64_context():
    """A context manager enabling float64 and restoring the previous setting afterwards."""
    if hasattr(jax, "enable_x64"):
        return jax.enable_x64(True)
    from jax.experimental import enable_x64  # older JAX
    return enable_x64()


@dataclass
class LeafCheck:
    """Result for one array leaf: where it is, how many elements were checked, the worst error."""
    path: str
    shape: Tuple[int, ...]
    checked: int
    max_rel_error: float
    max_abs_grad: float
    ok: bool


@dataclass
class GradcheckResult:
    """Per-leaf results; truthy iff every leaf passed (max relative error <= ``rtol``)."""
    leaves: List[LeafCheck]
    rtol: float
    atol: float
    eps: float
    value: float
    ok: bool = field(init=False)

    def __post_init__(self) -> None:
        self.ok = all(leaf.ok for leaf in self.leaves)

    @property
    def max_rel_error(self) -> float:
        return max((leaf.max_rel_error for leaf in self.leaves), default=0.0)

    def __bool__(self) -> bool:
        return self.ok

    def _rows(self) -> List[Tuple[str, ...]]:
        return [(leaf.path, str(leaf.shape), f"{leaf.checked}/{int(np.prod(leaf.shape))}",
                 f"{leaf.max_abs_grad:.3e}", f"{leaf.max_rel_error:.3e}",
                 "ok" if leaf.ok else "FAIL") for leaf in self.leaves]

    def __str__(self) -> str:
        head = ("leaf", "shape", "checked", "max |grad|", "rel error", "status")
        rows = [head] + self._rows()
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in rows]
        verdict = "PASSED" if self.ok else "FAILED"
        lines.insert(1, "-" * len(lines[0]))
        lines.append(f"gradcheck {verdict}: max relative error {self.max_rel_error:.3e} "
                     f"(threshold rtol={self.rtol:g}, atol={self.atol:.1e}, eps={self.eps:g}, "
                     f"f(x)={self.value:.6g}, float64)")
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{h}</th>" for h in
                       ("leaf", "shape", "checked", "max |grad|", "rel error", "status"))
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in self._rows())
        colour = "green" if self.ok else "red"
        verdict = "PASSED" if self.ok else "FAILED"
        return (f"<table><tr>{head}</tr>{body}</table><p style='color:{colour}'>gradcheck "
                f"{verdict}: max relative error {self.max_rel_error:.3e} (threshold {self.rtol:g})</p>")


def _to64(tree: Any) -> Any:
    def conv(x):
        x = jnp.asarray(x)
        return x.astype(jnp.float64) if jnp.issubdtype(x.dtype, jnp.floating) else x
    return jax.tree.map(conv, tree)


def gradcheck(f: Callable[..., Any], *args: Any, eps: float = 1e-6, rtol: float = 1e-6,
              atol: Union[float, None] = None, argnums: Union[int, Sequence[int]] = 0,
              max_elements: int = 64, seed: int = 0) -> GradcheckResult:
    """Check ``jax.grad(f, argnums)(*args)`` against central differences, in float64.

    f: maps ``*args`` (pytrees of arrays, e.g. a params dict) to a scalar.
    Returns a :class:`GradcheckResult` (truthy iff ok; ``print`` it for the per-leaf table).
    See the module docstring for the error formula, ``atol`` and sampling of big leaves.
    """
    multi = not isinstance(argnums, int)
    nums = tuple(argnums) if multi else (argnums,)
    rng = np.random.default_rng(seed)
    with _x64_context():
        args64 = list(_to64(args))
        try:
            out = jax.eval_shape(f, *args64)
        except _CONCRETE_ERRORS:
            out = f(*args64)
        if getattr(out, "shape", None) != () or not jnp.issubdtype(out.dtype, jnp.floating):
            raise ValueError(f"gradcheck: f must return a real scalar, got shape "
                             f"{getattr(out, 'shape', None)} dtype {getattr(out, 'dtype', type(out))}")
        try:  # one compilation each for f and its gradient, instead of op-by-op dispatch
            value, grads = jax.jit(jax.value_and_grad(f, argnums=nums))(*args64)
            f_eval = jax.jit(f)
        except _CONCRETE_ERRORS:  # f inspects concrete values: evaluate it eagerly
            value, grads = jax.value_and_grad(f, argnums=nums)(*args64)
            f_eval = f
        value = float(value)
        tol = atol if atol is not None else 100 * F64_EPS * max(1.0, abs(value)) / eps

        leaves: List[LeafCheck] = []
        for num, grad_tree in zip(nums, grads):
            flat, treedef = jax.tree_util.tree_flatten_with_path(args64[num])
            flat_g = jax.tree.leaves(grad_tree)
            for i, ((path, leaf), g) in enumerate(zip(flat, flat_g)):
                if not jnp.issubdtype(leaf.dtype, jnp.floating):
                    continue
                name = (f"arg{num}" if multi or not path else "") + jax.tree_util.keystr(path)
                leaves.append(_check_leaf(f_eval, args64, num, flat, treedef, i, np.asarray(g),
                                          name or f"arg{num}", eps, rtol, tol, max_elements, rng))
    return GradcheckResult(leaves, rtol, tol, eps, value)


def _check_leaf(f, args, num, flat, treedef, i, g, name, eps, rtol, tol, max_elements, rng):
    leaf = np.asarray(flat[i][1])
    size = leaf.size
    idx = np.arange(size) if size <= max_elements else rng.choice(size, max_elements, replace=False)
    worst = 0.0
    for j in idx:
        vals = []
        for sign in (1.0, -1.0):
            x = leaf.copy().reshape(-1)
            x[j] += sign * eps
            leaves = [l for _, l in flat]
            leaves[i] = jnp.asarray(x.reshape(leaf.shape))
            new_args = list(args)
            new_args[num] = jax.tree_util.tree_unflatten(treedef, leaves)
            vals.append(float(f(*new_args)))
        g_num = (vals[0] - vals[1]) / (2 * eps)
        g_j = float(g.reshape(-1)[j])
        err = abs(g_j - g_num) / max(abs(g_j) + abs(g_num), tol / rtol)
        worst = max(worst, err)
    max_abs = float(np.max(np.abs(g))) if size else 0.0
    return LeafCheck(name, tuple(leaf.shape), len(idx), worst, max_abs, bool(worst <= rtol))
