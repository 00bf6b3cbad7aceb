"""image_dataset_from_directory on a generated folder tree, against Keras' documented rules."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from dltoolkit.data import image_dataset_from_directory

COUNTS = {"zebra": 7, "Apple": 5, "cat": 9}  # deliberately not in alphabetical order
FORMATS = [".png", ".jpg", ".bmp", ".gif", ".tif"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    value = {"Apple": 10, "cat": 120, "zebra": 240}  # grey level encodes the class
    for cls, n in COUNTS.items():
        (root / cls).mkdir()
        for i in range(n):
            img = Image.new("RGB", (20 + i, 12), (value[cls],) * 3)
            sub = root / cls / ("nested" if i == 0 else "")
            sub.mkdir(exist_ok=True)
            img.save(sub / f"img_{i:02d}{FORMATS[i % len(FORMATS)]}")
        (root / cls / "notes.txt").write_text("not an image")
    return root


def test_classes_counts_and_batches(tree, capsys):
    ds = image_dataset_from_directory(tree, image_size=(8, 10), batch_size=4, shuffle=False)
    assert "Found 21 files belonging to 3 classes." in capsys.readouterr().out
    assert ds.class_names == sorted(COUNTS) == ["Apple", "cat", "zebra"]
    assert len(ds.file_paths) == 21 and len(ds) == 6  # ceil(21 / 4)
    xs, ys = zip(*ds)
    assert [len(x) for x in xs] == [4, 4, 4, 4, 4, 1]
    x, y = np.concatenate(xs), np.concatenate(ys)
    assert x.shape == (21, 8, 10, 3) and x.dtype == np.float32 and y.dtype == np.int32
    assert np.bincount(y).tolist() == [COUNTS[c] for c in ds.class_names]
    # labels agree with the folder each file came from, and the pixels with the class' grey level
    for path, label, img in zip(ds.file_paths, y, x):
        assert f"/{ds.class_names[label]}/" in path
        assert abs(img.mean() - {0: 10, 1: 120, 2: 240}[label]) < 3


def test_split_sizes_and_disjoint_subsets(tree):
    kw = dict(image_size=(8, 8), batch_size=5, validation_split=0.3, seed=7, verbose=False)
    train = image_dataset_from_directory(tree, subset="training", **kw)
    val = image_dataset_from_directory(tree, subset="validation", **kw)
    n_val = int(0.3 * 21)  # Keras: int(validation_split * num_files) for validation
    assert len(val.file_paths) == n_val and len(train.file_paths) == 21 - n_val
    assert not set(train.file_paths) & set(val.file_paths)
    assert set(train.file_paths) | set(val.file_paths) == set(
        image_dataset_from_directory(tree, shuffle=False, verbose=False).file_paths)
    both = image_dataset_from_directory(tree, subset="both", **kw)
    assert both[0].file_paths == train.file_paths and both[1].file_paths == val.file_paths
    # the split is taken after a seeded shuffle: another seed gives another validation set
    other = image_dataset_from_directory(tree, subset="validation", **{**kw, "seed": 8})
    assert set(other.file_paths) != set(val.file_paths)


def test_epochs_reshuffle_and_label_modes(tree):
    ds = image_dataset_from_directory(tree, image_size=(4, 4), batch_size=None, seed=1,
                                      label_mode="categorical", color_mode="grayscale", verbose=False)
    e1 = [float(x.mean()) for x, _ in ds]
    e2 = [float(x.mean()) for x, _ in ds]
    assert sorted(e1) == sorted(e2) and e1 != e2 and len(e1) == 21
    x, y = next(iter(ds))
    assert x.shape == (4, 4, 1) and y.shape == (3,) and y.sum() == 1
    imgs = image_dataset_from_directory(tree, image_size=(4, 4), label_mode=None, verbose=False,
                                        color_mode="rgba", shuffle=False)
    assert next(iter(imgs)).shape == (21, 4, 4, 4)


def test_binary_and_class_names(tree, tmp_path):
    with pytest.raises(ValueError, match="exactly 2 classes"):
        image_dataset_from_directory(tree, label_mode="binary", verbose=False)
    ds = image_dataset_from_directory(tree, class_names=["zebra", "cat", "Apple"], shuffle=False,
                                      image_size=(4, 4), verbose=False)
    _, y = ds.to_arrays()
    assert ds.class_names == ["zebra", "cat", "Apple"] and np.bincount(y).tolist() == [7, 9, 5]
    with pytest.raises(ValueError, match="must match"):
        image_dataset_from_directory(tree, class_names=["a", "b", "c"], verbose=False)


def test_clear_errors(tree, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        image_dataset_from_directory(tmp_path / "missing")
    (tmp_path / "flat").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "flat" / "a.png")
    with pytest.raises(ValueError, match="no class sub-folders"):
        image_dataset_from_directory(tmp_path / "flat")
    (tmp_path / "empty" / "cls").mkdir(parents=True)
    with pytest.raises(ValueError, match="no images found"):
        image_dataset_from_directory(tmp_path / "empty", verbose=False)
    with pytest.raises(ValueError, match="subset"):
        image_dataset_from_directory(tree, validation_split=0.2, seed=1)
    with pytest.raises(ValueError, match="seed"):
        image_dataset_from_directory(tree, validation_split=0.2, subset="training")
    bad = tmp_path / "bad" / "cls"
    bad.mkdir(parents=True)
    (bad / "broken.jpg").write_bytes(b"this is not a jpeg")
    ds = image_dataset_from_directory(tmp_path / "bad", verbose=False)
    with pytest.raises(ValueError, match="broken.jpg"):
        next(iter(ds))
