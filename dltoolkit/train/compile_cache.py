"""JAX's persistent compilation cache, on by default in notebooks (lessons and widgets).

The first Train press of a session compiles the training step, which takes seconds on a small
CPU. With the cache, a program compiled once (in an earlier session, or by Run All) is read
back from disk instead:

    dl.train.enable_compilation_cache()          # what a Jupyter kernel does by itself
    DLTOOLKIT_COMPILATION_CACHE=0                # opt out (environment variable)
    DLTOOLKIT_COMPILATION_CACHE=/some/dir        # another place

The default place is ``$XDG_CACHE_HOME/dltoolkit/jax`` (``~/.cache/dltoolkit/jax``), in a
sub-folder per CPU model and feature set, so a home directory shared by different machines
(a JupyterHub cluster) never hands one CPU code compiled for another. JAX's own cache key
already includes the jax version, the backend and ``XLA_FLAGS`` (so an
``--xla_cpu_max_isa=SSE4_2`` run compiles its own programs).
"""
from __future__ import annotations

import hashlib
import os
import platform
import sys
from typing import Optional

ENV = "DLTOOLKIT_COMPILATION_CACHE"
_OFF = {"0", "off", "false", "no", "none"}


def _cpu_tag() -> str:
    """A short hash of this machine's CPU model and feature flags."""
    text = platform.machine() + platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            lines = [ln for ln in f if ln.startswith(("model name", "flags", "Features"))]
        text += "".join(sorted(set(lines)))
    except OSError:
        pass
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def default_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dltoolkit", "jax", f"{platform.machine()}-{_cpu_tag()}")


def enable_compilation_cache(path: Optional[str] = None) -> Optional[str]:
    """Turn the persistent cache on (in ``path``, ``$DLTOOLKIT_COMPILATION_CACHE`` or the
    default folder); returns the folder, or None when ``DLTOOLKIT_COMPILATION_CACHE=0``.
    Programs that take at least 0.2 s to compile are kept."""
    import jax

    env = os.environ.get(ENV, "").strip()
    if path is None and env.lower() in _OFF:
        return None
    path = os.path.expanduser(path or env or default_dir())
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:             # a read-only home: run without the cache
        return None
    jax.config.update("jax_compilation_cache_dir", path)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.2)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    return path


def in_kernel() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Notebook 7, Colab, nbval/nbconvert runs): an
    IPython shell with a kernel attached, not merely ipykernel imported (pytest's nbval does)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def enable_in_notebooks() -> Optional[str]:
    """``enable_compilation_cache()`` when running in a Jupyter kernel and the user has not
    set a cache folder of their own (called when the widgets or models are imported)."""
    if not in_kernel():
        return None
    import jax

    if jax.config.jax_compilation_cache_dir:
        return jax.config.jax_compilation_cache_dir
    return enable_compilation_cache()
