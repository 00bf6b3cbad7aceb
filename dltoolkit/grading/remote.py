"""The grader's handle on a student's kernel (the proxies of its functions are in ``proxy.py``).

``RemoteKernel`` starts the kernel (:mod:`dltoolkit.grading.kernel`) in the sandbox, runs the
notebook's cells, and sends requests with a deadline: a request that runs past it kills the
whole kernel process (SIGKILL to bubblewrap, which takes the PID namespace with it) and raises
:class:`CallTimeout`. The grader's own functions passed in a request are called back here, on
the kernel's data, while the request waits.
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


def now_deadline(seconds: float):
    """A clock: seconds left until ``seconds`` from now (never negative)."""
    end = time.monotonic() + seconds
    return lambda: max(end - time.monotonic(), 0.0)
