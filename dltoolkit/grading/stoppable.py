"""Call the student's code with a time limit that holds whatever the code does with exceptions.

``dl.grading.check`` runs in the student's kernel, where the function lives, so it cannot
move the call to another process: a forked child of a process that has started JAX
deadlocks in XLA (measured: every forked call that touched jax hung), and the function's
closure cannot be sent elsewhere. So the limit is enforced in-process, in two steps:

1. at ``seconds``, ``SIGALRM`` raises :class:`TimedOut` (a BaseException) in the call;
2. with it, every frame of the call (and each call it makes) gets a trace function that, as
   soon as an ``except`` clause that caught it runs a line, schedules :class:`TimedOut` again
   for the thread's next check point (``PyThreadState_SetAsyncExc``). That point is the jump
   back to the top of the retry loop, outside its ``try``, so the loop is left; nested
   ``try`` blocks are left one after another. The alarm repeats every ``GRACE`` s.

A call that was stopped counts as timed out even if it then returned. The one thing this
cannot interrupt is a single long C call (e.g. one enormous matrix product): Python runs no
handler until it returns. The command-line grader does not depend on this module: it runs
the student's code in a separate, sandboxed process that it kills (``remote.py``).
"""
from __future__ import annotations

import signal
import sys
import threading

GRACE = 0.05


class TimedOut(BaseException):
    """The call ran past its limit (a BaseException, so ``except Exception`` does not catch it)."""


def call_with_limit(fn, arg, seconds: float) -> None:
    """Call ``fn(arg)``; raise :class:`TimedOut` when it runs past ``seconds``."""
    if seconds <= 0:
        raise TimedOut()
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return _in_thread(fn, arg, seconds)
    state = {"fired": 0, "active": True}
    guard = sys._getframe()

    def tracer(frame, event, arg_):
        # inside a handler that caught our exception: raise again from within the handler
        if state["active"] and frame is not guard and isinstance(sys.exc_info()[1], TimedOut):
            _raise_soon()  # not `raise`: a trace function that raises is dropped
        return None if event == "call" else tracer  # new frames: only their call event

    def on_alarm(signum, frame):
        if not state["active"]:
            return
        state["fired"] += 1
        f = frame  # a trace function is dropped once it raises: install it afresh at every alarm
        while f is not None and f is not guard:
            f.f_trace = tracer
            f = f.f_back
        sys.settrace(tracer)
        raise TimedOut()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, GRACE)
    try:
        fn(arg)
    finally:
        state["active"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.settrace(None)
        signal.signal(signal.SIGALRM, old)
    if state["fired"]:
        raise TimedOut()


def _raise_soon() -> None:
    """Schedule TimedOut in this thread at its next check point (as a signal handler would)."""
    import ctypes
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), ctypes.py_object(TimedOut))


def _in_thread(fn, arg, seconds: float) -> None:
    """Off the main thread no signal can reach the call: wait for it in a daemon thread."""
    box: list[BaseException] = []

    def target():
        try:
            fn(arg)
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller
            box.append(e)
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimedOut()
    if box:
        raise box[0]
