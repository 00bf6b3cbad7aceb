"""image_dataset_from_directory reads TIFF scans made with Pillow: 8-bit RGB, 16-bit greyscale
(scaled by 255/65535 in float, not clipped at 255) and multi-page files (first page)."""
import numpy as np
import pytest
from PIL import Image

import dltoolkit as dl
from dltoolkit.data.image_dataset import load_image


def _folder(tmp_path, files: dict):
    for rel, img in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(img, list):
            img[0].save(path, save_all=True, append_images=img[1:])
        else:
            img.save(path)
    return tmp_path


def test_16bit_tiff_is_scaled_not_clipped(tmp_path):
    values = np.array([[0, 257, 1000], [32768, 65000, 65535]], np.uint16)
    _folder(tmp_path, {"a/scan.tif": Image.fromarray(values)})
    with Image.open(tmp_path / "a/scan.tif") as img:
        assert img.mode == "I;16"  # really a 16-bit file
    ds = dl.data.image_dataset_from_directory(tmp_path, image_size=(2, 3), interpolation="nearest",
                                              color_mode="grayscale", shuffle=False, verbose=False)
    x, y = ds.to_arrays()
    expected = values.astype(np.float64) * 255 / 65535  # 257 -> 1.0, 1000 -> 3.89..., 65535 -> 255
    np.testing.assert_allclose(x[0, ..., 0], expected, rtol=1e-6, atol=1e-4)
    assert x.dtype == np.float32 and y.tolist() == [0]
    # the values between 8-bit steps survive (Pillow's own conversion would give 255 for all but 0)
    assert 3.8 < x[0, 0, 2, 0] < 3.9


def test_16bit_tiff_in_rgb_mode_repeats_the_grey_channel_and_resizes_in_float(tmp_path):
    """Values 257*k are exactly k after scaling, so the same picture saved as 8-bit must resize to
    the same result up to Pillow's 8-bit arithmetic (one grey level)."""
    k = np.random.default_rng(1).integers(0, 256, (8, 8)).astype(np.uint16)
    _folder(tmp_path, {"x/ramp.tiff": Image.fromarray(k * 257),
                       "x/ramp8.png": Image.fromarray(k.astype(np.uint8))})
    rgb = load_image(str(tmp_path / "x/ramp.tiff"), 3, (5, 3), "bilinear")
    rgba = load_image(str(tmp_path / "x/ramp.tiff"), 4, (5, 3), "bilinear")
    ref = load_image(str(tmp_path / "x/ramp8.png"), 3, (5, 3), "bilinear")
    assert rgb.shape == (5, 3, 3) and rgba.shape == (5, 3, 4)
    np.testing.assert_array_equal(rgb[..., 0], rgb[..., 1])
    np.testing.assert_array_equal(rgb[..., 0], rgb[..., 2])
    np.testing.assert_array_equal(rgba[..., 3], 255.0)
    np.testing.assert_allclose(rgb, ref, atol=1.0)  # 8-bit resize: fixed-point weights, rounding
    assert np.any(np.abs(rgb - np.round(rgb)) > 0.01)  # float precision kept, not 8-bit steps


def test_multipage_tiff_gives_its_first_page(tmp_path):
    pages = [Image.fromarray(np.full((6, 6, 3), v, np.uint8)) for v in (10, 200, 90)]
    single = Image.fromarray(np.full((6, 6, 3), 50, np.uint8))
    _folder(tmp_path, {"cls/stack.tif": pages, "cls/single.tif": single})
    with Image.open(tmp_path / "cls/stack.tif") as img:
        assert img.n_frames == 3
    ds = dl.data.image_dataset_from_directory(tmp_path, image_size=(6, 6), shuffle=False, verbose=False)
    x, _ = ds.to_arrays()
    by_name = dict(zip([p.rsplit("/", 1)[-1] for p in ds.file_paths], x))
    np.testing.assert_array_equal(by_name["stack.tif"], 10.0)
    np.testing.assert_array_equal(by_name["single.tif"], 50.0)


def test_8bit_rgb_tiff_reads_like_png(tmp_path):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (5, 7, 3), dtype=np.uint8)
    _folder(tmp_path, {"k/a.tif": Image.fromarray(pixels), "k/b.png": Image.fromarray(pixels)})
    ds = dl.data.image_dataset_from_directory(tmp_path, image_size=(5, 7), shuffle=False, verbose=False)
    x, _ = ds.to_arrays()
    np.testing.assert_array_equal(x[0], pixels.astype(np.float32))
    np.testing.assert_array_equal(x[0], x[1])


def test_corrupt_tiff_error_names_the_file(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c/broken.tif").write_bytes(b"II*\x00garbage")
    ds = dl.data.image_dataset_from_directory(tmp_path, image_size=(4, 4), shuffle=False, verbose=False)
    with pytest.raises(ValueError, match="broken.tif"):
        ds.to_arrays()
