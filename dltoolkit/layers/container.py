"""What every layer that holds other layers shares: children keyed by name in params and state.

    params = {child.name: child_params, ...}        state = {child.name: child_state, ...}

``Container`` gives ``sublayers``, ``penalty`` (the sum of the children's), the saved configs
of the children, and ``init_child``/``apply_child``, the one place where a child is built
(with an error that names the container, the child and the input shape) and run (child ``i``
gets the random key ``fold_in(key, i)``). ``Sequential`` chains its children; ``Residual`` and
``Parallel`` feed them all the same input.
"""
from __future__ import annotations

from typing import Optional

import jax

from .base import Layer, Shape, ShapeError, init_layer
from .config import layer_to_config


class Container(Layer):
    """Base of layers made of named child layers (``self.children``, a list)."""

    children: list

    def sublayers(self) -> list:
        return list(self.children)

    def init_child(self, i: int, key: jax.Array, input_shape: Shape):
        """``(params, state, output_shape)`` of child ``i`` for ``input_shape``."""
        child = self.children[i]
        try:
            p, s, out = init_layer(child, jax.random.fold_in(key, i), tuple(input_shape))
        except ShapeError:
            raise
        except (ValueError, TypeError) as e:
            raise type(e)(f"in {type(self).__name__} '{self.name or self.default_name}', while "
                          f"building layer '{child.name}' ({type(child).__name__}) for input shape "
                          f"{tuple(input_shape)}: {e}") from e
        return p, s, tuple(int(d) for d in out)

    def apply_child(self, i: int, params: dict, state: dict, x, train: bool,
                    key: Optional[jax.Array], new_state: dict, logits: bool = False):
        """Run child ``i`` on ``x`` (its ``apply_logits`` when ``logits``), put its new state
        into ``new_state`` and return its output."""
        child = self.children[i]
        k = None if key is None else jax.random.fold_in(key, i)
        run = child.apply_logits if logits else child.apply
        y, s = run(params.get(child.name, {}), state.get(child.name, {}), x, train=train, key=k)
        if s:
            new_state[child.name] = s
        return y

    def penalty(self, params: dict):
        total = 0.0
        for child in self.children:
            if child.name in params:
                total = total + child.penalty(params[child.name])
        return total

    def child_configs(self) -> list:
        return [layer_to_config(c) for c in self.children]


def collect(params: dict, state: dict, name: str, p: dict, s: dict) -> None:
    """Store a child's params and state under its name (empty ones are left out)."""
    if p:
        params[name] = p
    if s:
        state[name] = s
