"""Putting torchvision-layout tensors into a dltoolkit model (NHWC, HWIO kernels).

For every weight of the model the torchvision tensor (see ``names``) is converted:

    Conv2D kernel      (out, in, kh, kw)  OIHW  -> transpose (2, 3, 1, 0) -> (kh, kw, in, out)  HWIO
    Dense kernel       (out, in)                -> transpose              -> (in, out)
    first Dense after Flatten (VGG/AlexNet fc1): torchvision flattens NCHW maps, dltoolkit NHWC,
                       so (out, C*H*W) -> reshape (out, C, H, W) -> transpose (2, 3, 1, 0)
                       -> reshape (H*W*C, out); then row h*W*C + w*C + c multiplies x[h, w, c]
    BatchNorm          weight, bias -> gamma, beta; running_mean, running_var -> state mean, var
                       (eval: gamma * (x - mean) / sqrt(var + eps) + beta, eps = 1e-5 as torchvision)
    biases             as they are

Every problem is collected and reported together: a tensor the model needs but the file lacks,
a tensor of the file the model has no place for, a shape that does not fit (with the file's
shape, the converted shape and the layer's shape).
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .names import TOP_PREFIX, canonical, family, torchvision_key
from ...layers import Dense, Flatten
from ..sequential import Sequential
from ...layers import BatchNorm

TORCHVISION_BN_EPS = 1e-5


def _flatten_dense(model, input_shape):
    """``(name of the first Dense after a Flatten, (H, W, C) entering the Flatten)`` or None."""

    layers = model.layers
    for i, layer in enumerate(layers):
        if isinstance(layer, Flatten) and i > 0:
            dense = next((l for l in layers[i + 1:] if isinstance(l, Dense)), None)
            if dense is None:
                return None
            return dense.name, Sequential(layers[:i]).init_shapes(input_shape)[2]
    return None


def _check_eps(model):

    def walk(layers):
        for layer in layers:
            if isinstance(layer, BatchNorm) and abs(layer.epsilon - TORCHVISION_BN_EPS) > 1e-12:
                raise ValueError(f"BatchNorm '{layer.name}' has epsilon {layer.epsilon}; torchvision's "
                                 f"weights were trained with eps={TORCHVISION_BN_EPS}")
            walk(layer.sublayers())

    walk(model.layers)


def _convert(value: np.ndarray, leaf: str, flat) -> np.ndarray:
    if leaf != "kernel":
        return value
    if value.ndim == 4:
        return value.transpose(2, 3, 1, 0)
    if value.ndim == 2 and flat is not None:
        h, w, c = flat
        if value.shape[1] != h * w * c:
            return value.T  # wrong size: reported by the shape check
        return value.reshape(value.shape[0], c, h, w).transpose(2, 3, 1, 0).reshape(h * w * c, -1)
    return value.T if value.ndim == 2 else value


def load_tensors(model, arch: str, tensors: dict, include_top: bool = True, source: str = "the file"):
    """Set ``model.params``/``model.state`` from ``tensors`` (any supported layout); returns model."""
    shape = getattr(model, "built_input_shape", None) or model.layers[0].input_shape
    _check_eps(model)
    p_shapes, s_shapes, out = model.init_shapes(shape)
    canon, origin, layout = canonical(tensors)
    fd = _flatten_dense(model, shape)
    problems, used = [], set()

    def fill(path, spec):
        keys = tuple(p.key for p in path)
        where = "/".join(keys)
        try:
            key = torchvision_key(arch, keys)
        except KeyError:
            problems.append(f"layer path {where} has no counterpart in {arch}'s torchvision layout")
            return jnp.zeros(spec.shape, spec.dtype)
        if key not in canon:
            problems.append(f"missing tensor {key!r} (for {where}, shape {tuple(spec.shape)})")
            return jnp.zeros(spec.shape, spec.dtype)
        used.add(key)
        raw = canon[key]
        flat = fd[1] if fd is not None and keys[0] == fd[0] else None
        value = _convert(np.asarray(raw, np.float32), keys[-1], flat)
        if value.shape != tuple(spec.shape):
            problems.append(f"tensor {origin[key]!r} has shape {tuple(np.shape(tensors[origin[key]]))}"
                            f" (as {layout} {tuple(raw.shape)} -> {tuple(value.shape)} here), but {where} "
                            f"needs {tuple(spec.shape)}")
            return jnp.zeros(spec.shape, spec.dtype)
        return jnp.asarray(value, spec.dtype)

    params = jax.tree_util.tree_map_with_path(fill, p_shapes)
    state = jax.tree_util.tree_map_with_path(fill, s_shapes)
    top = TOP_PREFIX[family(arch)]
    extra = sorted(k for k in canon if k not in used and (include_top or not k.startswith(top)))
    problems += [f"unexpected tensor {origin[k]!r} {tuple(canon[k].shape)}: {arch} has no such weight"
                 for k in extra]
    if problems:
        more = f"\n  ... and {len(problems) - 12} more" if len(problems) > 12 else ""
        shown = "\n  ".join(problems[:12]) + more
        raise ValueError(f"{source} ({layout} layout, {len(tensors)} tensors) does not fit "
                         f"{arch}{'' if include_top else ' (include_top=False)'} with input shape "
                         f"{tuple(shape)}:\n  {shown}\nIs it the weights of another architecture?")
    model.set_weights({"params": params, "state": state})
    model.output_shape_ = tuple(out)
    model.opt_state = None
    return model
