"""How ``fit`` runs a model's steps: one jitted call per step, or many steps in an on-device loop.

The rule, from the measurements in ``benchmarks/README.md`` ("Execution mode"), made on XLA:CPU
with jax 0.10 (``benchmarks/bench_exec_mode.py`` repeats them):

- A loop saves the per-call cost (dispatch and Python, ~0.1-0.3 ms a call on a 2-core CPU).
  For a dense model that is most of a small step: the MLP 64-256-256-10 at batch 32 runs
  1.5-1.8x faster in a loop, and a dense step is never slower inside one.
- A step that contains convolutions runs 2.5-4x *slower* inside a loop on XLA:CPU (the
  weight-gradient convolutions inside a loop body miss the rewrite to the fast library call),
  and a conv step is long enough (LeNet-5 at batch 128: ~30 ms) that the call cost is < 1%.

So on CPU a step whose computation has a convolution runs one step per call; every other step
(and every step on GPU/TPU, where a loop costs nothing per step) runs in a loop. The test is on
the operations the model's forward pass actually traces to (``conv_general_dilated`` in its
jaxpr), not on layer classes: a custom layer that calls ``lax.conv`` counts, a "Conv" layer
that lowers to a matmul does not.

``steps_per_execution`` (K, the steps between two looks of the host: callbacks, Stop) defaults
to the whole epoch in a loop and to 1 per call; a K the user gives is always honoured (as K
one-step calls in per-step mode, so a conv model never slows down in a loop).
"""
from __future__ import annotations

import weakref
from typing import Optional

import jax
import jax.numpy as jnp
from jax.extend.core import jaxprs_in_params

LOOP_SLOW = {"cpu": ("conv_general_dilated",)}   # platform -> primitives that run slower in a loop


def _primitives(jaxpr) -> set:
    """Names of every primitive in ``jaxpr`` and its sub-jaxprs (cond, scan, custom_vjp, ...)."""
    names = set()
    for eqn in jaxpr.eqns:
        names.add(eqn.primitive.name)
        for sub in jaxprs_in_params(eqn.params):
            names |= _primitives(sub)
    return names


def step_primitives(model, x_shape, x_dtype) -> set:
    """The primitives of ``model``'s training forward pass on a batch of shape ``x_shape``
    (traced abstractly: nothing is computed or compiled)."""
    spec = jax.ShapeDtypeStruct(tuple(x_shape), jnp.dtype(x_dtype))
    fwd = lambda p, s, x: model.apply(p, s, x, train=True, key=jax.random.key(0))[0]
    return _primitives(jax.make_jaxpr(fwd)(model.params, model.state, spec).jaxpr)


_DECIDED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()     # model -> {key: bool}


def runs_per_step(model, x_shape, x_dtype, platform: Optional[str] = None) -> bool:
    """True when ``model``'s step runs faster one per call than in a loop on ``platform``
    (default: JAX's default backend); see the module docstring for the rule. Remembered per
    model, weight shapes, input shape and platform (a second ``fit`` traces nothing)."""
    platform = platform or jax.default_backend()
    slow = LOOP_SLOW.get(platform, ())
    if not slow:
        return False
    weights = tuple((l.shape, str(l.dtype)) for l in jax.tree.leaves(model.params))
    key = (weights, tuple(x_shape), str(x_dtype), platform)
    decided = _DECIDED.setdefault(model, {})
    if key not in decided:
        decided[key] = bool(step_primitives(model, x_shape, x_dtype) & set(slow))
    return decided[key]


def platform_of(mesh) -> str:
    """The platform ``fit`` runs on: the mesh's devices, or JAX's default backend."""
    return mesh.devices.flat[0].platform if mesh is not None else jax.default_backend()
