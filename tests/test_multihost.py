"""Multi-host data parallelism: two processes on this machine join through
``jax.distributed.initialize`` (CPU collectives), each with 2 CPU devices, and train one model over
all 4 devices; the losses equal a single-process, single-device run within 1e-5."""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np

SCRIPT = Path(__file__).parent / "helpers" / "multihost_fit.py"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(nproc: int, devices_per_process: int) -> list[dict]:
    env = dict(os.environ, JAX_PLATFORMS="cpu",
               XLA_FLAGS=f"--xla_force_host_platform_device_count={devices_per_process}")
    port = str(_free_port())
    procs = [subprocess.Popen([sys.executable, str(SCRIPT), str(i), str(nproc), port], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(nproc)]
    reports = []
    try:
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err[-3000:]
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for p in procs:
            p.kill()
    return reports


def test_two_processes_train_like_one():
    single = _run(1, 1)[0]
    multi = _run(2, 2)
    assert sorted(r["process"] for r in multi) == [0, 1]
    assert all(r["devices"] == 4 and r["local_devices"] == 2 for r in multi)
    for r in multi:                                   # both hosts see the same, global losses
        np.testing.assert_allclose(r["loss"], single["loss"], rtol=0, atol=1e-5)
        np.testing.assert_allclose(r["accuracy"], single["accuracy"], atol=1e-6)
    assert single["loss"][-1] < single["loss"][0]     # and it trained
