"""Where does LeNet-5's train step spend its time on XLA:CPU, compared with PyTorch?

Times, for each LeNet-5 convolution shape at batch 128, the forward and the forward+backward of
one convolution in: XLA with NHWC/HWIO (what dltoolkit uses), XLA with NCHW/OIHW, and PyTorch
(NCHW, oneDNN). Then the whole LeNet-5 step without convolutions (dense layers, pooling, loss,
Adam) in XLA, to separate the convolution lowering from everything else.

Usage: .venv/bin/python benchmarks/conv_lowering.py
"""
from __future__ import annotations

import time

import jax
import jax.numpy as jnp
import numpy as np

SHAPES = [("conv1 5x5 1->6 same, 28x28", (128, 28, 28, 1), (5, 5, 1, 6), "SAME"),
          ("conv2 5x5 6->16 valid, 14x14", (128, 14, 14, 6), (5, 5, 6, 16), "VALID")]


def timeit(f, *args, n=30):
    jax.block_until_ready(f(*args))
    t = time.perf_counter()
    for _ in range(n):
        out = f(*args)
    jax.block_until_ready(out)
    return (time.perf_counter() - t) / n * 1e3


def xla(x_shape, k_shape, padding, layout):
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.random(x_shape, np.float32))
    k = jnp.asarray(rng.random(k_shape, np.float32))
    dims = ("NHWC", "HWIO", "NHWC")
    if layout == "NCHW":
        x, k, dims = x.transpose(0, 3, 1, 2), k.transpose(3, 2, 0, 1), ("NCHW", "OIHW", "NCHW")

    def conv(x, k):
        return jax.lax.conv_general_dilated(x, k, (1, 1), padding, dimension_numbers=dims)

    fwd = jax.jit(conv)
    bwd = jax.jit(jax.grad(lambda x, k: jnp.sum(jnp.tanh(conv(x, k))), argnums=(0, 1)))
    return timeit(fwd, x, k), timeit(bwd, x, k)


def shift_matmul(x_shape, k_shape, padding):
    """The other lowering: stack the kh*kw shifted copies of the input, then one matmul."""
    rng = np.random.default_rng(0)
    x = jnp.asarray(rng.random(x_shape, np.float32))
    k = jnp.asarray(rng.random(k_shape, np.float32))

    def conv(x, k):
        kh, kw, ci, co = k.shape
        if padding == "SAME":
            x = jnp.pad(x, ((0, 0), (kh // 2, kh // 2), (kw // 2, kw // 2), (0, 0)))
        h, w = x.shape[1] - kh + 1, x.shape[2] - kw + 1
        cols = jnp.concatenate([x[:, i:i + h, j:j + w, :] for i in range(kh) for j in range(kw)], -1)
        return cols @ k.reshape(kh * kw * ci, co)

    fwd = jax.jit(conv)
    bwd = jax.jit(jax.grad(lambda x, k: jnp.sum(jnp.tanh(conv(x, k))), argnums=(0, 1)))
    return timeit(fwd, x, k), timeit(bwd, x, k)


def torch_conv(x_shape, k_shape, padding):
    import torch

    rng = np.random.default_rng(0)
    x = torch.from_numpy(rng.random(x_shape, np.float32).transpose(0, 3, 1, 2).copy()).requires_grad_()
    k = torch.from_numpy(rng.random(k_shape, np.float32).transpose(3, 2, 0, 1).copy()).requires_grad_()
    pad = "same" if padding == "SAME" else 0

    def fwd():
        with torch.no_grad():
            return torch.nn.functional.conv2d(x, k, padding=pad)

    def bwd():
        y = torch.nn.functional.conv2d(x, k, padding=pad)
        torch.tanh(y).sum().backward()

    def t(f, n=30):
        f()
        s = time.perf_counter()
        for _ in range(n):
            f()
        return (time.perf_counter() - s) / n * 1e3

    return t(fwd), t(bwd)


if __name__ == "__main__":
    try:
        import torch  # noqa: F401
        have_torch = True
    except ImportError:
        have_torch = False
    print("milliseconds, forward / forward+backward, batch 128")
    print(f"{'layer':30s} {'XLA NHWC':>16s} {'XLA NCHW':>16s} {'XLA shift+matmul':>17s} {'PyTorch':>16s}")
    for name, xs, ks, pad in SHAPES:
        a = xla(xs, ks, pad, "NHWC")
        b = xla(xs, ks, pad, "NCHW")
        m = shift_matmul(xs, ks, pad)
        c = torch_conv(xs, ks, pad) if have_torch else (float("nan"),) * 2
        print(f"{name:30s} " + " ".join(f"{f:7.2f} /{g:7.2f}" for f, g in (a, b, m, c)))
