"""Run the student mistakes of the "no silent failure" audit and print what the user sees.

    python tools/probe_errors.py            # every case
    python tools/probe_errors.py nchw       # the cases whose name contains "nchw"

Each case makes one mistake the way a student would and prints the first line of the
exception (type and message), the warnings raised, or what happened when nothing was raised
(e.g. "trained silently"). Run it on two checkouts to compare before and after. The download
cases start a local server that accepts connections and never answers, and try a refused
port and an unresolvable host: nothing leaves the machine.
"""
from __future__ import annotations

import contextlib
import io
import os
import socket
import sys
import tempfile
import threading
import time
import warnings

import numpy as np

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def _digits():
    import dltoolkit as dl

    (x, y), _ = dl.data.load_digits()
    return x.astype(np.float32), y


def _mlp(head="softmax", input_dim=64, classes=10):
    from dltoolkit.layers import Dense
    from dltoolkit.models import Sequential

    return Sequential([Dense(16, activation="relu", input_dim=input_dim), Dense(classes, activation=head)])


def _cnn(input_shape=None, padding="valid"):
    from dltoolkit.layers import Conv2D, Dense, Flatten
    from dltoolkit.models import Sequential

    first = Conv2D(4, 3, padding=padding, activation="relu", **({"input_shape": input_shape} if input_shape else {}))
    return Sequential([first, Flatten(), Dense(10, activation="softmax")])


def _fit(model, x, y, loss="sparse_categorical_crossentropy", **kw):
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    h = model.fit(x, y, epochs=kw.pop("epochs", 1), batch_size=32, verbose=0, **kw)
    return f"trained silently (loss {h.history['loss'][-1]:.3g})"


@case
def dense_declared_input_dim_ignored():
    """Dense(4, input_dim=10) fed 20 features."""
    from dltoolkit.layers import Dense
    from dltoolkit.models import Sequential

    x = np.random.default_rng(0).normal(size=(64, 20)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.float32)[:, None]
    model = Sequential([Dense(4, activation="relu", input_dim=10), Dense(1, activation="sigmoid")])
    out = _fit(model, x, y, loss="binary_crossentropy")
    return out + f"; kernel shape {model.params['dense']['kernel'].shape}"


@case
def nchw_images_padding_same():
    """NCHW digits (N, 1, 8, 8) into a conv net with padding='same', no declared shape."""
    x, y = _digits()
    return _fit(_cnn(padding="same"), x.transpose(0, 3, 1, 2), y)


@case
def nchw_images_declared_shape():
    """NCHW digits into a conv net declared with input_shape=(8, 8, 1)."""
    x, y = _digits()
    return _fit(_cnn(input_shape=(8, 8, 1)), x.transpose(0, 3, 1, 2), y)


@case
def flat_images_into_conv():
    """Flat (N, 64) digits into a conv net."""
    x, y = _digits()
    return _fit(_cnn(), x.reshape(len(x), -1), y)


@case
def flat_images_into_declared_conv():
    """Flat (N, 64) digits into a conv net declared with input_shape=(8, 8, 1)."""
    x, y = _digits()
    return _fit(_cnn(input_shape=(8, 8, 1)), x.reshape(len(x), -1), y)


@case
def images_into_dense_net():
    """(N, 8, 8, 1) images into a Dense net (no Flatten)."""
    from dltoolkit.layers import Dense
    from dltoolkit.models import Sequential

    x, y = _digits()
    model = Sequential([Dense(16, activation="relu"), Dense(10, activation="softmax")])
    return _fit(model, x, y)


@case
def grey_images_without_channel_axis():
    """(N, 8, 8) images into a conv net declared with input_shape=(8, 8, 1)."""
    x, y = _digits()
    return _fit(_cnn(input_shape=(8, 8, 1)), x[..., 0], y)


@case
def predict_one_example():
    """predict(x[0]) on a trained MLP over flat (N, 64) digits."""
    x, y = _digits()
    x = x.reshape(len(x), -1)
    model = _mlp()
    _fit(model, x, y)
    return f"returned shape {model.predict(x[0]).shape}"


@case
def length_mismatch_with_validation_split():
    """len(x) = 1000, len(y) = 900, validation_split=0.2."""
    x, y = _digits()
    x = x.reshape(len(x), -1)[:1000]
    return _fit(_mlp(), x, y[:900], validation_split=0.2)


@case
def onehot_labels_sparse_loss():
    """One-hot labels with sparse_categorical_crossentropy."""
    x, y = _digits()
    return _fit(_mlp(), x.reshape(len(x), -1), np.eye(10, dtype=np.float32)[y])


@case
def integer_labels_categorical_loss():
    """Integer labels with categorical_crossentropy."""
    x, y = _digits()
    return _fit(_mlp(), x.reshape(len(x), -1), y, loss="categorical_crossentropy")


@case
def string_labels():
    """String labels ('zero', 'one', ...)."""
    x, y = _digits()
    names = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
    return _fit(_mlp(), x.reshape(len(x), -1), names[y])


@case
def binary_labels_shape_n():
    """binary_crossentropy, Dense(1, sigmoid), y of shape (N,)."""
    x, y = _digits()
    return _fit(_mlp(head="sigmoid", classes=1), x.reshape(len(x), -1), (y % 2).astype(np.float32),
                loss="binary_crossentropy")


@case
def binary_loss_multiclass_labels():
    """binary_crossentropy with labels 0..9 and a Dense(10, softmax) head."""
    x, y = _digits()
    return _fit(_mlp(), x.reshape(len(x), -1), y, loss="binary_crossentropy")


@case
def forgotten_softmax():
    """Dense(10) with no activation and sparse_categorical_crossentropy, 5 epochs."""
    x, y = _digits()
    return _fit(_mlp(head=None), x.reshape(len(x), -1), y, epochs=5)


@case
def softmax_with_from_logits():
    """Dense(10, softmax) with sparse_categorical_crossentropy(from_logits=True)."""
    import dltoolkit as dl

    x, y = _digits()
    return _fit(_mlp(), x.reshape(len(x), -1), y,
                loss=dl.losses.get("sparse_categorical_crossentropy", from_logits=True))


@case
def keyword_typo_fit_epoch():
    """fit(x, y, epoch=5)."""
    x, y = _digits()
    model = _mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    h = model.fit(x.reshape(len(x), -1), y, epoch=5, verbose=0)
    return f"trained silently for {len(h.epoch)} epoch(s)"


@case
def keyword_typo_compile_optimiser():
    """compile(optimiser='sgd', loss=...)."""
    model = _mlp()
    model.compile(optimiser="sgd", loss="sparse_categorical_crossentropy")
    return "compiled silently with the default optimizer"


@case
def divergence_lr_10():
    """Digits MLP (tanh, linear head, mse) at lr=10; then evaluate, then fit again at lr=1e-2."""
    import dltoolkit as dl
    from dltoolkit.layers import Dense, Flatten
    from dltoolkit.models import Sequential

    (x, y), _ = dl.data.load_digits()
    t = np.eye(10, dtype=np.float32)[y]
    model = Sequential([Flatten(input_shape=x.shape[1:]), Dense(32, activation="tanh"), Dense(10)])
    model.compile(optimizer=dl.optim.sgd(10.0), loss="mse", metrics=["accuracy"])
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        h = model.fit(x, t, epochs=5, batch_size=32, verbose=0)
    msg = " ".join(buf.getvalue().split())
    biggest = _biggest(model.params)
    ev = model.evaluate(x, t, return_dict=True)
    model.learning_rate = 1e-2
    h2 = model.fit(x, t, epochs=3, batch_size=32, verbose=0)
    return (f"{msg} | largest kept weight {biggest:.3g} | evaluate {ev} | refit at lr=1e-2: "
            f"stop_reason={h2.stop_reason}, losses {[round(v, 4) for v in h2.history['loss']]}, "
            f"accuracy {h2.history['accuracy'][-1]:.3f}")


def _biggest(tree):
    import jax

    return max(float(np.abs(np.asarray(p)).max()) for p in jax.tree.leaves(tree))


@case
def checkpoint_corrupt_meta_json():
    """A checkpoint whose __meta__ entry holds broken JSON."""
    import dltoolkit as dl

    model = _mlp()
    model.build((64,))
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "model.npz")
        model.save(path)
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        arrays["__meta__"] = np.frombuffer(b'{"format": "dltoolkit-checkpoint", ', np.uint8)
        np.savez(path, **arrays)
        dl.models.load(path)
    return "loaded silently"


@case
def cifar_archive_corrupt():
    """load_cifar10(path=folder) where the archive is not a tar.gz."""
    from dltoolkit.data.cifar import read_cifar10_binary

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "cifar-10-binary.tar.gz")
        with open(path, "wb") as f:
            f.write(b"this is not a gzip file")
        read_cifar10_binary(path)
    return "read silently"


@contextlib.contextmanager
def _silent_server():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    held, stop = [], threading.Event()

    def accept():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])       # accept, never answer
            except OSError:
                pass

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.getsockname()[1]}/"
    finally:
        stop.set()
        t.join()
        for c in held:
            c.close()
        srv.close()


def _download(mirror):
    import dltoolkit as dl

    dl.data.load_mnist      # import the data package before the clock starts
    with tempfile.TemporaryDirectory() as d:
        t0 = time.monotonic()
        try:
            dl.data.load_mnist(data_dir=d, mirrors=[mirror], progress=False)
        finally:
            print(f"    (elapsed {time.monotonic() - t0:.1f} s)")


@case
def download_silent_server():
    """load_mnist from a server that accepts the connection and never answers."""
    with _silent_server() as url:
        _download(url)
    return "downloaded?"


@case
def download_refused():
    """load_mnist from a port where nothing listens (connection refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    _download(f"http://127.0.0.1:{port}/")
    return "downloaded?"


@case
def download_unresolvable():
    """load_mnist from a host name that does not resolve."""
    _download("http://no-such-host.invalid/")
    return "downloaded?"


@case
def empty_model_summary():
    """Sequential().summary()."""
    from dltoolkit.models import Sequential

    Sequential().summary()
    return "printed a summary"


@case
def empty_model_fit():
    """Sequential().compile(...).fit(x, y)."""
    from dltoolkit.models import Sequential

    x, y = _digits()
    return _fit(Sequential(), x.reshape(len(x), -1), y)


def run(fn) -> None:
    print(f"## {fn.__name__}: {fn.__doc__.strip()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn()
            print(f"    no error: {out}")
        except Exception as e:  # what the student sees
            text = " ".join(str(e).split())
            print(f"    {type(e).__name__}: {text[:900]}")
    for w in caught:
        if issubclass(w.category, (DeprecationWarning, ResourceWarning)):
            continue
        print(f"    warning {w.category.__name__}: {' '.join(str(w.message).split())[:600]}")


if __name__ == "__main__":
    wanted = sys.argv[1:]
    for fn in CASES:
        if not wanted or any(w in fn.__name__ for w in wanted):
            run(fn)
