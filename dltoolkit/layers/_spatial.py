"""Window arithmetic shared by convolution and pooling layers (NHWC images).

The size of a sliding-window output along one spatial axis, for input size ``N``,
window (kernel) size ``F``, dilation ``D``, padding ``P`` on each side and stride ``S``:

    out = floor((N + 2P - D*(F - 1) - 1) / S) + 1

With ``D = 1`` this is the course formula ``floor((N + 2P - F) / S) + 1``. ``D*(F-1)+1`` is
the *effective* window size: a dilated 3x3 kernel with D=2 spans 5x5 pixels.
"""
from __future__ import annotations

from typing import Any, Sequence, Tuple

Pads = Tuple[Tuple[int, int], ...]


def normalize_tuple(value: Any, n: int, what: str, layer: str) -> Tuple[int, ...]:
    """``3 -> (3, 3)``; ``(3, 5) -> (3, 5)``; anything else is a clear ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        out = (value,) * n
    else:
        try:
            out = tuple(int(v) for v in value)
        except TypeError:
            raise ValueError(f"{layer}: {what} must be an int or a tuple of {n} ints, got {value!r}") from None
        if len(out) != n:
            raise ValueError(f"{layer}: {what} must be an int or a tuple of {n} ints, got {value!r}")
    if any(v < 1 for v in out):
        raise ValueError(f"{layer}: {what} must be positive, got {value!r}")
    return out


def check_padding(padding: Any, layer: str, allow_explicit: bool = True) -> Any:
    """Validate a padding spec; strings are lower-cased. Returns the normalized spec."""
    if isinstance(padding, str):
        p = padding.lower()
        if p in ("valid", "same"):
            return p
    elif allow_explicit:
        try:
            explicit_pads(padding, 2)
            return padding
        except (TypeError, ValueError):
            pass
    allowed = ('"valid", "same", an int P, a pair (Ph, Pw) or ((top, bottom), (left, right))'
               if allow_explicit else '"valid" or "same"')
    raise ValueError(f"{layer}: padding must be {allowed}; got {padding!r}")


def explicit_pads(padding: Any, n: int) -> Pads:
    """Numeric padding spec -> ``((before, after),) * n`` (non-negative ints)."""
    if isinstance(padding, int) and not isinstance(padding, bool):
        pads = ((padding, padding),) * n
    else:
        items = tuple(padding)
        if len(items) != n:
            raise ValueError("wrong number of padding entries")
        pads = tuple((int(p), int(p)) if isinstance(p, int) else tuple(int(q) for q in p) for p in items)
        if any(len(p) != 2 for p in pads):
            raise ValueError("each padding entry must be an int or a (before, after) pair")
    if any(q < 0 for p in pads for q in p):
        raise ValueError("padding must be non-negative")
    return pads


def resolve_pads(padding: Any, sizes: Sequence[int], windows: Sequence[int],
                 strides: Sequence[int], dilations: Sequence[int] | None = None) -> Pads:
    """Turn ``"valid"``/``"same"``/numbers into explicit ``(before, after)`` pads per axis.

    ``"same"`` follows Keras/TensorFlow: output size ``ceil(N / S)``, the total padding
    ``max((out - 1) * S + F_eff - N, 0)`` split with the extra pixel after (bottom/right).
    """
    dilations = dilations or (1,) * len(sizes)
    if padding == "valid":
        return ((0, 0),) * len(sizes)
    if padding == "same":
        pads = []
        for n, f, s, d in zip(sizes, windows, strides, dilations):
            f_eff = d * (f - 1) + 1
            out = -(-n // s)
            total = max((out - 1) * s + f_eff - n, 0)
            pads.append((total // 2, total - total // 2))
        return tuple(pads)
    return explicit_pads(padding, len(sizes))


def window_out_size(n: int, f: int, pads: Tuple[int, int], s: int, d: int = 1) -> int:
    """``floor((N + P_before + P_after - D*(F-1) - 1) / S) + 1`` (may be <= 0: caller reports)."""
    return (n + pads[0] + pads[1] - d * (f - 1) - 1) // s + 1


def check_image_batch(layer, x, channels: int | None = None) -> None:
    """Raise a ShapeError unless ``x`` is a (batch, H, W, C) array with ``channels`` channels."""
    if x.ndim != 4:
        if x.ndim == 3:
            hint = ("Missing batch dimension? For a single image use x[None] (a batch of one); "
                    "a batch of grayscale images needs a channels axis: x[..., None].")
        else:
            hint = "Images are NHWC: (batch, height, width, channels)."
        raise layer.shape_error("a 4-D input (batch, height, width, channels)",
                                "of rank 4", f"shape {tuple(x.shape)} (rank {x.ndim})", hint)
    if channels is not None and x.shape[-1] != channels:
        raise layer.shape_error("an input with", f"{channels} channels (last axis, NHWC)",
                                f"{x.shape[-1]} channels in shape {tuple(x.shape)}",
                                "Check the previous layer's filters, or that images are NHWC, "
                                "not NCHW.")


def check_image_shape(layer, input_shape: Sequence[int]) -> Tuple[int, int, int]:
    """Validate an ``input_shape`` (H, W, C) given to ``init``; return it as ints."""
    shape = tuple(int(d) for d in input_shape)
    if len(shape) != 3:
        hint = ("input_shape excludes the batch dimension: use (height, width, channels)."
                if len(shape) == 4 else
                "Grayscale images need a channels axis: (height, width, 1)." if len(shape) == 2
                else "")
        raise layer.shape_error("input_shape", "(height, width, channels)", shape, hint)
    return shape  # type: ignore[return-value]


def check_out_sizes(layer, sizes, windows, pads, strides, dilations, padding) -> Tuple[int, ...]:
    """Output spatial sizes; an explanatory ShapeError if any is <= 0 (window bigger than input)."""
    outs = tuple(window_out_size(n, f, p, s, d)
                 for n, f, p, s, d in zip(sizes, windows, pads, strides, dilations))
    if any(o <= 0 for o in outs):
        eff = tuple(d * (f - 1) + 1 for f, d in zip(windows, dilations))
        raise layer.shape_error(
            "an input (height, width) no smaller than its", f"{eff} window with padding {padding!r}",
            f"input (height, width) = {tuple(sizes)}",
            f"The output size floor((N + 2P - F)/S) + 1 would be {outs} (<= 0): the window is larger "
            "than the padded input. Use padding='same', a smaller kernel/pool, or fewer "
            "downsampling layers before this one.")
    return outs
