"""Training: the ``Trainer`` (``trainer.py``) that owns a run, the one jitted engine
(``engine.py``) shared by ``fit``, the widgets and the lessons, callbacks, checkpoints and
multi-device data parallelism."""
from .callbacks import (Callback, CSVLogger, EarlyStopping, LearningRateScheduler, ModelCheckpoint,
                        ReduceLROnPlateau, TerminateOnNaN)
from .checkpoint import save_model
from .compile_cache import enable_compilation_cache, enable_in_notebooks
from .engine import Engine, TrainState
from .events import format_events
from .history import History
from .parallel import data_mesh, replicate, shard_batch
from .trainer import Trainer

enable_in_notebooks()      # the persistent compilation cache in Jupyter (compile_cache.py)
