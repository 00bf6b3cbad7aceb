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


from .perceptron import DeltaRule, Perceptron, delta_rule, perceptron  # noqa: E402,F401
