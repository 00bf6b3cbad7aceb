"""Bad inputs are caught on the host, before compiling, with the user's own shapes and the fix.

Each test makes one mistake the way a student would (the cases of the "no silent failure"
audit) and asserts the message: which layer, the shape the user passed, and the one-line fix.
Where the fix is a line of code, the test applies it and checks that the model then trains.
"""
import re

import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import Conv2D, Dense, Flatten, ShapeError
from dltoolkit.models import Sequential


@pytest.fixture(scope="module")
def digits():
    (x, y), _ = dl.data.load_digits()
    return x[:256].astype(np.float32) / 16.0, y[:256]


def _cnn(**first):
    return Sequential([Conv2D(4, 3, activation="relu", **first), Flatten(),
                       Dense(10, activation="softmax")])


def _compiled(model, loss="sparse_categorical_crossentropy"):
    model.compile(optimizer=dl.optim.adam(1e-2), loss=loss, metrics=["accuracy"])
    return model


def test_declared_input_dim_is_never_rebuilt():
    x = np.random.default_rng(0).normal(size=(64, 20)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)[:, None]
    model = _compiled(Sequential([Dense(4, activation="relu", input_dim=10),
                                  Dense(1, activation="sigmoid")]), "binary_crossentropy")
    with pytest.raises(ShapeError) as e:
        model.fit(x, y, epochs=1, verbose=0)
    msg = str(e.value)
    assert "(64, 20)" in msg and "'dense' (Dense)" in msg and "input_dim=10" in msg
    assert "declare input_dim=20" in msg
    assert model.params is None                      # nothing was built for 20 features
    with pytest.raises(ShapeError, match=r"declared with input_shape=\(10,\).*never replaced"):
        model.build((20,))
    model.fit(x[:, :10], y, epochs=1, verbose=0)     # the declared shape trains
    assert model.params["dense"]["kernel"].shape == (10, 4)


@pytest.mark.parametrize("declared", [False, True])
def test_nchw_images_are_named_with_the_transpose(digits, declared):
    x, y = digits
    model = _compiled(_cnn(padding="same", **({"input_shape": (8, 8, 1)} if declared else {})))
    nchw = x.transpose(0, 3, 1, 2)
    with pytest.raises(ShapeError) as e:
        model.fit(nchw, y, epochs=1, verbose=0)
    msg = str(e.value)
    assert "(256, 1, 8, 8)" in msg and "channels-first (NCHW)" in msg and "'conv2d'" in msg
    assert "(256, 8, 8, 1)" in msg
    fix = re.search(r"Fix: x = (x\.transpose\([\d, ]+\))", msg).group(1)
    fixed = eval(fix, {"x": nchw})
    np.testing.assert_array_equal(fixed, x)          # the suggested line restores NHWC exactly
    model.fit(fixed, y, epochs=1, verbose=0)


@pytest.mark.parametrize("declared", [False, True])
def test_flat_images_into_a_conv_net_get_the_reshape(digits, declared):
    x, y = digits
    model = _compiled(_cnn(**({"input_shape": (8, 8, 1)} if declared else {})))
    flat = x.reshape(len(x), -1)
    with pytest.raises(ShapeError) as e:
        model.fit(flat, y, epochs=1, verbose=0)
    msg = str(e.value)
    assert "(256, 64)" in msg and "'conv2d' (Conv2D)" in msg
    fix = re.search(r"x = (x\.reshape\([-\d, ]+\))", msg).group(1)
    np.testing.assert_array_equal(eval(fix, {"x": flat}), x)


def test_grey_images_without_channel_axis(digits):
    x, y = digits
    model = _compiled(_cnn(input_shape=(8, 8, 1)))
    with pytest.raises(ShapeError, match=r"\(256, 8, 8\).*channels axis: x = x\[\.\.\., None\]"):
        model.fit(x[..., 0], y, epochs=1, verbose=0)


def test_images_into_a_dense_net_suggest_flatten_not_the_labels(digits):
    x, y = digits
    model = _compiled(Sequential([Dense(16, activation="relu"), Dense(10, activation="softmax")]))
    with pytest.raises(ShapeError) as e:
        model.fit(x, y, epochs=1, verbose=0)
    msg = str(e.value)
    assert "(256, 8, 8, 1)" in msg and "Dense layer 'dense'" in msg
    assert "Flatten(input_shape=(8, 8, 1))" in msg and "label" not in msg
    fixed = _compiled(Sequential([Flatten(input_shape=(8, 8, 1)), Dense(16, activation="relu"),
                                  Dense(10, activation="softmax")]))
    fixed.fit(x, y, epochs=1, verbose=0)


def test_predict_one_example_names_its_shape_and_x_none(digits):
    x, y = digits
    flat = x.reshape(len(x), -1)
    model = _compiled(Sequential([Dense(16, activation="relu", input_dim=64),
                                  Dense(10, activation="softmax")]))
    model.fit(flat, y, epochs=1, verbose=0)
    with pytest.raises(ShapeError) as e:
        model.predict(flat[0])
    msg = str(e.value)
    assert "(64,)" in msg and "ONE example" in msg and "x[None]" in msg
    assert "32" not in msg                           # never the padded batch size
    assert model.predict(flat[0][None]).shape == (1, 10)
    with pytest.raises(ShapeError, match=r"evaluate: x has shape \(64,\).*x\[None\]"):
        model.evaluate(flat[0], y[:1])


def test_length_mismatch_reports_the_users_lengths_before_the_split(digits):
    x, y = digits
    model = _compiled(Sequential([Flatten(input_shape=(8, 8, 1)), Dense(10, activation="softmax")]))
    with pytest.raises(ValueError, match=r"x has 256, y has 200") as e:
        model.fit(x, y[:200], validation_split=0.2, epochs=1, verbose=0)
    assert "204" not in str(e.value) and "160" not in str(e.value)   # not the split lengths
    with pytest.raises(ValueError, match=r"x has 256, y has 256, sample_weight has 10"):
        model.fit(x, y, sample_weight=np.ones(10), epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"validation_data: .* x has 50, y has 40"):
        model.fit(x, y, validation_data=(x[:50], y[:40]), epochs=1, verbose=0)


def test_text_inputs_are_named():
    model = _compiled(Sequential([Dense(10, activation="softmax", input_dim=2)]))
    with pytest.raises(TypeError, match=r"x holds str\d* values, not numbers"):
        model.fit(np.array([["a", "b"]] * 4), np.zeros(4, int), verbose=0)


def test_a_matching_conv_net_still_accepts_other_image_sizes():
    # conv layers slide over any height and width: only the channel count is part of the contract
    model = Sequential([Conv2D(4, 3, padding="same", input_shape=(8, 8, 1)),
                        dl.layers.GlobalAvgPool2D(), Dense(3, activation="softmax")])
    model.build()
    out = model.predict(np.zeros((2, 12, 12, 1), np.float32))
    assert out.shape == (2, 3)
    with pytest.raises(ShapeError, match=r"\(2, 12, 12, 3\)"):
        model.predict(np.zeros((2, 12, 12, 3), np.float32))


def test_empty_model_says_no_layers(digits):
    x, y = digits
    with pytest.raises(ValueError, match="has no layers"):
        Sequential().summary()
    with pytest.raises(ValueError, match="has no layers"):
        _compiled(Sequential()).fit(x, y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="has no layers"):
        Sequential().predict(x)


def test_keyword_typos_raise_with_did_you_mean(digits):
    x, y = digits
    model = Sequential([Flatten(input_shape=(8, 8, 1)), Dense(10, activation="softmax")])
    with pytest.raises(TypeError, match=r"'optimiser'.*did you mean 'optimizer'"):
        model.compile(optimiser="adam", loss="sparse_categorical_crossentropy")
    _compiled(model)
    with pytest.raises(TypeError, match=r"'epoch'.*did you mean 'epochs'"):
        model.fit(x, y, epoch=5, verbose=0)
    assert model.params is None or model.trainer.step == 0      # nothing trained
