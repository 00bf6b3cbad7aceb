"""Training: the ``Trainer`` (``trainer.py``) that owns a run, the one jitted engine
(``engine.py``) shared by ``fit``, the widgets and the lessons, callbacks, checkpoints and
multi-device data parallelism."""
import os

import jax

from .callbacks import (Callback, CSVLogger, EarlyStopping, LearningRateScheduler, ModelCheckpoint,
                        ReduceLROnPlateau, TerminateOnNaN)
from .checkpoint import save_model
from .engine import Engine, TrainState
from .history import History
from .parallel import data_mesh, replicate, shard_batch
from .trainer import Trainer


def enable_compilation_cache(path: str = "~/.cache/dltoolkit/jax") -> str:
    """Persist compiled programs across sessions (JAX's persistent compilation cache)."""
    path = os.path.expanduser(path)
    os.makedirs(path, exist_ok=True)
    jax.config.update("jax_compilation_cache_dir", path)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.5)
    return path
