"""Data-parallel fit on 4 forced CPU devices equals 1 device, and the batch really is sharded."""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np


def test_data_parallel_fit_matches_single_device():
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=4", JAX_PLATFORMS="cpu")
    script = Path(__file__).parent / "helpers" / "parallel_fit.py"
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    r = json.loads(out.stdout)
    assert r["devices"] == 4
    np.testing.assert_allclose(r["loss_4"], r["loss_1"], rtol=1e-4)
    assert r["spec"] in ("PartitionSpec(None, 'data')", "P(None, 'data')")
    assert r["n_shards"] == 4
    assert r["shard_shapes"] == [[7, 8, 6]]               # (steps, batch/4, features)
    assert r["param_devices"] == 4                         # params replicated on all 4
    assert r["bn_mean_diff"] < 1e-4                        # BatchNorm statistics are global
