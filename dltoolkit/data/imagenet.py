"""ImageNet inputs and outputs for the pretrained zoo models: preprocessing and class names.

torchvision's evaluation transform for its ImageNet weights (and timm's ``tv_in1k`` files):

    resize the shorter side to 256 (bilinear, antialiased), the longer to int(256 * long / short)
    center crop 224 x 224 (top = round((H - 224) / 2), left = round((W - 224) / 2))
    x = (pixel / 255 - mean) / std,   mean = (0.485, 0.456, 0.406), std = (0.229, 0.224, 0.225)

``load_image`` does the first two steps (NHWC float32 on the 0..255 scale, as
``image_dataset_from_directory`` gives), ``preprocess_input`` the last (Keras' "torch" mode), and
``load_images`` all three for a list of files. ``decode_predictions(preds, top=5)`` turns a
``(batch, 1000)`` output into ``(wordnet_id, name, score)`` lists as Keras does; the 1,000 names
ship in ``embedded/imagenet_classes.txt`` (see ``embedded/README.md`` for their provenance).
``sample_images()`` lists the shipped public-domain photos (``embedded/photos/``).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence, Union

import numpy as np
from .image_dataset import decode, to_array

EMBEDDED = Path(__file__).parent / "embedded"
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)


@lru_cache(maxsize=1)
def _classes() -> tuple:
    rows = [line.split("\t") for line in (EMBEDDED / "imagenet_classes.txt").read_text().splitlines()]
    return tuple(r[0] for r in rows), tuple(r[1] for r in rows)


def class_names() -> list[str]:
    """The 1,000 ImageNet-1k class names in class-index order (torchvision's names)."""
    return list(_classes()[1])


def wordnet_ids() -> list[str]:
    """The WordNet ids (``"n01440764"``, ...) of the 1,000 classes, in class-index order."""
    return list(_classes()[0])


def preprocess_input(x) -> np.ndarray:
    """``(x / 255 - mean) / std`` per RGB channel: images ``(..., 3)`` on the 0..255 scale -> float32."""
    x = np.asarray(x, np.float32)
    if x.shape[-1:] != (3,):
        raise ValueError(f"preprocess_input expects RGB images with 3 channels last (NHWC), got shape "
                         f"{x.shape}")
    return (x / 255.0 - MEAN) / STD


def load_image(path: Union[str, Path], size: int = 224, resize: int = 256) -> np.ndarray:
    """One image file -> float32 ``(size, size, 3)`` on 0..255: shorter side to ``resize``, center crop."""
    from PIL import Image


    if not 0 < size <= resize:
        raise ValueError(f"load_image: need 0 < size <= resize, got size={size}, resize={resize}")
    try:
        with Image.open(path) as img:
            img = decode(img, 3)
            w, h = img.size
            short, long = (w, h) if w <= h else (h, w)
            new_long = int(resize * long / short)
            new_w, new_h = (resize, new_long) if w <= h else (new_long, resize)
            img = img.resize((new_w, new_h), Image.BILINEAR)
            top, left = int(round((new_h - size) / 2.0)), int(round((new_w - size) / 2.0))
            img = img.crop((left, top, left + size, top + size))
            return to_array(img, 3)
    except OSError as e:
        raise ValueError(f"could not read image file {path}: {type(e).__name__}: {e}") from e


def load_images(paths: Sequence[Union[str, Path]], size: int = 224, resize: int = 256) -> np.ndarray:
    """Files -> the model input ``(n, size, size, 3)``: ``load_image`` then ``preprocess_input``."""
    return preprocess_input(np.stack([load_image(p, size, resize) for p in paths]))


def decode_predictions(preds, top: int = 5) -> list:
    """For each row of ``preds`` (batch, 1000), the ``top`` classes as ``(wordnet_id, name, score)``,
    highest score first (Keras' ``decode_predictions``). Scores are the values given (probabilities
    for a softmax model, logits otherwise)."""
    preds = np.asarray(preds)
    if preds.ndim != 2 or preds.shape[1] != 1000:
        raise ValueError(f"decode_predictions expects a batch of ImageNet scores of shape (batch, 1000), "
                         f"got {preds.shape}")
    if not 1 <= int(top) <= 1000:
        raise ValueError(f"top must be between 1 and 1000, got {top}")
    wnids, names = _classes()
    order = np.argsort(-preds, axis=1, kind="stable")[:, :int(top)]
    return [[(wnids[i], names[i], float(row[i])) for i in idx] for row, idx in zip(preds, order)]


def sample_images() -> dict[str, Path]:
    """The shipped sample photos by name (``astronaut``, ``chelsea``, ``coffee``, ``rocket``)."""
    return {p.stem: p for p in sorted((EMBEDDED / "photos").glob("*.jpg"))}
