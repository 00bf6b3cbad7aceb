"""Optimizers (optax GradientTransformations), schedules and composition.

    opt = dl.optim.sgd(0.1, momentum=0.9)             # or dl.optim.get("sgd"), dl.optim.SGD(0.1)
    state = opt.init(params)
    updates, state = opt.update(grads, state, params)
    params = dl.optim.apply_updates(params, updates)
    state = dl.optim.set_hyperparams(state, learning_rate=0.05)   # no recompilation

Each optimizer is a short readable function (see its docstring for the update equation)
with the same name, arguments and defaults as optax's alias, and matches optax's
trajectory. Hyperparameters are float32 arrays in the state: see ``hyperparams``.
"""
from . import schedules
from .adadelta import adadelta
from .adagrad import adagrad
from .adam import adam, adamw, nadam, nadamw
from .base import OptimizerState
from .hyperparams import (find_optimizer_states, get_hyperparams, get_learning_rate,
                          scale_learning_rate, set_hyperparams, set_learning_rate)
from .keras import SGD, Adadelta, Adagrad, Adam, AdamW, Nadam, RMSprop, get
from .plotting import plot_schedule
from .registry import OPTIMIZERS, Knob, OptimizerSpec
from .rmsprop import rmsprop
from .sgd import sgd
from .transforms import (apply_updates, chain, clip, clip_by_block_rms, clip_by_global_norm,
                         freeze, multi_transform, per_layer, set_to_zero)

__all__ = [
    "sgd", "adagrad", "adadelta", "rmsprop", "adam", "adamw", "nadam", "nadamw",
    "SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "AdamW", "Nadam", "get",
    "get_hyperparams", "set_hyperparams", "get_learning_rate", "set_learning_rate",
    "scale_learning_rate", "find_optimizer_states", "OptimizerState",
    "apply_updates", "chain", "clip", "clip_by_global_norm", "clip_by_block_rms",
    "multi_transform", "per_layer", "freeze", "set_to_zero", "schedules", "plot_schedule",
    "OPTIMIZERS", "OptimizerSpec", "Knob",
]
