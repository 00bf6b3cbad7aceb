"""The training engine shared by ``fit``, the widgets and the lessons (see ``engine.py``)."""
from .callbacks import (Callback, CSVLogger, EarlyStopping, LearningRateScheduler, ModelCheckpoint,
                        ReduceLROnPlateau, TerminateOnNaN)
from .checkpoint import load_model, save_model
from .engine import Engine
from .history import History
from .parallel import data_mesh, replicate, shard_batch


def enable_compilation_cache(path: str = "~/.cache/dltoolkit/jax") -> str:
    """Persist compiled programs across sessions (JAX's persistent compilation cache)."""
    import os

    import jax

    path = os.path.expanduser(path)
    os.makedirs(path, exist_ok=True)
    jax.config.update("jax_compilation_cache_dir", path)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.5)
    return path
