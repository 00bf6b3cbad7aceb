"""The student's side of grading: execute a notebook's cells, then answer calls. Untrusted.

Started by the grader as ``python -m dltoolkit.grading.kernel`` inside the sandbox, with the
protocol on stdin/stdout (moved to private descriptors at start; the student's prints go to
``/dev/null``). Every request and reply is a :mod:`dltoolkit.grading.wire` frame (JSON + npz,
no pickle). Nothing here is trusted: the grader treats each reply as what the student's
function returned, and computes every comparison and score in its own process.

Requests: ``{"op": "cell", "source", "timeout"}``, ``{"op": "names", "names"}``,
``{"op": "call", "name", "args", "kwargs", "x64"}``, ``{"op": "shape" | "vjp", ...}`` (for
``jax.grad`` of a remote function), ``{"op": "hints"}``. A call may carry ``"guard"``: the
check's forbidden functions, made to raise while the student's function runs.
"""
from __future__ import annotations

import os
import signal
import sys


class CellTimeout(BaseException):
    """The cell ran past its limit (a BaseException: ``except Exception`` does not catch it)."""


def _alarm(seconds: float):
    def on_alarm(signum, frame):
        raise CellTimeout(f"the cell ran past {seconds:g} s and was interrupted")
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))


def _x64(flag: bool):
    import jax
    return jax.enable_x64(bool(flag)) if hasattr(jax, "enable_x64") else __import__(
        "jax.experimental", fromlist=["enable_x64"]).enable_x64(bool(flag))


def _split(args, diff_index):
    """Differentiable leaves (by flat index) of ``args`` and a function that puts them back."""
    import jax
    leaves, tree = jax.tree_util.tree_flatten(args)

    def rebuild(diff):
        out = list(leaves)
        for i, d in zip(diff_index, diff):
            out[i] = d
        return jax.tree_util.tree_unflatten(tree, out)
    return [leaves[i] for i in diff_index], rebuild


class Session:
    def __init__(self, shell):
        self.shell = shell
        self.ns = shell.user_ns
        self.guard_epoch = None

    def guarded_call(self, req):
        """``call`` with the check's forbidden functions raising (``req["guard"]``, see
        :mod:`dltoolkit.grading.runtime_guard`): a use is the reply, even when the code caught it."""
        names = req.get("guard") or ()
        if not names:
            return self.call(req)
        from dltoolkit.grading import runtime_guard
        clear = "all" if req.get("guard_epoch") != self.guard_epoch else False
        self.guard_epoch = req.get("guard_epoch")
        with runtime_guard.guard(names, [self.ns], [self.ns.get(req.get("name"))], clear=clear) as g:
            out = self.call(req)
        if g.used:
            raise runtime_guard.ShortcutUsed(runtime_guard.why_not(g.used[0]))
        return out

    def cell(self, req):
        _alarm(float(req.get("timeout", 60)))
        try:
            res = self.shell.run_cell(req["source"], store_history=False, silent=False)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        err = res.error_before_exec or res.error_in_exec
        return {"error": None if err is None else f"{type(err).__name__}: {str(err)[:300]}"}

    def names(self, req):
        return {"value": {n: ("missing" if n not in self.ns else "callable" if callable(self.ns[n]) else "value")
                          for n in req["names"]}}

    def call(self, req):
        fn = self.ns[req["name"]]
        if req["op"] == "get":
            return {"value": fn}
        args, kwargs = tuple(req.get("args", ())), dict(req.get("kwargs", {}))
        with _x64(req.get("x64", False)):
            if req["op"] == "call" and req.get("jit"):
                import jax
                return {"value": jax.jit(fn)(*args, **kwargs)}
            if req["op"] == "call":
                return {"value": fn(*args, **kwargs)}
            import jax
            diff, rebuild = _split(args, req["diff"])
            if req["op"] == "shape":
                out = jax.eval_shape(lambda *d: fn(*rebuild(d), **kwargs), *diff)
                return {"value": jax.tree_util.tree_map(lambda s: (list(s.shape), str(s.dtype)), out)}
            out, vjp = jax.vjp(lambda *d: fn(*rebuild(d), **kwargs), *diff)
            ct = jax.tree_util.tree_map(lambda c, o: jax.numpy.asarray(c, o.dtype), req["cotangent"], out)
            return {"value": tuple(vjp(ct))}

    def hints(self, req):
        try:
            from dltoolkit.grading import hints
            return {"value": hints.hints_used()}
        except Exception:  # noqa: BLE001 - older dltoolkit: no hint counts
            return {"value": None}


def _callback_factory(fd_in, fd_out):
    """``{"$fn": k}`` in a request becomes this: calling it asks the grader to run its k-th function."""
    from dltoolkit.grading import wire

    def make(k):
        def call_grader(*args, **kwargs):
            wire.write_frame(fd_out, {"callback": k, "args": args, "kwargs": kwargs})
            rep = wire.read_frame(fd_in)
            if not rep.get("ok"):
                raise RuntimeError(f"the grader's function raised {rep.get('error')}: {rep.get('message', '')}")
            return rep.get("value")
        return call_grader
    return make


def _reply(fd, fn, req):
    from dltoolkit.grading import wire
    try:
        out = fn(req)
        try:
            wire.write_frame(fd, {"ok": True, **out})
        except wire.WireError as e:
            wire.write_frame(fd, {"ok": False, "error": "WireError", "message": str(e)})
    except BaseException as e:  # noqa: BLE001 - reported to the grader as the student's error
        if isinstance(e, (SystemExit, KeyboardInterrupt)) and req.get("op") == "exit":
            raise
        wire.write_frame(fd, {"ok": False, "error": type(e).__name__, "message": str(e)[:500]})


def main() -> None:
    fd_in, fd_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.environ["DLTOOLKIT_GRADING"] = "1"
    from IPython.core.interactiveshell import InteractiveShell
    from dltoolkit.grading import wire
    shell = InteractiveShell.instance()
    wire.CALLBACK = _callback_factory(fd_in, fd_out)
    sess = Session(shell)
    ops = {"cell": sess.cell, "names": sess.names, "call": sess.guarded_call, "get": sess.call,
           "shape": sess.guarded_call, "vjp": sess.guarded_call, "hints": sess.hints}
    wire.write_frame(fd_out, {"ok": True, "ready": True, "pid": os.getpid()})
    while True:
        try:
            req = wire.read_frame(fd_in)
        except EOFError:
            return
        if req.get("op") == "exit":
            return
        _reply(fd_out, ops.get(req.get("op"), lambda r: {"error": "unknown op"}), req)


if __name__ == "__main__":
    sys.exit(main())
