"""ImageNet preprocessing, class names, decode_predictions and the shipped sample photos."""
import numpy as np
import pytest
import torch
from PIL import Image

from dltoolkit.data import imagenet


def test_class_file_has_the_published_order():
    names, ids = imagenet.class_names(), imagenet.wordnet_ids()
    assert len(names) == len(ids) == 1000 == len(set(names)) == len(set(ids))
    assert ids == sorted(ids)  # ImageNet-1k's class index is the sorted WordNet ids
    # anchors from the ILSVRC-2012 class list
    for index, wnid, name in [(0, "n01440764", "tench"), (1, "n01443537", "goldfish"),
                              (151, "n02085620", "Chihuahua"), (281, "n02123045", "tabby"),
                              (409, "n02708093", "analog clock"), (999, "n15075141", "toilet tissue")]:
        assert (ids[index], names[index]) == (wnid, name)


def test_decode_predictions_hand_worked():
    preds = np.zeros((2, 1000), np.float32)
    preds[0, [281, 285, 282]] = [0.7, 0.2, 0.05]
    preds[1, 999] = 3.0
    preds[1, 0] = -1.0
    out = imagenet.decode_predictions(preds, top=3)
    assert [(w, n) for w, n, _ in out[0]] == [("n02123045", "tabby"), ("n02124075", "Egyptian cat"),
                                            ("n02123159", "tiger cat")]
    assert [round(s, 6) for _, _, s in out[0]] == [0.7, 0.2, 0.05]
    assert out[1][0] == ("n15075141", "toilet tissue", 3.0) and len(out[1]) == 3
    with pytest.raises(ValueError, match=r"\(batch, 1000\), got \(1000,\)"):
        imagenet.decode_predictions(preds[0])
    with pytest.raises(ValueError, match="top must be"):
        imagenet.decode_predictions(preds, top=0)


def test_preprocess_input_is_torchvisions_normalisation():
    x = np.array([[[0, 128, 255]]], np.float32).repeat(3, 0)[None]  # (1, 3, 1, 3)
    y = imagenet.preprocess_input(x)
    mean, std = np.array([0.485, 0.456, 0.406]), np.array([0.229, 0.224, 0.225])
    np.testing.assert_allclose(y[0, 0, 0], (np.array([0, 128, 255]) / 255 - mean) / std, rtol=1e-6)
    assert y.dtype == np.float32
    with pytest.raises(ValueError, match="3 channels last"):
        imagenet.preprocess_input(np.zeros((1, 3, 8, 8)))


def test_load_image_resizes_shorter_side_and_center_crops_like_torchvision(tmp_path):
    """Oracle: torch's antialiased bilinear resize to (256, 384) and the crop torchvision takes
    (top = round((256 - 224) / 2) = 16, left = round((384 - 224) / 2) = 80)."""
    rng = np.random.default_rng(0)
    base = rng.integers(0, 256, (20, 30, 3)).astype(np.uint8)
    pixels = np.asarray(Image.fromarray(base).resize((300, 200), Image.NEAREST))  # blocky, 300 x 200
    Image.fromarray(pixels).save(tmp_path / "wide.png")
    got = imagenet.load_image(tmp_path / "wide.png")
    t = torch.from_numpy(pixels.astype(np.float32)).permute(2, 0, 1)[None]
    ref = torch.nn.functional.interpolate(t, size=(256, 384), mode="bilinear", antialias=True,
                                          align_corners=False)[0].permute(1, 2, 0).numpy()
    ref = ref[16:240, 80:304]
    assert got.shape == (224, 224, 3) and got.dtype == np.float32
    assert np.abs(got - ref).mean() < 0.5 and np.abs(got - ref).max() < 3.0
    tall = imagenet.load_image(tmp_path / "wide.png", size=100, resize=120)
    assert tall.shape == (100, 100, 3)
    batch = imagenet.load_images([tmp_path / "wide.png"] * 2)
    np.testing.assert_allclose(batch[1], imagenet.preprocess_input(got), rtol=1e-6)


def test_sample_photos_ship_small_and_load():
    photos = imagenet.sample_images()
    assert sorted(photos) == ["astronaut", "chelsea", "coffee", "rocket"]
    for path in photos.values():
        assert path.stat().st_size < 40_000
        with Image.open(path) as img:
            assert min(img.size) == 256 and img.mode == "RGB"
    x = imagenet.load_images(list(photos.values()))
    assert x.shape == (4, 224, 224, 3) and np.isfinite(x).all()
    assert -2.2 < x.min() < -1.5 and 2.0 < x.max() < 2.7  # normalised range of real photos
