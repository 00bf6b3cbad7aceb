"""A time budget for waiting on a network that does not answer, shared by a whole data set.

Without one, a silent network costs every timeout of every attempt: 4 files x 3 mirrors x
3 rounds x 30 s is about 18 minutes before the student learns where to put the files by hand.
With a :class:`WaitBudget` of 15 s per data set:

- every connect and every read waits at most ``timeout``, capped at a share of the budget
  left (split between the mirrors still to try in that round);
- a failed attempt costs the time from its start (or from its last received byte) to the
  failure, and a backoff pause costs its length; bytes that do arrive cost nothing, so a slow
  but working download is never cut off;
- name resolution (DNS), which ignores socket timeouts, runs in a helper thread that is
  abandoned when the budget runs out;
- once the budget is spent, the remaining attempts are skipped and the caller reports where
  to place the files by hand.
"""
from __future__ import annotations

import queue
import threading
import time
import urllib.request

DEFAULT_SECONDS = 15.0


class WaitBudget:
    """Seconds that may still be spent waiting on failed network attempts."""

    def __init__(self, seconds: float = DEFAULT_SECONDS):
        self.seconds = float(seconds)
        self.left = float(seconds)
        self._since = time.monotonic()

    @property
    def spent(self) -> bool:
        return self.left <= 0

    def start(self) -> None:
        """An attempt begins: waiting is counted from now."""
        self._since = time.monotonic()

    def progress(self) -> None:
        """Bytes arrived: the wait so far was not wasted."""
        self._since = time.monotonic()

    def failed(self) -> None:
        """The attempt failed: charge the wait since its start or its last byte."""
        self.left -= time.monotonic() - self._since

    def timeout(self, timeout: float, share: int = 1) -> float:
        """The timeout for the next attempt: ``timeout``, capped at a ``1/share`` part of what
        is left (so that one silent mirror does not use up the time of the others)."""
        return max(0.05, min(float(timeout), self.left / max(1, share)))

    def pause(self, seconds: float) -> None:
        """Back off before the next round, within the budget."""
        wait = max(0.0, min(seconds, self.left))
        time.sleep(wait)
        self.left -= wait


def open_url(request, timeout: float):
    """``urllib.request.urlopen(request, timeout=timeout)`` that returns within ``timeout``
    seconds even while name resolution hangs (it then raises ``TimeoutError``)."""
    box: queue.Queue = queue.Queue(maxsize=1)

    def run():
        try:
            box.put((True, urllib.request.urlopen(request, timeout=timeout)))
        except BaseException as e:  # handed to the caller
            box.put((False, e))

    worker = threading.Thread(target=run, name="dltoolkit-download", daemon=True)
    worker.start()
    try:
        ok, value = box.get(timeout=timeout)
    except queue.Empty:
        threading.Thread(target=_close_late, args=(box,), daemon=True).start()
        raise TimeoutError(f"no answer within {timeout:.1f} s") from None
    if not ok:
        raise value
    return value


def _close_late(box: queue.Queue) -> None:
    """Close a response that arrives after its caller gave up."""
    ok, value = box.get()
    if ok:
        value.close()
