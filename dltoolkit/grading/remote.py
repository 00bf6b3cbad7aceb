"""The grader's handle on a student's kernel, and proxies that stand for the student's functions.

``RemoteKernel`` starts the kernel (:mod:`dltoolkit.grading.kernel`) in the sandbox, runs the
notebook's cells, and sends requests with a deadline: a request that runs past it kills the
whole kernel process (SIGKILL to bubblewrap, which takes the PID namespace with it) and raises
:class:`CallTimeout`. ``RemoteFunction`` is a callable in the grader's process: calling it sends
the arguments as data and returns the student's result as data, so the registry's cases run
unchanged against it. Under ``jax.grad``/``jax.jit`` it becomes a ``jax.custom_vjp`` of two
``jax.pure_callback``s: the kernel evaluates the function and its VJP, the grader the rest.
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from . import wire
from .sandbox import Sandbox


class CallTimeout(Exception):
    def __init__(self, seconds: float):
        super().__init__(f"timed out after {seconds:.3g} s")
        self.seconds = seconds


class KernelGone(Exception):
    """The kernel died (crashed, out of memory, CPU limit) or broke the protocol."""


class StudentError(Exception):
    """The student's code raised; ``kind`` is its exception's class name."""

    def __init__(self, kind: str, message: str):
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind, self.message = kind, message


_STUDENT_ERRORS = {"NotImplementedError": NotImplementedError, "RecursionError": RecursionError}


class RemoteKernel:
    def __init__(self, sandbox: Sandbox, notebook_json: bytes, *, start_timeout: float = 120):
        self.sandbox = sandbox
        self.dir = Path(tempfile.mkdtemp(prefix="dltoolkit-kernel-"))
        (self.dir / "submission.ipynb").write_bytes(notebook_json)
        self.proc = sandbox.popen(self.dir)
        self.replies: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.alive = True
        self.request(None, start_timeout)  # the "ready" frame

    def _pump(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                self.replies.put(wire.read_frame(fd, as_jax=False))
            except BaseException as e:  # noqa: BLE001 - EOF or garbage: the kernel is gone
                self.replies.put(e)
                return

    def request(self, req: dict | None, timeout: float):
        """Send ``req`` (None: only wait for a frame) and return the reply within ``timeout`` s.
        While waiting, answer the kernel's calls of the grader's functions passed in ``req``."""
        if not self.alive:
            raise KernelGone("the kernel is not running")
        fns: list = []
        if req is not None:
            self._send(req, fns)
        end = time.monotonic() + timeout
        while True:
            try:
                rep = self.replies.get(timeout=max(end - time.monotonic(), 0.01))
            except queue.Empty:
                self.kill()
                raise CallTimeout(timeout) from None
            if isinstance(rep, BaseException) or not isinstance(rep, dict):
                self.kill()
                raise KernelGone(self.death_reason(rep))
            if "callback" not in rep:
                return rep
            self._send(self._run_callback(fns, rep), None)

    def _send(self, msg: dict, fns):
        try:
            wire.write_frame(self.proc.stdin.fileno(), msg, fns)
        except OSError as e:
            self.kill()
            raise KernelGone(f"the kernel stopped reading ({e})") from None

    @staticmethod
    def _run_callback(fns, rep) -> dict:
        """The grader's own function on the kernel's data (arrays and numbers only)."""
        try:
            k = int(rep["callback"])
            if not 0 <= k < len(fns):
                raise IndexError(f"no function {k}")
            return {"ok": True, "value": fns[k](*rep.get("args", ()), **dict(rep.get("kwargs", {})))}
        except Exception as e:  # noqa: BLE001 - the student's data made the function fail
            return {"ok": False, "error": type(e).__name__, "message": str(e)[:300]}

    def death_reason(self, rep=None) -> str:
        try:
            code = self.proc.wait(timeout=2)
        except Exception:  # noqa: BLE001
            code = None
        if isinstance(rep, wire.WireError):
            return f"the kernel sent a malformed reply ({rep})"
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            extra = {"SIGXCPU": " (CPU-time limit)", "SIGKILL": " (killed: memory or time limit)",
                     "SIGSEGV": " (crashed)"}.get(name, "")
            return f"the kernel died from {name}{extra}"
        return f"the kernel exited (code {code})"

    def call(self, op: str, timeout: float, **fields):
        rep = self.request({"op": op, **fields}, timeout)
        if rep.get("ok"):
            return rep.get("value")
        kind, msg = str(rep.get("error")), str(rep.get("message", ""))
        if kind in _STUDENT_ERRORS:
            raise _STUDENT_ERRORS[kind](msg)
        raise StudentError(kind, msg)

    def kill(self):
        if self.alive:
            self.alive = False
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                self.proc.wait(timeout=10)
            except Exception:  # noqa: BLE001
                pass

    def close(self):
        if self.alive:
            try:
                wire.write_frame(self.proc.stdin.fileno(), {"op": "exit"})
                self.proc.wait(timeout=2)
            except Exception:  # noqa: BLE001
                pass
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class RemoteFunction:
    """Stands for the student's ``name`` in ``kernel``; each call bounded by ``clock()`` seconds."""

    def __init__(self, kernel: RemoteKernel, name: str, clock, *, jit: bool = False):
        self.kernel, self.name, self.clock, self.jit = kernel, name, clock, jit
        self.__name__ = name

    def jitted(self) -> "RemoteFunction":
        """The same function under ``jax.jit``, compiled in the student's kernel."""
        return RemoteFunction(self.kernel, self.name, self.clock, jit=True)

    def __repr__(self):
        return f"<the student's {self.name}>"

    def __call__(self, *args, **kwargs):
        import sys
        if "jax" in sys.modules:
            import jax
            leaves = jax.tree_util.tree_leaves((args, kwargs))
            if any(isinstance(x, jax.core.Tracer) for x in leaves):
                return self._traced(args, kwargs)
        return self.kernel.call("call", self.clock(), name=self.name, args=args, kwargs=kwargs, x64=_x64(),
                                jit=self.jit)

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
        shapes = self.kernel.call("shape", self.clock(), name=self.name, args=concrete(dummy), kwargs=kwargs,
                                  diff=idx, x64=x64)
        out_struct = jax.tree_util.tree_map(lambda s: jax.ShapeDtypeStruct(tuple(s[0]), np.dtype(s[1])), shapes,
                                            is_leaf=lambda s: isinstance(s, (list, tuple)) and len(s) == 2
                                            and isinstance(s[1], str))
        in_struct = [jax.ShapeDtypeStruct(tuple(s), np.dtype(dt)) for s, dt in sds]

        def fwd_host(*d):
            out = self.kernel.call("call", self.clock(), name=self.name, args=concrete(d), kwargs=kwargs, x64=x64)
            return jax.tree_util.tree_map(lambda o, s: np.asarray(o, s.dtype), out, out_struct)

        def vjp_host(d, ct):
            g = self.kernel.call("vjp", self.clock(), name=self.name, args=concrete(d), kwargs=kwargs, diff=idx,
                                 cotangent=ct, x64=x64)
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


def now_deadline(seconds: float):
    """A clock: seconds left until ``seconds`` from now (never negative)."""
    end = time.monotonic() + seconds
    return lambda: max(end - time.monotonic(), 0.0)
