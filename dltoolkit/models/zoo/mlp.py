"""Multi-layer perceptron: ``x -> [Dense(h_i) -> act (-> Dropout)]* -> Dense(num_classes)``.

Each hidden layer computes ``h = act(h_prev @ W + b)``; the output layer gives class
probabilities (softmax) or, with ``output_activation=None``, logits / regression values.
Images are flattened first, so ``mlp((28, 28, 1), ...)`` works on MNIST directly.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ...layers import Dense, Dropout, Flatten
from ..sequential import Sequential


def mlp(input_shape: Sequence[int] = (784,), hidden: Sequence[int] = (128,), num_classes: int = 10,
        activation: str = "relu", output_activation: Optional[str] = "softmax",
        dropout: float = 0.0, kernel_initializer: str = "glorot_uniform",
        name: str = "mlp") -> Sequential:
    """An MLP with ``hidden`` units per layer. Shapes: ``(batch, *input_shape) -> (batch, num_classes)``."""
    layers: list = [Flatten(input_shape=tuple(input_shape), name="flatten")]
    for i, units in enumerate(hidden):
        layers.append(Dense(int(units), activation=activation, kernel_initializer=kernel_initializer,
                            name=f"dense_{i + 1}"))
        if dropout:
            layers.append(Dropout(dropout, name=f"dropout_{i + 1}"))
    layers.append(Dense(num_classes, activation=output_activation, name="output"))
    return Sequential(layers, name=name)
