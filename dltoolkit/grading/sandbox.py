"""Start the student's kernel inside bubblewrap: no network, limits, only what it needs to see.

The sandbox (``bwrap``, Debian/Ubuntu package ``bubblewrap``) gets:

- new user, network, PID, IPC and UTS namespaces (``--unshare-net`` leaves only a loopback),
  running as an unprivileged user (uid 65534) with no capabilities;
- the system (``/usr``, ``/bin``, ``/lib*``, ``/etc``) and the Python installation read-only;
- a copy of the ``dltoolkit`` package only, read-only, at ``/opt/dltoolkit`` (never the
  repository around it: no ``solutions/``, no ``dlgrader/``, no other submission);
- a private, empty ``/tmp`` and a private home holding the one notebook (read-only), both
  size-limited tmpfs that vanish with the kernel;
- ``RLIMIT_AS`` (memory), ``RLIMIT_CPU`` (CPU seconds) and ``RLIMIT_FSIZE`` (file size).

Without a working ``bwrap`` the kernel runs as a plain child process with the same limits and
``Sandbox.isolation`` says so; the grader copies that sentence onto every report row.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

PKG_ROOT = Path(__file__).resolve().parents[1]     # .../dltoolkit
SANDBOX_PKG = "/opt/dltoolkit"
SANDBOX_WORK = "/home/student"


@dataclass
class Limits:
    memory_mb: int = 4096        # address space; jax needs ~1.5 GB of it to start
    cpu_s: int = 600             # CPU seconds for the whole kernel (all its threads)
    file_mb: int = 256           # largest file the kernel may write
    disk_mb: int = 512           # size of each of its private tmpfs (/tmp and its home)


@functools.lru_cache(maxsize=None)
def bwrap_works() -> str | None:
    """None when bubblewrap runs here, else why not (one sentence)."""
    exe = shutil.which("bwrap")
    if exe is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        r = subprocess.run([exe, "--ro-bind", "/", "/", "--unshare-user", "--unshare-net", "--unshare-pid",
                            "--proc", "/proc", "--dev", "/dev", "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bubblewrap could not start: {e}"
    if r.returncode != 0:
        return f"bubblewrap cannot create namespaces here: {r.stderr.decode(errors='replace').strip()[:160]}"
    return None


def _python_roots() -> list[str]:
    """Folders the interpreter and its packages live in (bound read-only)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        roots.add(sysconfig.get_paths()[key])
    return sorted(r for r in {os.path.realpath(r) for r in roots} | roots if os.path.isdir(r))


def _prlimit(limits: Limits) -> list[str]:
    """``prlimit`` (util-linux) in front of the command: no Python runs between fork and exec."""
    mem, fsz = limits.memory_mb * 1024 * 1024, limits.file_mb * 1024 * 1024
    exe = shutil.which("prlimit")
    if exe is None:
        raise RuntimeError("the grader needs `prlimit` (util-linux) to set memory and CPU limits")
    return [exe, f"--as={mem}", f"--cpu={limits.cpu_s}:{limits.cpu_s + 5}", f"--fsize={fsz}", "--core=0", "--"]


def _env(pythonpath: str, home: str) -> dict:
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "PATH", "XLA_FLAGS", "JAX_PLATFORMS")}
    return {**keep, "HOME": home, "PYTHONPATH": pythonpath, "MPLBACKEND": "Agg", "DLTOOLKIT_GRADING": "1",
            "PYTHONWARNINGS": "ignore", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp", "PYTHONNOUSERSITE": "1",
            "JAX_PLATFORMS": "cpu", "TF_CPP_MIN_LOG_LEVEL": "3", "XLA_FLAGS": (os.environ.get(
                "XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false --xla_backend_optimization_level=0").strip()}


@dataclass
class Sandbox:
    """How kernels are started: ``argv(workdir)`` and ``isolation`` (a sentence for reports)."""
    limits: Limits
    use_bwrap: bool
    isolation: str

    def popen(self, workdir: Path) -> subprocess.Popen:
        """Start ``python -m dltoolkit.grading.kernel``; ``workdir`` holds ``submission.ipynb``."""
        module = ["-I", "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
                  "from dltoolkit.grading.kernel import main; main()"]
        if self.use_bwrap:
            cmd = [*_prlimit(self.limits), shutil.which("bwrap"), "--unshare-user", "--uid", "65534", "--gid", "65534",
                   "--cap-drop", "ALL", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                   "--unshare-cgroup-try", "--die-with-parent", "--new-session",
                   "--proc", "/proc", "--dev", "/dev", "--size", str(self.limits.disk_mb << 20), "--tmpfs", "/tmp"]
            for d in ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/etc"):
                if os.path.exists(d):
                    cmd += ["--ro-bind", d, d]
            for r in _python_roots():
                cmd += ["--ro-bind", r, r]
            cmd += ["--ro-bind", str(PKG_ROOT), f"{SANDBOX_PKG}/dltoolkit",
                    "--size", str(self.limits.disk_mb << 20), "--tmpfs", SANDBOX_WORK,
                    "--ro-bind", str(workdir / "submission.ipynb"), f"{SANDBOX_WORK}/submission.ipynb",
                    "--chdir", SANDBOX_WORK,
                    "--setenv", "HOME", SANDBOX_WORK, "--", sys.executable, *module, SANDBOX_PKG]
            env = _env(SANDBOX_PKG, SANDBOX_WORK)
            cwd = None
        else:
            cmd = [*_prlimit(self.limits), sys.executable, *module, str(PKG_ROOT.parent)]
            env, cwd = _env(str(PKG_ROOT.parent), str(workdir)), str(workdir)
        return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, cwd=cwd, start_new_session=True)


def make_sandbox(*, isolate: bool | None = None, limits: Limits | None = None) -> Sandbox:
    """bubblewrap where it works; ``isolate=False`` forces none, ``True`` requires it."""
    limits = limits or Limits()
    why = bwrap_works() if isolate is not False else "isolation turned off (--no-sandbox)"
    if why is None:
        return Sandbox(limits, True, "bubblewrap: no network, read-only system, private /tmp, "
                                     f"{limits.memory_mb} MB, {limits.cpu_s} CPU s")
    if isolate:
        raise RuntimeError(f"isolation was required but is unavailable: {why}")
    return Sandbox(limits, False, f"NOT ISOLATED: {why}; the submission ran with the grader's permissions")
