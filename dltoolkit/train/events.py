"""The event log of a Trainer: how a model was trained, step by step.

    model.fit(x, y, epochs=5)
    model.trainer.set_hyperparams(learning_rate=0.01)     # a widget slider does the same
    model.fit(x, y, epochs=10, initial_epoch=5)
    model.trainer.events          # [{"event": "fit", "step": 0, ...},
                                  #  {"event": "end", "step": 160, "reason": "done", ...},
                                  #  {"event": "set_hyperparams", "step": 160, "learning_rate": 0.01}, ...]
    history.events                # the events of that one ``fit`` call
    print(dl.train.format_events(model.trainer.events))

Every entry is a JSON object with ``event``, ``step`` (optimizer steps taken when it happened:
a change made during a run applies from that step on) and ``epoch``, plus what the event says:

- ``fit``: the run's ``epochs``, ``initial_epoch``, ``batch_size`` and hyperparameters;
- ``set_hyperparams``: the values that changed (``learning_rate``, ``momentum``, ...,
  ``schedule``), whether set between runs or live from a widget or callback;
- ``pause``, ``resume``, ``stop`` (with its ``reason``);
- ``save``: the model was saved (``path``);
- ``end``: the run ended (``reason``: done, stopped, diverged, interrupted, ...; ``epochs``).

The log is saved with the model (``model.save``) and read back by ``load_model``, so a student
or a grader can see, and redo, how a model was trained.
"""
from __future__ import annotations

import math
from typing import Optional


def _jsonable(v):
    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        return getattr(v, "label", None) or getattr(v, "__qualname__", None) or repr(v)
    return f if math.isfinite(f) else str(f)


class EventLog:
    """Mixin of :class:`~dltoolkit.train.Trainer`; uses its ``state``, ``step``, ``epoch``
    and ``_lock``."""

    def __init__(self):
        self.events: list[dict] = []

    def current_step(self) -> int:
        """Optimizer steps taken so far (during a run: after the execution in flight)."""
        with self._lock:
            if self.state is not None:
                try:
                    return int(self.state.step)
                except (RuntimeError, ValueError):    # a buffer donated by a failed execution
                    return int(self.step)
            return int(self.step)

    def record_event(self, event: str, **details) -> dict:
        """Append ``{"event": event, "step": ..., "epoch": ..., **details}`` and return it."""
        entry = {"event": event, "step": self.current_step(), "epoch": int(self.epoch)}
        entry.update({k: _jsonable(v) for k, v in details.items()})
        self.events.append(entry)
        return entry

    def begin_events(self, **run) -> int:
        """Record a ``fit`` event (with the current hyperparameters); returns its index."""
        try:
            knobs = self.hyperparams()
        except ValueError:          # a plain optax optimizer: no hyperparameters held as data
            knobs = {}
        self.record_event("fit", **run, **knobs)
        return len(self.events) - 1

    def end_events(self, first: int, history) -> None:
        """Record the ``end`` of the run and give ``history`` the run's events."""
        reason = history.stop_reason or "done"
        last = self.epoch - 1 if self.epoch > 0 else 0       # the epoch it ended in
        self.record_event("end", reason=reason, epochs=len(history.epoch), epoch=last)
        history.events = self.events[first:]


def format_events(events: list, limit: Optional[int] = None) -> str:
    """One line per event, e.g. ``step 160 (epoch 5): set_hyperparams learning_rate=0.01``."""
    shown = events if limit is None else events[-limit:]
    lines = []
    for e in shown:
        rest = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                         for k, v in e.items() if k not in ("event", "step", "epoch") and v is not None)
        lines.append(f"step {e.get('step')} (epoch {e.get('epoch', 0) + 1}): {e.get('event')}"
                     + (f" {rest}" if rest else ""))
    return "\n".join(lines)
