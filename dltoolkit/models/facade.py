"""Keras-style ``compile`` / ``fit`` / ``evaluate`` / ``predict`` / ``save`` on a model.

The facade keeps the current weights on the model (``model.params``, ``model.state``) so Keras
code ports line by line, while the functional core (``init``/``apply``) stays pure. ``compile``
makes a :class:`~dltoolkit.train.Trainer` (``model.trainer``), which owns the optimizer state,
the step count, the live train state of a run and the stop flags; ``fit``/``evaluate``/
``predict`` are the trainer's. The engine is built once per ``compile`` and reused by every
``fit``, so later calls (and widgets that call ``fit`` repeatedly) compile nothing new.
"""
from __future__ import annotations

import inspect
from typing import Optional

import jax
import jax.numpy as jnp

from .. import losses as L, metrics as M, optim as O
from .._kwargs import strict_kwargs
from ..train.check_inputs import check_x
from ..train.check_output import warn_if_mismatched
from ..train.checkpoint import check_same_structure, load_weights_into, save_model
from ..train.trainer import Trainer
from .summary import count


def _name(m) -> str:
    return m if isinstance(m, str) else getattr(m, "__name__", type(m).__name__)


class KerasFacade:
    """Mixin for models that have ``init_with_shape``/``apply``/``penalty``."""

    def __init__(self):
        self.params: Optional[dict] = None
        self.state: Optional[dict] = None
        self.output_shape_ = None
        self.compile_config: Optional[dict] = None     # what compile was given (saved by save)
        self._trainer: Optional[Trainer] = None
        self._predictor: Optional[Trainer] = None

    def forget_weights(self) -> None:
        """Drop the weights and the optimizer state (the architecture changed)."""
        self.params = self.state = None
        if self._trainer is not None:
            self._trainer.opt_state, self._trainer.step = None, 0

    # -- building --------------------------------------------------------------------
    def build(self, input_shape=None, seed: int = 0):
        """Create ``model.params``/``model.state`` (Keras ``build``); ``fit`` calls it if needed."""
        params, state, out = self.init_with_shape(jax.random.key(seed), input_shape)
        self.params, self.state, self.output_shape_ = params, state, out
        if self._trainer is not None:
            self._trainer.opt_state, self._trainer.step = None, 0
        return self

    def count_params(self) -> int:
        self._require_built("count_params")
        return count(self.params)

    def _require_built(self, what):
        if self.params is None:
            raise RuntimeError(f"{what}: the model has no weights yet; call model.build(input_shape) "
                               f"or model.fit(...) first (or use the functional model.init)")

    # -- compile and the trainer ----------------------------------------------------------
    @strict_kwargs
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, steps_per_execution=None):
        """Choose the optimizer, loss and metrics (Keras names or objects); makes ``model.trainer``."""
        if loss is None:
            raise ValueError("compile needs a loss, e.g. loss='categorical_crossentropy' or "
                             "'sparse_categorical_crossentropy' (integer labels) or 'mse'")
        metric_fns = [(_name(m), M.get(m)) for m in (metrics or [])]
        self.compile_config = {"optimizer": optimizer, "loss": loss, "metrics": list(metrics or []),
                               "steps_per_execution": steps_per_execution}
        self._trainer = Trainer(self, L.get(loss), O.get(optimizer), metric_fns, loss_name=_name(loss),
                                steps_per_execution=steps_per_execution)
        warn_if_mismatched(self, self._trainer.engine.loss, stacklevel=4)  # loss vs last activation
        return self

    @property
    def trainer(self) -> Trainer:
        """The Trainer made by ``compile``: ``set_hyperparams(...)``, ``stop()``, ``fit(...)``."""
        if self._trainer is None:
            raise RuntimeError("call model.compile(optimizer=..., loss=...) before fit/evaluate")
        return self._trainer

    @property
    def engine(self):
        """The trainer's jitted engine (``engine.traces`` counts compilations)."""
        return self.trainer.engine

    @property
    def opt_state(self):
        """The optimizer state (hyperparameters included) between runs; None before training."""
        return None if self._trainer is None else self._trainer.opt_state

    @opt_state.setter
    def opt_state(self, value) -> None:
        if value is None and self._trainer is None:
            return                          # nothing to reset before compile
        self.trainer.opt_state = value

    @property
    def learning_rate(self) -> Optional[float]:
        """The effective learning rate; setting it is ``trainer.set_hyperparams(learning_rate=...)``."""
        return None if self._trainer is None else self._trainer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self.trainer.set_hyperparams(learning_rate=value)

    @property
    def stop_training(self) -> bool:
        """Keras' flag: setting it True is ``trainer.stop()``."""
        return self._trainer is not None and self._trainer.stop_requested

    @stop_training.setter
    def stop_training(self, value: bool) -> None:
        if value:
            self.trainer.stop()
        elif self._trainer is not None:
            self._trainer.stop_requested = False

    # -- fit / evaluate / predict ------------------------------------------------------------
    def fit(self, x=None, y=None, **kwargs):
        """Train for ``epochs`` epochs; returns a History (see ``dl.train.History``).

        Data: arrays ``x``, ``y`` (the whole epoch then runs on the device), or an iterable of
        ``(x, y)`` batches such as ``dl.data.image_dataset_from_directory``. A last partial batch
        is padded and masked. ``validation_split`` holds out the *last* fraction of the arrays
        (before shuffling), as Keras does. ``devices=jax.devices()`` (or ``mesh=``) trains
        data-parallel: the batch is sharded over the devices, the params replicated.
        """
        return self.trainer.fit(x, y, **kwargs)

    def evaluate(self, x, y, **kwargs):
        """Loss (and metrics) on ``(x, y)`` in eval mode: a float, or Keras' list/dict."""
        check_x(self, x, "evaluate")                       # the user's own shapes, named
        self._require_built("evaluate")
        return self.trainer.evaluate(x, y, **kwargs)

    def predict(self, x, **kwargs):
        """Outputs for ``x`` in eval mode, as a numpy array (padded last batch cut off)."""
        check_x(self, x, "predict")
        self._require_built("predict")
        if self._trainer is None and self._predictor is None:
            self._predictor = Trainer(self, None, None)
        return (self._trainer or self._predictor).predict(x, **kwargs)

    def __call__(self, *args, **kwargs):
        """``model(x)`` runs the model on its own weights in eval mode (Keras style);
        ``model(params, state, x, train=..., key=...)`` is the functional ``apply``."""
        if len(args) >= 3:
            return self.apply(*args, **kwargs)
        self._require_built("model(x)")
        return self.apply(self.params, self.state, jnp.asarray(args[0]), train=False)[0]

    # -- saving ------------------------------------------------------------------------
    def save(self, path) -> None:
        """Write architecture, weights and metadata atomically (see ``dl.train.checkpoint``)."""
        self._require_built("save")
        save_model(self, path)

    def load_weights(self, path) -> "KerasFacade":
        """Load params/state saved from the same architecture; mismatches name the first leaf."""
        load_weights_into(self, path)
        return self

    def get_weights(self):
        self._require_built("get_weights")
        return {"params": self.params, "state": self.state}

    def set_weights(self, weights: dict):
        if self.params is not None:
            check_same_structure(self.params, weights["params"], "params")
        self.params, self.state = weights["params"], weights.get("state", {})


# help(model.fit) shows the trainer's full signature
for _method in ("fit", "evaluate", "predict"):
    getattr(KerasFacade, _method).__signature__ = inspect.signature(getattr(Trainer, _method))
