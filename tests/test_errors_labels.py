"""Labels are checked against the loss on the host; a probability loss on logits warns.

Every message names the user's label shape and the right loss or the conversion; where the
conversion is a line of code, the test applies it and trains. The binary (N,) case is accepted
as Keras accepts it, and checked against the same fit with (N, 1) labels as the oracle.
"""
import warnings

import jax
import numpy as np
import pytest

import dltoolkit as dl
from dltoolkit.layers import Dense, Flatten
from dltoolkit.models import Sequential


@pytest.fixture(scope="module")
def digits():
    (x, y), _ = dl.data.load_digits()
    return x[:256].reshape(256, -1).astype(np.float32) / 16.0, y[:256]


def _mlp(head="softmax", units=10):
    return Sequential([Dense(16, activation="relu", input_dim=64), Dense(units, activation=head)])


def _fit(model, x, y, loss, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.compile(optimizer=dl.optim.adam(1e-2), loss=loss)
    return model.fit(x, y, epochs=kw.pop("epochs", 1), batch_size=32, verbose=0, **kw)


def test_onehot_labels_with_the_sparse_loss(digits):
    x, y = digits
    onehot = np.eye(10, dtype=np.float32)[y]
    with pytest.raises(ValueError) as e:
        _fit(_mlp(), x, onehot, "sparse_categorical_crossentropy")
    msg = str(e.value)
    assert "(256, 10)" in msg and "one-hot" in msg and "(256,)" in msg
    assert "loss='categorical_crossentropy'" in msg and "y.argmax(axis=-1)" in msg
    np.testing.assert_array_equal(onehot.argmax(axis=-1), y)   # the suggested conversion
    _fit(_mlp(), x, onehot, "categorical_crossentropy")         # and the suggested loss train


def test_integer_labels_with_the_categorical_loss(digits):
    x, y = digits
    with pytest.raises(ValueError) as e:
        _fit(_mlp(), x, y, "categorical_crossentropy")
    msg = str(e.value)
    assert "(256,)" in msg and "integer class ids" in msg and "(256, 10)" in msg
    assert "sparse_categorical_crossentropy" in msg and "dl.data.to_categorical(y, 10)" in msg
    _fit(_mlp(), x, dl.data.to_categorical(y, 10), "categorical_crossentropy")


@pytest.mark.parametrize("dtype", [str, object])
def test_text_labels_suggest_a_label_encoder(digits, dtype):
    x, y = digits
    names = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                      "nine"], dtype=dtype)[y]
    with pytest.raises(TypeError) as e:
        _fit(_mlp(), x, names, "sparse_categorical_crossentropy")
    msg = str(e.value)
    assert "text" in msg and "'zero'" in msg and "np.unique(y, return_inverse=True)" in msg
    assert "sparse_categorical_crossentropy" in msg and "Dense(10, activation='softmax')" in msg
    class_names, ids = np.unique(names, return_inverse=True)     # the suggested encoder
    assert class_names[ids[0]] == names[0]
    _fit(_mlp(), x, ids, "sparse_categorical_crossentropy")


def test_binary_labels_of_shape_n_train_like_n_by_1(digits):
    # Keras accepts (N,) targets for a one-unit output; the oracle is the same fit on (N, 1)
    x, y = digits
    t = (y % 2).astype(np.float32)
    a, b = _mlp("sigmoid", 1), _mlp("sigmoid", 1)
    ha = _fit(a, x, t, "binary_crossentropy", epochs=2, shuffle=False)
    hb = _fit(b, x, t[:, None], "binary_crossentropy", epochs=2, shuffle=False)
    np.testing.assert_allclose(ha.history["loss"], hb.history["loss"], rtol=1e-6)
    for p, q in zip(jax.tree.leaves(a.params), jax.tree.leaves(b.params)):
        np.testing.assert_allclose(p, q, rtol=1e-6, atol=1e-7)
    assert a.evaluate(x, t) == pytest.approx(b.evaluate(x, t[:, None]), rel=1e-6)


def test_binary_loss_with_class_ids_names_the_sparse_loss(digits):
    x, y = digits
    with pytest.raises(ValueError) as e:
        _fit(_mlp(), x, y, "binary_crossentropy")
    msg = str(e.value)
    assert "targets in [0, 1]" in msg and "from 0 to 9" in msg
    assert "sparse_categorical_crossentropy" in msg and "Dense(10, activation='softmax')" in msg
    with pytest.raises(ValueError) as e:                        # 0/1 labels, but 10 outputs
        _fit(_mlp(), x, (y % 2).astype(np.float32), "binary_crossentropy")
    msg = str(e.value)
    assert "(256,)" in msg and "10 outputs" in msg and "Dense(1, activation='sigmoid')" in msg


def test_regression_loss_with_class_ids(digits):
    x, y = digits
    with pytest.raises(ValueError, match=r"\(256,\).*to_categorical\(y, 10\).*sparse_categorical"):
        _fit(_mlp(), x, y, "mse")


def test_label_out_of_range_names_the_output_size(digits):
    x, y = digits
    with pytest.raises(ValueError, match=r"label [5-9] is outside \[0, 5\).*5 outputs.*\(10 here\?\)"):
        _fit(_mlp(units=5), x, y, "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=r"evaluate: label [5-9] is outside \[0, 5\)"):
        m = _mlp(units=5)
        _fit(m, x, y % 5, "sparse_categorical_crossentropy")
        m.evaluate(x, y)


def test_spatial_output_with_one_label_per_example():
    # a conv net without Flatten keeps the spatial axes: the message says so, not "labels shape"
    x = np.zeros((8, 6, 6, 1), np.float32)
    model = Sequential([dl.layers.Conv2D(3, 3, input_shape=(6, 6, 1)), Dense(3, activation="softmax")])
    with pytest.raises(ValueError, match=r"output has shape \(4, 4, 3\) per example.*Flatten\(\)"):
        _fit(model, x, np.zeros(8, int), "sparse_categorical_crossentropy")


def _compile_warnings(model, loss):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.compile(optimizer="adam", loss=loss)
    return [w for w in caught if issubclass(w.category, UserWarning)]


def test_forgotten_softmax_warns_once_at_compile_with_the_fix():
    caught = _compile_warnings(_mlp(head=None), "sparse_categorical_crossentropy")
    assert len(caught) == 1
    msg = str(caught[0].message)
    assert "'dense_1' (Dense(10))" in msg and "activation='linear'" in msg
    assert "activation='softmax'" in msg and "from_logits=True" in msg
    assert caught[0].filename == __file__            # points at the user's compile line


def test_softmax_output_with_from_logits_warns():
    loss = dl.losses.get("sparse_categorical_crossentropy", from_logits=True)
    caught = _compile_warnings(_mlp(), loss)
    assert len(caught) == 1 and "applied twice" in str(caught[0].message)
    caught = _compile_warnings(_mlp("sigmoid", 1), dl.losses.get("binary_crossentropy", from_logits=True))
    assert len(caught) == 1 and "sigmoid is applied twice" in str(caught[0].message)


def test_one_unit_softmax_warns():
    caught = _compile_warnings(_mlp("softmax", 1), "binary_crossentropy")
    assert len(caught) == 1 and "always outputs 1.0" in str(caught[0].message)


@pytest.mark.parametrize("head,loss", [
    ("softmax", "sparse_categorical_crossentropy"), ("softmax", "categorical_crossentropy"),
    ("sigmoid", "binary_crossentropy"), (None, "mse"),
    (None, dl.losses.get("sparse_categorical_crossentropy", from_logits=True))])
def test_matching_pairs_do_not_warn(head, loss):
    units = 1 if head == "sigmoid" else 10
    assert _compile_warnings(_mlp(head, units), loss) == []


def test_forgotten_softmax_is_what_the_warning_says(digits):
    # the warned-about model trains badly, the suggested fix trains well (oracle: the fixed model)
    x, y = digits
    bad, good = _mlp(head=None), _mlp()
    _fit(bad, x, y, "sparse_categorical_crossentropy", epochs=20)
    _fit(good, x, y, "sparse_categorical_crossentropy", epochs=20)
    acc = lambda m: float(np.mean(m.predict(x).argmax(-1) == y))
    assert acc(good) > 0.85 and acc(bad) < 0.5       # measured: 0.96 and 0.10 (chance)
