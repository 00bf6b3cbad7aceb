"""Deep plain net vs residual net of the same depth, same data, optimizer and budget.

Measured (2-core CPU, this configuration): plain 30-layer MLP final training loss ~0.37, residual
~0.017; first-layer gradient norm over the first 10 steps ~29 (plain) vs ~4.9 (residual). The
conv version (benchmarks/plain_vs_residual.py, 20 layers, no BN): 1.11 vs 0.53.
"""
import numpy as np

from dltoolkit.data import make_spirals
from dltoolkit.models.zoo import deep_mlp, train_and_measure
from dltoolkit.optim import sgd


def test_residual_net_reaches_lower_training_loss_than_plain_net():
    X, y = make_spirals(512, n_classes=2, noise=0.1, seed=0)
    X = X.astype(np.float32)
    out = {}
    for residual in (False, True):
        model = deep_mlp(30, 32, 2, 2, residual=residual, batch_norm=True)
        out[residual] = train_and_measure(model, X, y, steps=200, batch_size=64,
                                          optimizer=sgd(0.01, momentum=0.9), seed=0)
    plain, res = out[False], out[True]
    for r in (plain, res):
        assert r["loss"].shape == (200,) and r["first_grad_norm"].shape == (200,)
        assert np.all(np.isfinite(r["first_grad_norm"])) and np.all(r["first_grad_norm"] > 0)
    # same layers and count of weights: only the skip connections differ
    assert res["final_loss"] < 0.5 * plain["final_loss"], (plain["final_loss"], res["final_loss"])
    assert res["loss"][-20:].mean() < plain["loss"][-20:].mean()


def test_plain_and_residual_have_identical_parameter_shapes():
    import jax

    shapes = [jax.tree.map(lambda a: a.shape, jax.eval_shape(
        lambda k: deep_mlp(30, 32, 2, 2, residual=r).init(k, (2,))[0], jax.random.key(0)))
        for r in (False, True)]
    flat = [sorted((jax.tree_util.keystr(p).replace("['main']", ""), s)
                   for p, s in jax.tree_util.tree_leaves_with_path(t, is_leaf=lambda x: isinstance(x, tuple)))
            for t in shapes]
    assert flat[0] == flat[1]
