"""A deep MLP, plain or residual, for the degradation experiment (He et al., 2016, Fig. 1).

    plain:     x_{l+1} = relu(F_l(x_l))            dL/dx_l = dL/dx_{l+1} * F_l'   (a product of L factors)
    residual:  x_{l+1} = relu(F_l(x_l) + x_l)      dL/dx_l = dL/dx_{l+1} * (F_l' + I)

Both variants have exactly the same parameters; ``dl.experiments.degradation`` trains them.
"""
from __future__ import annotations

from ...layers import Activation, BatchNorm, Dense, Residual
from ..sequential import Sequential


def deep_mlp(depth: int = 40, width: int = 32, input_dim: int = 2, num_classes: int = 2,
             residual: bool = True, batch_norm: bool = True, name: str | None = None):
    """``depth`` Dense layers of ``width`` ReLU units plus input and output layers; with
    ``residual=True`` the hidden layers are paired into blocks ``relu(x + W2 relu(W1 x))``,
    otherwise the same layers are stacked plainly (BatchNorm after each hidden Dense when
    ``batch_norm``, as in the paper's nets). A cheap stand-in for the conv experiment."""
    if depth < 2 or depth % 2:
        raise ValueError(f"deep_mlp: depth must be an even number >= 2, got {depth}")
    layers: list = [Dense(width, activation="relu", kernel_initializer="he_normal", input_dim=input_dim,
                          name="input")]
    for b in range(depth // 2):
        norm = (lambda n: [BatchNorm(name=n)]) if batch_norm else (lambda n: [])
        pair = [Dense(width, kernel_initializer="he_normal", name="dense_a"), *norm("bn_a"),
                Activation("relu", name="relu_a"),
                Dense(width, kernel_initializer="he_normal", name="dense_b"), *norm("bn_b")]
        if residual:
            layers.append(Residual(pair, activation="relu", name=f"block_{b}"))
        else:
            layers.append(Sequential(pair + [Activation("relu", name="relu")], name=f"block_{b}"))
    layers.append(Dense(num_classes, activation="softmax", name="output"))
    return Sequential(layers, name=name or f"{'residual' if residual else 'plain'}_mlp{depth}")
