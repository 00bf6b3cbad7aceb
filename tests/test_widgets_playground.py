"""OptimizerPlayground: trajectories against optax and closed forms; no retrace on knob moves."""
import numpy as np
import optax
import pytest

from dltoolkit.widgets import OptimizerPlayground
from dltoolkit.widgets.optimizer_playground import NAMES
from dltoolkit.widgets.surfaces import SURFACES, rosenbrock


@pytest.fixture(scope="module")
def pg():
    return OptimizerPlayground(steps=60, optimizers=NAMES)


def rosenbrock_grad(p):
    x, y = float(p[0]), float(p[1])
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], np.float32)


def optax_path(opt, start, steps):
    p = np.asarray(start, np.float32)
    s = opt.init(p)
    out = [np.asarray(p)]
    for _ in range(steps):
        u, s = opt.update(rosenbrock_grad(p), s, p)
        p = optax.apply_updates(p, u)
        out.append(np.asarray(p))
    return np.stack(out)


def test_paths_match_optax(pg):
    pg.surface.value = "rosenbrock"
    pg.lr.value = 1e-3
    pg.momentum.value, pg.b1.value, pg.b2.value, pg.decay.value = 0.8, 0.85, 0.99, 0.95
    names, path, gap = pg.compute()
    start = (pg.start_x.value, pg.start_y.value)
    lr = pg.lr.value
    refs = {"sgd": optax.sgd(lr), "momentum": optax.sgd(lr, momentum=0.8),
            "nesterov": optax.sgd(lr, momentum=0.8, nesterov=True), "adagrad": optax.adagrad(lr),
            "rmsprop": optax.rmsprop(lr, decay=0.95), "adam": optax.adam(lr, b1=0.85, b2=0.99)}
    for i, n in enumerate(names):
        ref = optax_path(refs[n], start, 25)
        np.testing.assert_allclose(path[:26, i], ref, rtol=2e-4, atol=2e-5, err_msg=n)
        np.testing.assert_allclose(gap[:26, i], [float(rosenbrock(p)) for p in ref], rtol=1e-3, atol=1e-5)


def test_gradient_descent_on_the_quadratic_follows_the_closed_form(pg):
    pg.surface.value = "ill-conditioned quadratic"
    pg.lr.value = 0.05
    names, path, _ = pg.compute()
    x0, y0 = pg.start_x.value, pg.start_y.value
    t = np.arange(path.shape[0])
    i = names.index("sgd")   # x_t = (1 - lr)^t x0, y_t = (1 - 25 lr)^t y0
    np.testing.assert_allclose(path[:, i, 0], (1 - 0.05) ** t * x0, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(path[:, i, 1], (1 - 25 * 0.05) ** t * y0, rtol=1e-4, atol=1e-6)
    pg.lr.value = 0.1                               # > 2/25: gradient descent diverges
    assert "sgd: diverged: lower the learning rate" in pg.summary()


def test_slider_moves_redraw_and_never_retrace(pg):
    first = pg.engine.traces["scan"]
    assert first == 1
    img = pg.image.value
    for slider, value in [(pg.lr, 0.002), (pg.momentum, 0.3), (pg.b1, 0.5), (pg.b2, 0.95),
                          (pg.decay, 0.7), (pg.start_x, -1.0), (pg.start_y, 1.0), (pg.steps, 250)]:
        slider.value = value
        assert pg.image.value != img, slider.description
        img = pg.image.value
    pg.surface.value = "saddle"
    pg.surface.value = "several minima"
    pg.show["adam"].value = False
    assert pg.engine.traces["scan"] == first
    names, path, _ = pg.compute()
    assert "adam" not in names and path.shape == (pg.steps.value + 1, len(names), 2)


def test_static_output(pg):
    bundle = pg._repr_mimebundle_()
    assert bundle["text/plain"].startswith("OptimizerPlayground: surface=")
    assert bundle["image/png"]
    assert set(SURFACES) == set(pg.surface.options)
