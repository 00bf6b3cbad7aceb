"""``dl.grading.check`` keeps its time limit against code that swallows every exception."""
from __future__ import annotations

import time

import pytest

from dltoolkit.grading import run_check
from dltoolkit.grading.stoppable import TimedOut, call_with_limit


def _retry(_):
    while True:
        try:
            time.sleep(0.01)
            raise RuntimeError("again")
        except:  # noqa: E722 - the student's code under test
            pass


def _swallow_then_return(_):
    try:
        while True:
            pass
    except BaseException:
        return 1


@pytest.mark.parametrize("fn", [_retry, _swallow_then_return])
def test_a_bare_except_cannot_hold_the_limit(fn):
    t0 = time.monotonic()
    with pytest.raises(TimedOut):
        call_with_limit(fn, None, 0.3)
    assert time.monotonic() - t0 < 5


def test_a_quick_call_returns_and_leaves_no_alarm_or_trace():
    import signal
    import sys
    box = []
    call_with_limit(box.append, 1, 5)
    assert box == [1] and sys.gettrace() is None and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_check_reports_timed_out_after_n_seconds():
    def perceptron_update(w, b, x, y, lr):
        _retry(None)
    t0 = time.monotonic()
    res = run_check("01.perceptron_update", perceptron_update, timeout=1.0)
    assert time.monotonic() - t0 < 10
    assert res.score == 0 and res.details[0].message == "timed out after 1 s"
