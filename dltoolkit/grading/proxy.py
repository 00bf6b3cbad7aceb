"""``RemoteFunction``: a callable in the grader's process that stands for the student's function.

Calling it sends the arguments to the kernel as data and returns the student's result as data
(:mod:`.wire`), so the registry's cases run unchanged against it. ``jitted()`` is the function
under ``jax.jit`` in the kernel. Under ``jax.grad``/``jax.jit`` in the grader it becomes a
``jax.custom_vjp`` of two ``jax.pure_callback``s: the kernel evaluates the function and its VJP
(``jax.vjp`` there), the grader everything else.
"""
from __future__ import annotations

import sys

from .remote import RemoteKernel, StudentError


class RemoteFunction:
    """Stands for the student's ``name`` in ``kernel``; each call bounded by ``clock()`` seconds.

    ``guard``: the dotted names the kernel makes raise while the function runs (the check's
    "by hand" list); ``shortcuts`` collects each such use the kernel reported."""

    def __init__(self, kernel: RemoteKernel, name: str, clock, *, jit: bool = False, guard=(),
                 epoch: str | None = None, shortcuts: list | None = None):
        self.kernel, self.name, self.clock, self.jit = kernel, name, clock, jit
        self.guard, self.epoch = list(guard), epoch
        self.shortcuts = [] if shortcuts is None else shortcuts
        self.__name__ = name

    def jitted(self) -> "RemoteFunction":
        """The same function under ``jax.jit``, compiled in the student's kernel."""
        return RemoteFunction(self.kernel, self.name, self.clock, jit=True, guard=self.guard, epoch=self.epoch,
                              shortcuts=self.shortcuts)

    def _call(self, op: str, **fields):
        if self.guard:
            fields.update(guard=self.guard, guard_epoch=self.epoch)
        try:
            return self.kernel.call(op, self.clock(), name=self.name, **fields)
        except StudentError as e:
            if e.kind == "ShortcutUsed":
                self.shortcuts.append(e.message)
            raise

    def __repr__(self):
        return f"<the student's {self.name}>"

    def __call__(self, *args, **kwargs):
        if "jax" in sys.modules:
            import jax
            leaves = jax.tree_util.tree_leaves((args, kwargs))
            if any(isinstance(x, jax.core.Tracer) for x in leaves):
                return self._traced(args, kwargs)
        return self._call("call", args=args, kwargs=kwargs, x64=_x64(), jit=self.jit)

    def _traced(self, args, kwargs):
        """Under a jax transformation: forward and VJP evaluated in the kernel via callbacks."""
        import jax
        import numpy as np
        leaves, tree = jax.tree_util.tree_flatten(args)
        idx = [i for i, x in enumerate(leaves) if isinstance(x, jax.core.Tracer)]
        static = [None if i in idx else leaves[i] for i in range(len(leaves))]
        diff = [leaves[i] for i in idx]
        x64 = _x64()

        def concrete(d):
            full = list(static)
            for i, v in zip(idx, d):
                full[i] = np.asarray(v)
            return jax.tree_util.tree_unflatten(tree, full)
        sds = [(list(np.shape(d)), str(d.dtype)) for d in diff]
        dummy = [np.zeros(s, dt) for s, dt in sds]
        shapes = self._call("shape", args=concrete(dummy), kwargs=kwargs, diff=idx, x64=x64)
        out_struct = jax.tree_util.tree_map(lambda s: jax.ShapeDtypeStruct(tuple(s[0]), np.dtype(s[1])), shapes,
                                            is_leaf=lambda s: isinstance(s, (list, tuple)) and len(s) == 2
                                            and isinstance(s[1], str))
        in_struct = [jax.ShapeDtypeStruct(tuple(s), np.dtype(dt)) for s, dt in sds]

        def fwd_host(*d):
            out = self._call("call", args=concrete(d), kwargs=kwargs, x64=x64)
            return jax.tree_util.tree_map(lambda o, s: np.asarray(o, s.dtype), out, out_struct)

        def vjp_host(d, ct):
            g = self._call("vjp", args=concrete(d), kwargs=kwargs, diff=idx, cotangent=ct, x64=x64)
            return tuple(np.asarray(a, s.dtype) for a, s in zip(g, in_struct))

        @jax.custom_vjp
        def f(*d):
            return jax.pure_callback(fwd_host, out_struct, *d)

        def f_fwd(*d):
            return f(*d), d

        def f_bwd(d, ct):
            return jax.pure_callback(lambda dd, cc: vjp_host(dd, cc), tuple(in_struct), d, ct)

        f.defvjp(f_fwd, f_bwd)
        return f(*diff)


def _x64() -> bool:
    import sys
    if "jax" not in sys.modules:
        return False
    import jax
    return bool(jax.config.jax_enable_x64)
