"""More optimizer variants against optax, and composition with optax/dl chains and clipping."""
import numpy as np
import optax
import pytest

import dltoolkit as dl
from test_optim_vs_optax import _assert_same, _problem, _train_pair, build, check_case

VARIANTS = {
    "adagrad_init": ("adagrad", dict(learning_rate=0.05, initial_accumulator_value=0.5, eps=1e-5)),
    "adadelta_wd": ("adadelta", dict(learning_rate=0.5, rho=0.8, eps=1e-5, weight_decay=0.01)),
    "rmsprop_eps_out": ("rmsprop", dict(learning_rate=0.01, decay=0.8, eps=1e-4,
                                        eps_in_sqrt=False, initial_scale=0.1)),
    "rmsprop_nesterov_bc": ("rmsprop", dict(learning_rate=0.002, momentum=0.7, nesterov=True,
                                            bias_correction=True)),
    "adam_betas": ("adam", dict(learning_rate=0.02, b1=0.5, b2=0.9, eps=1e-6, eps_root=1e-8)),
    "adamw_mask": ("adamw", dict(learning_rate=0.01, weight_decay=0.5,
                                 mask={"dense_1": True, "dense_2": False})),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_matches_optax(name):
    check_case(VARIANTS, name)


CHAINED = {
    "sgd_momentum": ("sgd", dict(learning_rate=0.05, momentum=0.9)),
    "rmsprop_centered": ("rmsprop", dict(learning_rate=0.005, centered=True)),
    "adamw": ("adamw", dict(learning_rate=0.01, weight_decay=0.1)),
}


@pytest.mark.parametrize("name", sorted(CHAINED))
def test_composes_with_optax_chain_and_clipping(name):
    params, xs, ys = _problem()
    ys = 10.0 * ys  # large gradients, so that clipping is active
    opt_name, kw = CHAINED[name]
    ref_opt = build(optax, opt_name, kw)
    ours, ref = _train_pair(optax.chain(optax.clip_by_global_norm(1.0), build(dl.optim, opt_name, kw)),
                            optax.chain(optax.clip_by_global_norm(1.0), ref_opt), params, xs, ys)
    _, unclipped = _train_pair(ref_opt, ref_opt, params, xs, ys)
    assert not np.allclose(unclipped["dense_1"]["kernel"], ref["dense_1"]["kernel"], rtol=1e-3), \
        "clipping never triggered: weak test"
    _assert_same(ours, ref, params)


def test_our_chain_and_clip_by_value():
    params, xs, ys = _problem()
    ours, ref = _train_pair(dl.optim.chain(dl.optim.clip(0.05), dl.optim.adam(0.01)),
                            optax.chain(optax.clip(0.05), build(optax, "adam", {"learning_rate": 0.01})),
                            params, xs, 10 * ys)
    _assert_same(ours, ref, params)


def test_per_layer_and_freeze():
    params, xs, ys = _problem()
    labels = {"dense_1": "a", "dense_2": "b"}
    ours, ref = _train_pair(
        dl.optim.per_layer({"dense_1": dl.optim.sgd(0.01)}, default=dl.optim.adam(0.01)),
        optax.multi_transform({"a": optax.sgd(0.01),
                               "b": build(optax, "adam", {"learning_rate": 0.01})}, labels),
        params, xs, ys)
    _assert_same(ours, ref, params)

    opt = dl.optim.freeze("dense_1", dl.optim.sgd(0.05))
    frozen, _ = _train_pair(opt, opt, params, xs, ys)
    np.testing.assert_array_equal(frozen["dense_1"]["kernel"], params["dense_1"]["kernel"])
    assert not np.allclose(frozen["dense_2"]["kernel"], params["dense_2"]["kernel"])


def test_per_layer_unknown_layer_lists_layers():
    params, _, _ = _problem()
    with pytest.raises(ValueError, match=r"dense_3.*dense_1, dense_2"):
        dl.optim.freeze(["dense_3"], dl.optim.sgd(0.1)).init(params)
