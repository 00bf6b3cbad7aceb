#!/usr/bin/env bash
# GPU check, under 5 minutes: on a machine with an accelerator, run the tests where the device
# matters (the engine, optimizers vs optax, convolutions, data parallelism) on the GPU, then the
# peer benchmark on the conv workloads. Never needed for CI (CI has no accelerator).
#
#   bash benchmarks/gpu_check.sh            # uses python3 (must import jax with a GPU backend)
#   PYTHON=/path/to/python bash benchmarks/gpu_check.sh
#
# Missing packages (ipywidgets, nbformat, keras ...) can be installed from wheels first; what the
# script needs beyond jax/optax/numpy/pytest it names when it fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" XLA_PYTHON_CLIENT_PREALLOCATE=false
unset JAX_PLATFORMS
$PY - <<'PY'
import jax
print("jax", jax.__version__, "backend", jax.default_backend(), "devices", jax.devices())
assert jax.default_backend() in ("gpu", "cuda", "rocm", "tpu"), "no accelerator: this script is for a GPU/TPU machine"
PY
[ $? -eq 0 ] || exit 1
status=0
timeout 180 $PY -m pytest -q -p no:cacheprovider -o addopts="" -x \
  tests/test_fit_engine.py tests/test_optim_vs_optax.py tests/test_layers_conv.py \
  tests/test_layers_batchnorm.py tests/test_parallel.py || status=1
timeout 150 $PY benchmarks/bench_fit_peers.py --workloads lenet5,resnet20 --rounds 1 || status=1
exit $status
