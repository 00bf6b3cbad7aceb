"""The epoch loop of ``fit``: feed chunks to the engine, run callbacks, stop safely.

Stopping, and what you keep:
- a non-finite loss: the engine has already rejected the step; we stop with a message that
  says which step and what to change, and the model gets back its last good state (the copy
  taken at the start of the epoch, see ``good_state.py``), not merely the last finite params;
- the notebook's Stop button (SIGINT) or Ctrl-C: while ``fit`` runs in the main thread the
  interrupt is deferred to the end of the current execution, so the model keeps the params of
  the last completed step and ``fit`` returns the history so far; a second interrupt raises;
- ``model.stop_training = True`` from a callback or a widget: stop after the current epoch's
  execution.
"""
from __future__ import annotations

import contextlib
import signal
import threading

import jax
import jax.numpy as jnp

from .callbacks import Callback, CallbackList
from .engine import finalize
from .good_state import LastGoodState
from .history import History
from .progress import Progress


@contextlib.contextmanager
def deferred_interrupt(model):
    """First SIGINT sets ``model._interrupted``; a second one raises KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)

    def handler(signum, frame):
        if getattr(model, "_interrupted", False):
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt
        model._interrupted = True

    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:          # not allowed here (embedded interpreter): keep the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def divergence_message(step: int, steps_per_epoch: int, lr, restored_epoch=None) -> str:
    epoch, batch = divmod(step, max(steps_per_epoch, 1))
    lr_txt = f" (now {lr:.3g})" if lr is not None else ""
    kept = ("The model keeps the last finite weights, from before that step." if restored_epoch is None
            else f"The model is back to its last good state: the weights it had at the start of "
                 f"epoch {restored_epoch + 1}, so evaluate and fit work again.")
    return (f"Training stopped: the loss became NaN or infinite at step {step} (epoch {epoch + 1}, "
            f"batch {batch + 1}). {kept} "
            f"Lower the learning rate{lr_txt}, e.g. by a factor of 10, and fit again; clip gradients "
            f"(dl.optim.clip_by_global_norm); or check the inputs for NaNs and huge values.")


def run_fit(model, engine, feeder, *, epochs: int, initial_epoch: int = 0, verbose="auto",
            callbacks=(), val_feeder=None, steps_per_epoch=None) -> History:
    """Train ``model`` (a KerasFacade) with ``engine`` on ``feeder``'s chunks."""
    history = History()
    cbs = CallbackList([*callbacks, history], model)   # History last: it sees what callbacks add to logs
    progress = Progress(verbose, epochs, feeder.steps)
    model.stop_training = False
    model._interrupted = False
    model._stop_reason = None
    ts = model._make_train_state(engine)
    model._live = ts
    metric_names = [n for n, _ in engine.metrics]
    wants_batch_logs = any(type(c).on_train_batch_end is not Callback.on_train_batch_end
                           for c in cbs.callbacks)
    cbs.on_train_begin()
    good = LastGoodState()                       # what a divergence puts back (good_state.py)
    try:
        with deferred_interrupt(model):
            for epoch in range(initial_epoch, epochs):
                cbs.on_epoch_begin(epoch)
                good.epoch_begin(model._live, epoch)
                progress.epoch_begin(epoch)
                acc = _run_epoch(engine, feeder, model, epoch, progress, cbs,
                                 metric_names if wants_batch_logs else None)
                ts = model._live
                logs = finalize(acc, metric_names) if acc is not None else {}
                bad = int(ts["bad_step"])
                if bad >= 0:
                    logs["loss"] = float("nan")
                if val_feeder is not None and bad < 0:
                    logs.update({f"val_{k}": v for k, v in
                                 model._evaluate_feeder(engine, val_feeder, ts["params"], ts["state"]).items()})
                good.epoch_end(logs.get("loss"))
                if bad >= 0:
                    ts = model._live = good.restore(ts)
                model._unpack(ts)
                if bad >= 0:
                    history.stop_reason = "diverged"
                    history.restored_epoch = good.saved_epoch
                    history.message = divergence_message(bad, feeder.steps or 1, model.learning_rate,
                                                         good.saved_epoch)
                    history.diverged_at_step = bad
                    cbs.on_epoch_end(epoch, logs)
                    progress.epoch_end(epoch, logs)
                    progress.message(history.message)
                    break
                if model._interrupted:
                    history.stop_reason = "interrupted"
                    history.message = (f"Training interrupted during epoch {epoch + 1}: the model keeps "
                                       f"the weights of the last completed step; history has the "
                                       f"{len(history.epoch)} completed epochs.")
                    progress.message(history.message)
                    break
                cbs.on_epoch_end(epoch, logs)
                progress.epoch_end(epoch, logs)
                if model.stop_training:
                    history.stop_reason = model._stop_reason or "stopped"
                    break
    except KeyboardInterrupt:
        model._unpack(model._live)
        history.stop_reason = "interrupted"
        history.message = ("Training interrupted: the model keeps the weights of the last completed "
                           f"step; history has the {len(history.epoch)} completed epochs.")
        progress.message(history.message)
    finally:
        if model._live is not None and not _deleted(model._live):
            model._unpack(model._live)
        model._live = None
    cbs.on_train_end()
    return history


def _run_epoch(engine, feeder, model, epoch, progress, cbs, batch_log_names):
    """Run one epoch's executions; return the on-device metric sums.

    In-memory arrays on one device: batches are gathered inside the jitted step and the sums
    accumulate on the device, so an execution is a single dispatch. Otherwise (an iterable of
    batches, or a mesh) chunks of batches are fed and their sums added up.
    ``batch_log_names`` (metric names, or None) asks for per-execution logs for callbacks.
    """
    gather = getattr(feeder, "gathers_on_device", False)
    acc = engine.zero_sums() if gather else None
    if gather:
        idx, valid = feeder.epoch_indices(epoch)
        batches = ((c, feeder.n_steps(c)) for c in range(feeder.n_chunks))
    else:
        batches = feeder.chunks(epoch)
    for item in batches:
        n_steps = item[-1]
        if gather:
            before = jax.tree.map(jnp.copy, acc) if batch_log_names is not None else None
            model._live, acc = engine.train_gather(model._live, acc, feeder.x, feeder.y, feeder.w,
                                                   idx, valid)
            sums = None if before is None else jax.tree.map(jnp.subtract, acc, before)
        else:
            model._live, sums = engine.train_chunk(model._live, *item[:3])
            acc = sums if acc is None else jax.tree.map(jnp.add, acc, sums)
        progress.advance(n_steps)
        if batch_log_names is not None:
            cbs.on_train_batch_end(n_steps, finalize(sums, batch_log_names))
        if model._interrupted or model.stop_training:
            break
    return acc


def _deleted(ts) -> bool:
    leaves = jax.tree_util.tree_leaves(ts)
    return any(getattr(x, "is_deleted", lambda: False)() for x in leaves)
