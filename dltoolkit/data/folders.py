"""``image_dataset_from_directory``: Keras' folder-of-images loader, on Pillow and NumPy.

Layout (``labels="inferred"``)::

    directory/
        class_a/  a_001.jpg  a_002.png ...
        class_b/  b_001.jpg ...

Formats: PNG, JPEG, BMP, GIF and TIFF (``.tif``/``.tiff``, read by Pillow: 16-bit scans are scaled
to 0..255 in float, multi-page files give their first page; see ``image_dataset``).
Classes are the sub-folder names sorted alphanumerically (label 0 = first). Files are
listed in sorted order, shuffled with ``seed`` (when ``shuffle=True``) and only then split:
``training`` takes the first ``1 - validation_split`` of the files, ``validation`` the last
``int(validation_split * N)``, so the two subsets never share a file for the same seed.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import numpy as np

from .image_dataset import ImageDataset

ALLOWED_FORMATS = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff")


def _list_files(folder: Path, follow_links: bool) -> list[str]:
    out = []
    for root, dirs, files in os.walk(folder, followlinks=follow_links):
        dirs.sort()
        out += [os.path.join(root, f) for f in sorted(files) if f.lower().endswith(ALLOWED_FORMATS)]
    return out


def _index(directory: Path, labels: Any, class_names: Optional[Sequence[str]], follow_links: bool):
    if labels == "inferred":
        subdirs = sorted(d.name for d in directory.iterdir() if d.is_dir())
        if not subdirs:
            raise ValueError(f"no class sub-folders in {directory}: with labels='inferred' put the images "
                             f"of each class in their own folder, e.g. {directory}/cats/1.jpg")
        if class_names is not None:
            if sorted(class_names) != subdirs:
                raise ValueError(f"class_names {list(class_names)} must match the sub-folders of "
                                 f"{directory}: {subdirs}")
            subdirs = list(class_names)
        paths, labs = [], []
        for i, sub in enumerate(subdirs):
            found = _list_files(directory / sub, follow_links)
            paths += found
            labs += [i] * len(found)
        return paths, np.asarray(labs, np.int32), list(subdirs)
    paths = _list_files(directory, follow_links)
    if labels is None:
        return paths, None, None
    labs = np.asarray(labels)
    if len(labs) != len(paths):
        raise ValueError(f"labels has {len(labs)} entries but {directory} holds {len(paths)} image files "
                         f"(listed recursively in sorted order)")
    return paths, labs.astype(np.int32), list(class_names) if class_names is not None else None


def image_dataset_from_directory(
    directory: Union[str, Path], labels: Any = "inferred", label_mode: Optional[str] = "int",
    class_names: Optional[Sequence[str]] = None, color_mode: str = "rgb",
    batch_size: Optional[int] = 32, image_size: tuple[int, int] = (256, 256), shuffle: bool = True,
    seed: Optional[int] = None, validation_split: Optional[float] = None, subset: Optional[str] = None,
    interpolation: str = "bilinear", follow_links: bool = False, crop_to_aspect_ratio: bool = False,
    verbose: bool = True,
):
    """Images in ``directory`` as an iterable of ``(images, labels)`` batches (Keras' signature).

    ``images``: float32 ``(batch, height, width, channels)`` with raw values 0..255 (as Keras;
    rescale yourself), channels 1/3/4 for ``color_mode`` grayscale/rgb/rgba.
    ``labels`` by ``label_mode``: ``"int"`` int32 ``(batch,)``; ``"categorical"`` float32
    one-hot ``(batch, num_classes)``; ``"binary"`` float32 ``(batch, 1)`` (exactly 2 classes);
    ``None``: batches are images only. ``batch_size=None`` yields single examples.
    ``subset="both"`` returns ``(train, validation)``. The result has ``class_names``,
    ``file_paths`` and ``len()`` (batches per epoch); with ``shuffle=True`` the order is
    reshuffled (seeded) every epoch.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"directory {str(directory)!r} does not exist or is not a folder")
    if labels not in ("inferred", None) and not isinstance(labels, (list, tuple, np.ndarray)):
        raise ValueError(f"labels must be 'inferred', None or a list of labels, got {labels!r}")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(f"label_mode must be 'int', 'categorical', 'binary' or None, got {label_mode!r}")
    if labels is None:
        label_mode = None
    channels = {"grayscale": 1, "rgb": 3, "rgba": 4}.get(color_mode)
    if channels is None:
        raise ValueError(f"color_mode must be 'grayscale', 'rgb' or 'rgba', got {color_mode!r}")
    if subset not in (None, "training", "validation", "both"):
        raise ValueError(f"subset must be 'training', 'validation', 'both' or None, got {subset!r}")
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(f"validation_split must be between 0 and 1, got {validation_split}")
    if validation_split and subset is None:
        raise ValueError("validation_split is set, so subset must be 'training', 'validation' or 'both'")
    if subset is not None and not validation_split:
        raise ValueError(f"subset={subset!r} needs a validation_split, e.g. validation_split=0.2")
    if validation_split and shuffle and seed is None:
        raise ValueError("with validation_split and shuffle=True you must pass a seed, so that the "
                         "training and validation subsets are split from the same shuffled order "
                         "and never share a file")
    if seed is None:
        seed = int(np.random.randint(1_000_000))

    paths, labs, names = _index(directory, labels, class_names, follow_links)
    if not paths:
        raise ValueError(f"no images found in {directory} (allowed formats: {', '.join(ALLOWED_FORMATS)})")
    if label_mode == "binary" and len(names or []) != 2:
        raise ValueError(f"label_mode='binary' needs exactly 2 classes, found {len(names or [])}: {names}")
    if verbose:
        n_cls = f" belonging to {len(names)} classes" if names is not None else ""
        print(f"Found {len(paths)} files{n_cls}.")
    if shuffle:
        order = np.random.RandomState(seed).permutation(len(paths))
        paths = [paths[i] for i in order]
        labs = labs[order] if labs is not None else None

    def make(sel: slice, which: str) -> ImageDataset:
        sub_paths = paths[sel]
        if verbose and which:
            print(f"Using {len(sub_paths)} files for {which}.")
        return ImageDataset(sub_paths, labs[sel] if labs is not None else None, names, label_mode,
                            channels, tuple(image_size), interpolation, crop_to_aspect_ratio,
                            batch_size, shuffle, seed)

    if not validation_split:
        return make(slice(None), "")
    n_train = len(paths) - int(validation_split * len(paths))
    train, val = slice(0, n_train), slice(n_train, None)
    if subset == "training":
        return make(train, "training")
    if subset == "validation":
        return make(val, "validation")
    return make(train, "training"), make(val, "validation")
