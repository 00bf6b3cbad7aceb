"""The persistent compilation cache: a second process reads the program back instead of
compiling it (JAX's own cache-hit counter is the oracle), another XLA_FLAGS gets its own entry,
and DLTOOLKIT_COMPILATION_CACHE=0 turns it off."""
import json
import os
import subprocess
import sys

PROBE = r"""
import json, sys
import jax, jax.numpy as jnp
from jax import monitoring
from dltoolkit.train import compile_cache
hits = []
monitoring.register_event_listener(lambda name, **kw: hits.append(name) if name.endswith("cache_hits") else None)
where = compile_cache.enable_compilation_cache()
if where is not None:
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)   # cache even a small program
f = jax.jit(lambda x: jnp.tanh(x @ x.T).sum() * 3.0 + jnp.sin(x).mean())
f(jnp.ones((64, 64))).block_until_ready()
print(json.dumps({"dir": where, "hits": len(hits),
                  "config": jax.config.jax_compilation_cache_dir}))
"""


def run_probe(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS", "DLTOOLKIT_COMPILATION_CACHE")}
    env.update(env_extra)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_second_process_hits_the_cache_and_isa_flags_get_their_own_entry(tmp_path):
    cache = str(tmp_path / "jax-cache")
    first = run_probe({"DLTOOLKIT_COMPILATION_CACHE": cache})
    assert first["dir"] == cache and first["hits"] == 0
    assert os.listdir(cache), "nothing was written to the cache"
    second = run_probe({"DLTOOLKIT_COMPILATION_CACHE": cache})
    assert second["hits"] >= 1
    other_isa = run_probe({"DLTOOLKIT_COMPILATION_CACHE": cache, "XLA_FLAGS": "--xla_cpu_max_isa=SSE4_2"})
    assert other_isa["hits"] == 0        # compiled anew for that instruction set


def test_opt_out_and_default_place(tmp_path):
    off = run_probe({"DLTOOLKIT_COMPILATION_CACHE": "0"})
    assert off["dir"] is None and not off["config"]
    default = run_probe({"XDG_CACHE_HOME": str(tmp_path)})
    assert default["dir"].startswith(str(tmp_path / "dltoolkit" / "jax"))
    assert os.path.isdir(default["dir"])


def test_on_by_default_in_a_jupyter_kernel_and_not_in_a_script(tmp_path):
    from jupyter_client.manager import start_new_kernel

    from dltoolkit.train import compile_cache
    assert compile_cache.enable_in_notebooks() is None       # pytest is no kernel (nbval imports ipykernel)
    env = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS", "DLTOOLKIT_COMPILATION_CACHE")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    km, kc = start_new_kernel(kernel_name="python3", env=env)
    try:
        seen = []
        kc.execute_interactive("import dltoolkit as dl, jax; dl.models; "
                               "print(jax.config.jax_compilation_cache_dir)",
                               output_hook=lambda m: seen.append(m["content"].get("text", "")), timeout=120)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert "".join(seen).strip().startswith(str(tmp_path / "dltoolkit" / "jax"))
