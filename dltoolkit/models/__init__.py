"""Models: ``Sequential`` with a Keras-style facade, saving/loading, and the architecture zoo."""
from .config import register_layer
from .sequential import Sequential


def load(path):
    """Load a model saved with ``model.save(path)``: architecture, weights, compile settings."""
    from ..train.checkpoint import load_model

    return load_model(path)


def save(model, path):
    """Same as ``model.save(path)``."""
    model.save(path)


try:  # the perceptron trainer (dl.models.Perceptron)
    from .perceptron import Perceptron, perceptron  # noqa: F401
except ImportError:  # pragma: no cover - while the module is being written
    pass
