"""The degradation experiment (He et al., 2016, Fig. 1): train a deep plain net and the residual
net of the same depth with the same data, optimizer and budget; record the training loss and the
gradient norm that reaches the first layer, ``||dL/dW_1||_2``.

    plain:     x_{l+1} = relu(F_l(x_l))            dL/dx_l = dL/dx_{l+1} * F_l'   (a product of L factors)
    residual:  x_{l+1} = relu(F_l(x_l) + x_l)      dL/dx_l = dL/dx_{l+1} * (F_l' + I)
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax


def train_and_measure(model, x: np.ndarray, y: np.ndarray, steps: int = 100, batch_size: int = 64,
                      optimizer: Any = None, seed: int = 0) -> dict:
    """Train ``model`` (softmax output, integer labels ``y``) for ``steps`` minibatch steps.

    Returns ``{"loss": (steps,) training losses, "final_loss": mean loss on all of x at the end,
    "first_grad_norm": (steps,) ||grad of the first layer's params||_2}``. The whole loop runs
    in one jitted ``lax.scan`` (one compilation).
    """
    from ...optim import sgd

    opt = optimizer if optimizer is not None else sgd(0.05, momentum=0.9)
    shape = tuple(x.shape[1:])
    first = model.layers[0].name
    x, y = jnp.asarray(x), jnp.asarray(y, jnp.int32)
    rng = np.random.default_rng(seed)
    idx = jnp.asarray(np.stack([rng.choice(len(x), batch_size, replace=False) for _ in range(steps)]))

    def loss_fn(params, state, xb, yb, key):
        y_pred, state = model.apply(params, state, xb, train=True, key=key)
        logp = jnp.log(jnp.clip(y_pred, 1e-7, 1.0))
        return -jnp.mean(jnp.take_along_axis(logp, yb[:, None], axis=1)), state

    @jax.jit
    def run(key):
        params, state = model.init(key, shape)
        opt_state = opt.init(params)

        def step(carry, i):
            params, state, opt_state = carry
            (loss, state), g = jax.value_and_grad(loss_fn, has_aux=True)(
                params, state, x[i], y[i], jax.random.fold_in(key, 1))
            updates, opt_state = opt.update(g, opt_state, params)
            gn = optax.tree.norm(g[first])
            return (optax.apply_updates(params, updates), state, opt_state), (loss, gn)

        (params, state, _), (losses, norms) = jax.lax.scan(step, (params, state, opt_state), idx)
        final, _ = loss_fn(params, state, x, y, None)
        return losses, norms, final

    losses, norms, final = run(jax.random.key(seed))
    return {"loss": np.asarray(losses), "first_grad_norm": np.asarray(norms), "final_loss": float(final)}


def deep_mlp(depth: int = 40, width: int = 32, input_dim: int = 2, num_classes: int = 2,
             residual: bool = True, batch_norm: bool = True, name: str | None = None):
    """``depth`` Dense layers of ``width`` ReLU units plus input and output layers; with
    ``residual=True`` the hidden layers are paired into blocks ``relu(x + W2 relu(W1 x))``,
    otherwise the same layers are stacked plainly (BatchNorm after each hidden Dense when
    ``batch_norm``, as in the paper's nets). A cheap stand-in for the conv experiment."""
    from ...layers import Activation, BatchNorm, Dense, Residual
    from ..sequential import Sequential

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
