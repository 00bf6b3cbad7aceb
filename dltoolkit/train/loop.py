"""The epoch loop of ``fit``: feed chunks to the engine, run callbacks, stop safely.

Stopping, and what you keep:
- a non-finite loss: the engine has already rejected the step; we stop with a message that
  says which step and what to change, and the model gets back its last good state (the copy
  taken at the start of the epoch, see ``good_state.py``), not merely the last finite params;
- the notebook's Stop button (SIGINT) or Ctrl-C: while ``fit`` runs in the main thread the
  interrupt is deferred to the end of the current execution, so the model keeps the params of
  the last completed step and ``fit`` returns the history so far; a second interrupt raises;
- ``trainer.stop()`` (``model.stop_training = True`` in Keras code) from a callback or a widget:
  stop after the current execution.

The loop reads and changes the run only through the Trainer's public methods.
"""
from __future__ import annotations

import contextlib
import signal
import threading

import jax
import jax.numpy as jnp

from .callbacks import Callback, CallbackList
from .diagnosis import blame_initialization
from .engine import finalize
from .good_state import LastGoodState
from .history import History
from .progress import Progress


@contextlib.contextmanager
def deferred_interrupt(trainer):
    """First SIGINT calls ``trainer.interrupt()``; a second one raises KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum, frame):
        if trainer.interrupted:
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        trainer.interrupt()

    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:          # not allowed here (embedded interpreter): keep the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def divergence_message(step: int, steps_per_epoch: int, lr, restored_epoch=None,
                       cause: str | None = None) -> str:
    """What happened, what the model keeps, and what to change: ``cause`` (a measured diagnosis,
    e.g. ``diagnosis.blame_initialization``) comes first when there is one."""
    epoch, batch = divmod(step, max(steps_per_epoch, 1))
    lr_txt = f" (now {lr:.3g})" if lr is not None else ""
    kept = ("The model keeps the last finite weights, from before that step." if restored_epoch is None
            else f"The model is back to its last good state: the weights it had at the start of "
                 f"epoch {restored_epoch + 1}, so evaluate and fit work again.")
    advice = (f"Lower the learning rate{lr_txt}, e.g. by a factor of 10, and fit again; clip gradients "
              f"(dl.optim.clip_by_global_norm); or check the inputs for NaNs and huge values.")
    if cause:
        advice = f"{cause} Otherwise: {advice[0].lower()}{advice[1:]}"
    return (f"Training stopped: the loss became NaN or infinite at step {step} (epoch {epoch + 1}, "
            f"batch {batch + 1}). {kept} {advice}")


def run_fit(trainer, feeder, *, epochs: int, initial_epoch: int = 0, verbose="auto",
            callbacks=(), val_feeder=None) -> History:
    """Train ``trainer.model`` with ``trainer`` on ``feeder``'s chunks; returns the History."""
    engine = trainer.engine
    history = History()
    cbs = CallbackList([*callbacks, history], trainer.model)  # History last: it sees what callbacks add
    progress = Progress(verbose, epochs, feeder.steps)
    trainer.begin_run(initial_epoch)
    metric_names = [n for n, _ in engine.metrics]
    wants_batch_logs = any(type(c).on_train_batch_end is not Callback.on_train_batch_end
                           for c in cbs.callbacks)
    cbs.on_train_begin()
    good = LastGoodState()                       # what a divergence puts back (good_state.py)
    try:
        with deferred_interrupt(trainer):
            for epoch in range(initial_epoch, epochs):
                trainer.begin_epoch(epoch)
                cbs.on_epoch_begin(epoch)
                good.epoch_begin(trainer.state, epoch)
                progress.epoch_begin(epoch)
                acc = _run_epoch(trainer, feeder, epoch, progress, cbs,
                                 metric_names if wants_batch_logs else None)
                logs = finalize(acc, metric_names) if acc is not None else {}
                bad = int(trainer.state.bad_step)
                if bad >= 0:
                    logs["loss"] = float("nan")
                stopped = trainer.stop_requested or trainer.interrupted   # maybe mid-epoch: no validation
                if val_feeder is not None and bad < 0 and not stopped:
                    ts = trainer.state
                    logs.update({f"val_{k}": v for k, v in
                                 trainer.evaluate_feeder(val_feeder, ts.params, ts.state).items()})
                good.epoch_end(logs.get("loss"))
                if bad >= 0:
                    trainer.state = good.restore(trainer.state)
                trainer.sync_model()
                if bad >= 0:
                    history.stop_reason = "diverged"
                    history.restored_epoch = good.saved_epoch
                    fresh = int(trainer.state.step) == 0        # back to the initial weights
                    cause = blame_initialization(trainer.state.params) if fresh else None
                    history.message = divergence_message(bad, feeder.steps or 1, trainer.learning_rate,
                                                         good.saved_epoch, cause)
                    history.diverged_at_step = bad
                    cbs.on_epoch_end(epoch, logs)
                    progress.epoch_end(epoch, logs)
                    progress.message(history.message)
                    break
                if trainer.interrupted:
                    history.stop_reason = "interrupted"
                    history.message = (f"Training interrupted during epoch {epoch + 1}: the model keeps "
                                       f"the weights of the last completed step; history has the "
                                       f"{len(history.epoch)} completed epochs.")
                    progress.message(history.message)
                    break
                cbs.on_epoch_end(epoch, logs)
                progress.epoch_end(epoch, logs)
                if trainer.stop_requested:
                    history.stop_reason = trainer.stop_reason or "stopped"
                    break
    except KeyboardInterrupt:
        history.stop_reason = "interrupted"
        history.message = ("Training interrupted: the model keeps the weights of the last completed "
                           f"step; history has the {len(history.epoch)} completed epochs.")
        progress.message(history.message)
    finally:
        trainer.end_run()
    cbs.on_train_end()
    return history


def _run_epoch(trainer, feeder, epoch, progress, cbs, batch_log_names):
    """Run one epoch's executions; return the on-device metric sums.

    In-memory arrays on one device: each step gathers its batch on the device and the sums
    accumulate there, so nothing crosses to or from the device between executions; an
    execution of K steps is one on-device loop, or K one-step calls (``feeder.per_step``,
    see ``exec_mode.py``). Otherwise (an iterable of batches, or a mesh) chunks of batches are
    fed and their sums added up. ``batch_log_names`` (metric names, or None) asks for
    per-execution logs for callbacks (then, and only then, the sums are fetched per execution).
    """
    engine = trainer.engine
    if not getattr(feeder, "gathers_on_device", False):
        return _run_chunks(trainer, feeder, epoch, progress, cbs, batch_log_names)
    batches = feeder.epoch_batches(epoch)
    acc = engine.zero_sums()
    for c in range(feeder.n_chunks):
        n_steps, before = feeder.n_steps(c), acc          # acc is not donated: before stays valid
        if feeder.per_step:
            for done in range(1, n_steps + 1):
                acc = trainer.run(engine.train_step, acc, batches)
                if done < n_steps and (trainer.interrupted or trainer.stop_requested):
                    n_steps = done
                    break
        else:
            acc = trainer.run(engine.train_loop, acc, batches, feeder.device_count(n_steps))
        progress.advance(n_steps)
        if batch_log_names is not None:
            now, then = jax.device_get((acc, before))
            cbs.on_train_batch_end(n_steps, finalize({k: now[k] - then[k] for k in now}, batch_log_names))
        if trainer.interrupted or trainer.stop_requested:
            break
    return acc


def _run_chunks(trainer, feeder, epoch, progress, cbs, batch_log_names):
    """Feed ``(xs, ys, ws)`` chunks (an iterable of batches, or a mesh) to ``train_chunk``."""
    acc = None
    for xs, ys, ws, n_steps in feeder.chunks(epoch):
        sums = trainer.run(trainer.engine.train_chunk, xs, ys, ws)
        acc = sums if acc is None else jax.tree.map(jnp.add, acc, sums)
        progress.advance(n_steps)
        if batch_log_names is not None:
            cbs.on_train_batch_end(n_steps, finalize(sums, batch_log_names))
        if trainer.interrupted or trainer.stop_requested:
            break
    return acc
