"""Keras-style callbacks (``dl.callbacks.EarlyStopping`` ...); defined in ``dltoolkit.train``."""
from .train.callbacks import (Callback, CSVLogger, EarlyStopping, LearningRateScheduler,  # noqa: F401
                              ModelCheckpoint, ReduceLROnPlateau, TerminateOnNaN)
from .train.history import History  # noqa: F401
