"""Checkpoints: architecture config + weights + metadata in one ``.npz`` file, written atomically.

Format: a numpy ``.npz`` archive (a zip of ``.npy`` arrays; loaded with ``allow_pickle=False``,
so opening a checkpoint never runs code). Arrays are stored under their path in the params
tree (``params/dense_1/kernel``, ``state/batch_norm/mean``); ``__meta__`` holds JSON: format
version, dltoolkit version, the model's class and config, the compile settings when they are
names, the training step, the trainer's event log (``events.py``: how the model was trained)
and the optimizer state's leaves (``opt_state/000``...).

Atomic: the archive is written to a temporary file in the destination folder, flushed to disk,
then renamed over the destination (``os.replace``). A crash or full disk mid-write leaves the
previous checkpoint intact and no partial file under the final name.
"""
from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from .. import __version__
from ..layers.config import layer_to_config

FORMAT = "dltoolkit-checkpoint"
VERSION = 1


def flatten(tree: dict, prefix: str) -> dict:
    out = {}
    for k, v in tree.items():
        key = f"{prefix}/{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key))
        else:
            out[key] = np.asarray(v)
    return out


def unflatten(flat: dict, prefix: str) -> dict:
    tree: dict = {}
    for key, v in flat.items():
        if not key.startswith(prefix + "/"):
            continue
        node = tree
        parts = key[len(prefix) + 1:].split("/")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = v
    return tree


def atomic_write(path: Path, write) -> None:
    """Call ``write(fileobj)`` on a temp file next to ``path``, fsync, then rename into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save_model(model, path) -> None:
    """Write ``model`` (a ``dl.models.Sequential``) to ``path``; see the module docstring."""
    arrays = {**flatten(model.params or {}, "params"), **flatten(model.state or {}, "state")}
    opt_leaves = jax.tree_util.tree_leaves(model.opt_state) if model.opt_state is not None else []
    for i, leaf in enumerate(opt_leaves):
        arrays[f"opt_state/{i:04d}"] = np.asarray(leaf)
    compiled = model.compile_config or {}
    compile_cfg = {k: compiled[k] for k in ("optimizer", "loss", "metrics")
                   if k in compiled and _is_names(compiled[k])}
    if compiled:
        model.trainer.record_event("save", path=str(path))
    meta = {"format": FORMAT, "version": VERSION, "dltoolkit_version": __version__,
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "model": layer_to_config(model),
            "compile": compile_cfg, "step": model.trainer.step if compiled else 0, "opt_state_leaves": len(opt_leaves),
            "output_shape": list(model.output_shape_ or []),
            "events": model.trainer.events if compiled else []}
    arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    atomic_write(Path(path), lambda f: np.savez(f, **arrays))


def _is_names(v) -> bool:
    return isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))


def read(path) -> tuple[dict, dict]:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no checkpoint at {path}")
    try:
        with np.load(path, allow_pickle=False) as z:
            flat = {k: z[k] for k in z.files}
    except Exception as e:
        raise ValueError(f"{path} is not a readable dltoolkit checkpoint ({e})") from None
    if "__meta__" not in flat:
        raise ValueError(f"{path} is an .npz file but not a dltoolkit checkpoint (no __meta__)")
    meta = _parse_meta(path, flat.pop("__meta__"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path}: unknown checkpoint format {meta.get('format')!r}")
    return meta, flat


def _parse_meta(path, raw) -> dict:
    """The ``__meta__`` JSON object, or a ValueError that names the file and what is wrong."""
    try:
        meta = json.loads(np.asarray(raw).tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ValueError(f"{path}: corrupt dltoolkit checkpoint: its __meta__ entry is not valid "
                         f"JSON ({type(e).__name__}: {e}). The file was damaged or not written by "
                         f"model.save; save the model again or use another copy.") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: corrupt dltoolkit checkpoint: __meta__ holds a JSON "
                         f"{type(meta).__name__}, not an object")
    return meta


def check_same_structure(expected: dict, got: dict, prefix: str) -> None:
    """Raise naming the first leaf whose presence or shape differs."""
    e, g = flatten(expected, prefix), flatten(got, prefix)
    for key in e:
        if key not in g:
            raise ValueError(f"checkpoint does not match the model: {key} (shape {e[key].shape}) is "
                             f"missing from the checkpoint")
        if e[key].shape != g[key].shape:
            raise ValueError(f"checkpoint does not match the model: {key} has shape {g[key].shape} "
                             f"in the checkpoint but {e[key].shape} in the model")
    for key in g:
        if key not in e:
            raise ValueError(f"checkpoint does not match the model: it has {key} "
                             f"(shape {g[key].shape}), which the model does not")


def restore(model, meta: dict, flat: dict) -> None:
    """Put the weights (and, for a compiled model, the optimizer state and step) from a
    checkpoint read with ``read`` into ``model``."""
    model.params = jax.tree.map(jnp.asarray, unflatten(flat, "params"))
    model.state = jax.tree.map(jnp.asarray, unflatten(flat, "state"))
    model.output_shape_ = tuple(meta.get("output_shape") or []) or None
    n = meta.get("opt_state_leaves", 0)
    if model.compile_config is None:
        return
    trainer = model.trainer
    trainer.step = meta.get("step", 0)
    trainer.events = list(meta.get("events") or [])     # how the saved model was trained
    if n:
        template = trainer.engine.optimizer.init(model.params)
        leaves, treedef = jax.tree_util.tree_flatten(template)
        saved = [flat[f"opt_state/{i:04d}"] for i in range(n)]
        if len(leaves) == n and all(np.shape(a) == np.shape(b) for a, b in zip(leaves, saved)):
            model.opt_state = jax.tree_util.tree_unflatten(treedef, [jnp.asarray(s) for s in saved])


def load_weights_into(model, path) -> None:
    """Load params/state saved from the same architecture; mismatches name the first leaf."""
    meta, flat = read(path)
    if model.params is None:
        shape = ((meta.get("model") or {}).get("config") or {}).get("input_shape")
        model.build(tuple(shape) if shape else None)
    check_same_structure(model.params, unflatten(flat, "params"), "params")
    check_same_structure(model.state or {}, unflatten(flat, "state"), "state")
    restore(model, meta, flat)
