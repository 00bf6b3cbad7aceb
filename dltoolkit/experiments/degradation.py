"""The degradation experiment (He et al., 2016, Fig. 1): train a deep plain net and the residual
net of the same depth with the same data, optimizer and budget; record the training loss and the
gradient norm that reaches the first layer, ``||dL/dW_1||_2``.

    plain:     x_{l+1} = relu(F_l(x_l))            dL/dx_l = dL/dx_{l+1} * F_l'   (a product of L factors)
    residual:  x_{l+1} = relu(F_l(x_l) + x_l)      dL/dx_l = dL/dx_{l+1} * (F_l' + I)

Training is ``model.fit`` (one step per execution); a callback records, after every step, the
step's minibatch loss and the gradient of the full-data loss with respect to the first layer's
params at the new weights (one jitted function, compiled once).
"""
from __future__ import annotations

import math
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax

from ..losses import sparse_categorical_crossentropy
from ..optim import sgd
from ..train.callbacks import Callback


class FirstLayerGradient(Callback):
    """After each training step: the step's loss, and ``||dL/dW_1||_2`` of the mean training loss
    ``L`` on all of ``(x, y)`` (train mode: BatchNorm uses batch statistics) at the new weights.
    Stops training after ``steps`` steps (``trainer.stop()``)."""

    def __init__(self, x, y, steps: int):
        super().__init__()
        self.x, self.y, self.steps = jnp.asarray(x), jnp.asarray(y, jnp.int32), int(steps)
        self.losses: list = []
        self.norms: list = []
        self._probe = None

    def probe(self, params, state):
        """``(L, ||dL/dW_1||)`` at ``params``; jitted once per callback."""
        if self._probe is None:
            model, first = self.model, self.model.layers[0].name

            def loss(p):
                y_pred, _ = model.apply(p, state, self.x, train=True, key=None)
                return jnp.mean(sparse_categorical_crossentropy(self.y, y_pred))

            def run(p, s):
                value, g = jax.value_and_grad(loss)(p)
                return value, optax.tree.norm(g[first])

            self._probe = jax.jit(run)
        return self._probe(params, state)

    def on_train_batch_end(self, batch, logs=None):
        live = self.model.trainer.state
        self.losses.append(float(logs["loss"]))
        self.norms.append(float(self.probe(live.params, live.state)[1]))
        if len(self.losses) >= self.steps:
            self.model.trainer.stop("step budget reached")


def train_and_measure(model, x: np.ndarray, y: np.ndarray, steps: int = 100, batch_size: int = 64,
                      optimizer: Any = None, seed: int = 0) -> dict:
    """Train ``model`` (softmax output, integer labels ``y``) for ``steps`` minibatch steps with
    ``model.fit`` (default optimizer: SGD 0.05 with momentum 0.9).

    Returns ``{"loss": (steps,) minibatch training losses, "final_loss": mean loss on all of x at
    the end (train mode), "first_grad_norm": (steps,) ||grad of the first layer's params||_2}``.
    """
    opt = optimizer if optimizer is not None else sgd(0.05, momentum=0.9)
    model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", steps_per_execution=1)
    model.build(tuple(x.shape[1:]), seed=seed)
    probe = FirstLayerGradient(x, y, steps)
    epochs = math.ceil(steps / math.ceil(len(x) / batch_size))
    model.fit(x, y, batch_size=batch_size, epochs=epochs, seed=seed, verbose=0, callbacks=[probe])
    final, _ = probe.probe(model.params, model.state)
    return {"loss": np.asarray(probe.losses), "first_grad_norm": np.asarray(probe.norms),
            "final_loss": float(final)}
