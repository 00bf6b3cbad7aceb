"""Each dl.optim optimizer follows optax's trajectory for 200 steps on a small MLP."""
import inspect

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

import dltoolkit as dl

STEPS = 200


def _problem():
    k = jax.random.split(jax.random.key(0), 6)
    params = {"dense_1": {"kernel": 0.5 * jax.random.normal(k[0], (4, 8)), "bias": jnp.zeros(8)},
              "dense_2": {"kernel": 0.5 * jax.random.normal(k[1], (8, 3)),
                          "bias": 0.1 * jax.random.normal(k[2], (3,))}}
    xs = jax.random.normal(k[3], (STEPS, 16, 4))
    ys = jax.random.normal(k[4], (STEPS, 16, 3))
    return params, xs, ys


def _loss(params, x, y):  # hand-written 2-layer MLP, mean squared error
    h = jnp.tanh(x @ params["dense_1"]["kernel"] + params["dense_1"]["bias"])
    out = h @ params["dense_2"]["kernel"] + params["dense_2"]["bias"]
    return jnp.mean((out - y) ** 2)


def _train_pair(opt_a, opt_b, params, xs, ys):
    """200 steps of two optimizers side by side, in one compiled scan."""
    def body(carry, batch):
        out = []
        for opt, (p, s) in zip((opt_a, opt_b), carry):
            u, s = opt.update(jax.grad(_loss)(p, *batch), s, p)
            out.append((optax.apply_updates(p, u), s))
        return tuple(out), None

    @jax.jit
    def run(params):
        init = ((params, opt_a.init(params)), (params, opt_b.init(params)))
        (a, b), _ = jax.lax.scan(body, init, (xs, ys))
        return a[0], b[0]
    return run(params)


def _assert_same(ours, ref, params0):
    moved = jax.tree.map(lambda a, b: float(jnp.max(jnp.abs(a - b))), ref, params0)
    assert max(jax.tree.leaves(moved)) > 1e-3, "the reference did not move: weak test"
    for a, b in zip(jax.tree.leaves(ours), jax.tree.leaves(ref)):
        # weights are O(1) (float32 spacing 1.2e-7 there): a few ulps of rounding that differs per
        # instruction set is not a disagreement; 1e-6 is still 1000x below how far they moved
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)


SCHED = optax.exponential_decay(0.1, transition_steps=20, decay_rate=0.7)

# name -> (optimizer, kwargs); the same call is made on dl.optim and on optax.
CASES = {
    "sgd": ("sgd", dict(learning_rate=0.1)),
    "sgd_momentum": ("sgd", dict(learning_rate=0.05, momentum=0.9)),
    "sgd_nesterov": ("sgd", dict(learning_rate=0.05, momentum=0.8, nesterov=True)),
    "sgd_schedule": ("sgd", dict(learning_rate=SCHED, momentum=0.5)),
    "adagrad": ("adagrad", dict(learning_rate=0.1)),
    "adadelta": ("adadelta", dict(learning_rate=1.0)),
    "rmsprop": ("rmsprop", dict(learning_rate=0.01)),
    "rmsprop_centered": ("rmsprop", dict(learning_rate=0.005, centered=True)),
    "rmsprop_momentum": ("rmsprop", dict(learning_rate=0.001, momentum=0.9)),
    "adam": ("adam", dict(learning_rate=0.01)),
    "adam_schedule": ("adam", dict(learning_rate=optax.warmup_cosine_decay_schedule(0.0, 0.02, 20, 200))),
    "adamw": ("adamw", dict(learning_rate=0.01, weight_decay=0.1)),
    "nadam": ("nadam", dict(learning_rate=0.01)),
}


STATIC = ("nesterov", "centered", "eps_in_sqrt", "bias_correction", "mask", "weight_decay_mask")


def build(module, name, kwargs):
    """``module.name(**kwargs)``. For optax the reference is wrapped in optax's own
    ``inject_hyperparams``, with every float default passed explicitly: its hyperparameters
    are then runtime float32 values like ours (otherwise XLA folds Python constants such
    as ``1 - b1`` in double precision and results differ by float32 rounding)."""
    fn = getattr(module, name)
    if module is dl.optim:
        return fn(**kwargs)
    defaults = {k: p.default for k, p in inspect.signature(fn).parameters.items()
                if type(p.default) is float}
    kwargs = {**defaults, **kwargs}
    return optax.inject_hyperparams(fn, static_args=[k for k in kwargs if k in STATIC])(**kwargs)


def check_case(cases, name, ys_scale=1.0):
    params, xs, ys = _problem()
    opt_name, kwargs = cases[name]
    ours, ref = _train_pair(build(dl.optim, opt_name, kwargs), build(optax, opt_name, kwargs),
                            params, xs, ys_scale * ys)
    _assert_same(ours, ref, params)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_optax(name):
    check_case(CASES, name)


def test_our_schedule_as_learning_rate_matches_optax_schedule():
    params, xs, ys = _problem()
    ours, ref = _train_pair(
        dl.optim.sgd(dl.optim.schedules.exponential_decay(0.1, 20, 0.7), momentum=0.5),
        build(optax, "sgd", dict(learning_rate=SCHED, momentum=0.5)), params, xs, ys)
    _assert_same(ours, ref, params)
