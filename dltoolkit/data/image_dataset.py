"""``ImageDataset``: the iterable that :func:`image_dataset_from_directory` returns.

Images are decoded lazily, one batch at a time, with Pillow; an unreadable file raises an
error that names its path. Pixel values are float32 on the 0..255 scale whatever the file:

* 8-bit images (PNG, JPEG, BMP, GIF, 8-bit TIFF) as Pillow converts them to L / RGB / RGBA;
* 16-bit single-channel images (Pillow modes ``I;16*``, e.g. 16-bit TIFF scans and PNGs, and
  32-bit integer ``I``, read as 16-bit data) are scaled by 255 / 65535 in float, so no precision is
  lost to 8-bit rounding and 65535 becomes 255.0 (Pillow's own conversion would clip them at 255);
  32-bit float images (``F``) keep their values. For ``color_mode="rgb"`` the grey channel is
  repeated three times (``rgba``: plus an opaque alpha of 255);
* multi-page TIFFs (several scans or a resolution pyramid in one file) give their first page;
  the other pages are not read.
"""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

import numpy as np
from PIL import Image

_RESAMPLE = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC,
             "lanczos": Image.LANCZOS, "area": Image.BOX, "box": Image.BOX, "hamming": Image.HAMMING}
_MODES = {1: "L", 3: "RGB", 4: "RGBA"}
# Single-channel modes above 8 bits -> factor onto the 0..255 scale (see the module docstring).
HIGH_BIT_SCALE = {"I;16": 255 / 65535, "I;16L": 255 / 65535, "I;16B": 255 / 65535, "I;16N": 255 / 65535,
                  "I": 255 / 65535, "F": 1.0}


def decode(img: Image.Image, channels: int) -> Image.Image:
    """The first page of ``img``, ready to resize: 8-bit in the mode for ``channels``, or one float
    band (mode ``F``) on the 0..255 scale for 16/32-bit single-channel images."""
    img.seek(0)
    if img.mode in HIGH_BIT_SCALE:
        return Image.fromarray(np.asarray(img, np.float32) * np.float32(HIGH_BIT_SCALE[img.mode]), "F")
    return img.convert(_MODES[channels])


def to_array(img: Image.Image, channels: int) -> np.ndarray:
    """A decoded (and resized) image -> float32 ``(height, width, channels)``."""
    arr = np.asarray(img, dtype=np.float32)
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.shape[-1] == 1 and channels > 1:  # a float grey band: repeat it, add opaque alpha
        arr = np.repeat(arr, 3, axis=-1)
        if channels == 4:
            arr = np.concatenate([arr, np.full(arr.shape[:2] + (1,), 255.0, np.float32)], axis=-1)
    return arr


def load_image(path: str, channels: int, size: tuple[int, int], interpolation: str = "bilinear",
               crop_to_aspect_ratio: bool = False) -> np.ndarray:
    """One image file -> float32 ``(height, width, channels)`` with values 0..255 (TIFF: see above)."""
    if interpolation not in _RESAMPLE:
        raise ValueError(f"interpolation must be one of {sorted(_RESAMPLE)}, got {interpolation!r}")
    height, width = size
    try:
        with Image.open(path) as img:
            img = decode(img, channels)
            if crop_to_aspect_ratio:  # largest centred window with the target aspect ratio
                w, h = img.size
                cw, ch = min(w, round(h * width / height)), min(h, round(w * height / width))
                left, top = (w - cw) // 2, (h - ch) // 2
                img = img.crop((left, top, left + cw, top + ch))
            img = img.resize((width, height), _RESAMPLE[interpolation])
            arr = to_array(img, channels)
    except Exception as e:
        raise ValueError(f"could not read image file {path}: {type(e).__name__}: {e}") from e
    return arr.reshape(height, width, channels)


class ImageDataset:
    """Iterable over ``(images, labels)`` batches (images only when ``label_mode`` is None)."""

    def __init__(self, file_paths: Sequence[str], labels: Optional[np.ndarray],
                 class_names: Optional[list[str]], label_mode: Optional[str], channels: int,
                 image_size: tuple[int, int], interpolation: str, crop_to_aspect_ratio: bool,
                 batch_size: Optional[int], shuffle: bool, seed: int) -> None:
        self.file_paths = list(file_paths)
        self.labels = labels
        self.class_names = class_names
        self.label_mode = label_mode
        self.channels = channels
        self.image_size = image_size
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = seed
        self.epoch = 0

    def __len__(self) -> int:
        """Number of batches per epoch (number of examples when unbatched)."""
        n = len(self.file_paths)
        return n if self.batch_size is None else -(-n // self.batch_size)

    def _encode(self, idx: np.ndarray) -> np.ndarray:
        y = self.labels[idx]
        if self.label_mode == "categorical":
            return np.eye(len(self.class_names), dtype=np.float32)[y]
        if self.label_mode == "binary":
            return y.astype(np.float32)[:, None]
        return y.astype(np.int32)

    def _batch(self, idx: np.ndarray):
        x = np.stack([load_image(self.file_paths[i], self.channels, self.image_size,
                                 self.interpolation, self.crop_to_aspect_ratio) for i in idx])
        return x if self.label_mode is None else (x, self._encode(idx))

    def iter_epoch(self, epoch: int) -> Iterator:
        """Batches of one epoch; the shuffled order depends only on (seed, epoch)."""
        n = len(self.file_paths)
        order = (np.random.default_rng([self.seed, epoch]).permutation(n) if self.shuffle
                 else np.arange(n))
        step = self.batch_size or 1
        for start in range(0, n, step):
            out = self._batch(order[start:start + step])
            if self.batch_size is None:
                out = out[0] if self.label_mode is None else (out[0][0], out[1][0])
            yield out

    def __iter__(self) -> Iterator:
        epoch, self.epoch = self.epoch, self.epoch + 1
        return self.iter_epoch(epoch)

    def to_arrays(self):
        """Every example at once, in ``file_paths`` order: ``x`` or ``(x, y)``."""
        return self._batch(np.arange(len(self.file_paths)))

    def __repr__(self) -> str:
        return (f"ImageDataset({len(self.file_paths)} files, classes={self.class_names}, "
                f"batch_size={self.batch_size}, image_size={self.image_size})")
