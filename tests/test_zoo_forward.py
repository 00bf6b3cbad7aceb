"""Every zoo model runs forward and backward: abstractly at 224x224x3 / 1000 classes (shapes only,
via jax.eval_shape of the gradient) and for real on small images with a batch of 2."""
import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from dltoolkit.models import zoo
from dltoolkit.layers.config import layer_from_config, layer_to_config

IMAGENET_BUILDERS = {
    "alexnet": zoo.alexnet, "vgg11": zoo.vgg11, "vgg13": zoo.vgg13, "vgg16": zoo.vgg16,
    "vgg19": zoo.vgg19, "vgg16_bn": lambda **k: zoo.vgg16(batch_norm=True, **k),
    "googlenet": zoo.googlenet, "resnet18": zoo.resnet18, "resnet34": zoo.resnet34,
    "resnet50": zoo.resnet50,
}


def loss_fn(model, params, state, x, labels, key):
    y, new_state = model.apply(params, state, x, train=True, key=key)
    logp = jnp.log(jnp.clip(y, 1e-7, 1.0))
    return -jnp.mean(jnp.take_along_axis(logp, labels[:, None], axis=1)), new_state


@pytest.mark.parametrize("name", sorted(IMAGENET_BUILDERS))
def test_imagenet_forward_backward_shapes(name):
    model = IMAGENET_BUILDERS[name](input_shape=(224, 224, 3), num_classes=1000)

    def step(key):
        params, state = model.init(key, (224, 224, 3))
        x = jnp.zeros((2, 224, 224, 3))
        (loss, new_state), grads = jax.value_and_grad(loss_fn, argnums=1, has_aux=True)(
            model, params, state, x, jnp.zeros((2,), jnp.int32), key)
        y, _ = model.apply(params, state, x, train=False)
        return y, loss, grads, params, new_state, state

    y, loss, grads, params, new_state, state = jax.eval_shape(step, jax.random.key(0))
    assert y.shape == (2, 1000) and loss.shape == ()
    assert jax.tree.structure(grads) == jax.tree.structure(params)
    assert jax.tree.map(lambda a: a.shape, grads) == jax.tree.map(lambda a: a.shape, params)
    assert jax.tree.structure(new_state) == jax.tree.structure(state)


slow = pytest.mark.slow
SMALL = [
    ("mlp", lambda: zoo.mlp((28, 28, 1), hidden=(32, 16), num_classes=10), (28, 28, 1)),
    ("lenet5_28", lambda: zoo.lenet5((28, 28, 1), 10, activation="tanh", pooling="avg"), (28, 28, 1)),
    ("lenet5_32", lambda: zoo.lenet5((32, 32, 1), 10, activation="relu", pooling="max"), (32, 32, 1)),
    pytest.param("alexnet", lambda: zoo.alexnet((32, 32, 3), 10), (32, 32, 3), marks=slow),
    pytest.param("vgg11_bn", lambda: zoo.vgg11((32, 32, 3), 10, batch_norm=True), (32, 32, 3), marks=slow),
    pytest.param("vgg16", lambda: zoo.vgg16(input_shape=(32, 32, 3), num_classes=10, batch_norm=False),
                 (32, 32, 3), marks=slow),
    pytest.param("googlenet", lambda: zoo.googlenet((32, 32, 3), 10), (32, 32, 3), marks=slow),
    pytest.param("resnet18", lambda: zoo.resnet18((32, 32, 3), 10), (32, 32, 3), marks=slow),
    pytest.param("resnet34", lambda: zoo.resnet34((32, 32, 3), 10), (32, 32, 3), marks=slow),
    pytest.param("resnet50", lambda: zoo.resnet50((32, 32, 3), 10), (32, 32, 3), marks=slow),
    ("plain20", lambda: zoo.plain_net(20, (32, 32, 3), 10), (32, 32, 3)),
]


def _id(p):
    return p.values[0] if hasattr(p, "marks") else p[0]


@pytest.mark.parametrize("name,build,shape", SMALL, ids=[_id(s) for s in SMALL])
def test_small_forward_backward(name, build, shape):
    """Init, forward (eval) and gradient in ONE jitted function: one compilation per model."""
    model = build()
    first = model.layers[1 if name == "mlp" else 0].name

    @jax.jit
    def run(key, x, labels):
        params, state = model.init(key, shape)
        (loss, _), grads = jax.value_and_grad(
            lambda p: loss_fn(model, p, state, x, labels, key), has_aux=True)(params)
        y, _ = model.apply(params, state, x, train=False)
        finite = jnp.all(jnp.array([jnp.all(jnp.isfinite(g)) for g in jax.tree_util.tree_leaves(grads)]))
        g_first = sum(jnp.abs(g).sum() for g in jax.tree_util.tree_leaves(grads[first]))
        return y, loss, finite, g_first

    x = jax.random.uniform(jax.random.key(2), (2, *shape))
    y, loss, finite, g_first = run(jax.random.key(1), x, jnp.array([1, 3]))
    assert y.shape == (2, 10)
    np.testing.assert_allclose(np.asarray(y.sum(-1)), 1.0, rtol=1e-5)
    assert np.isfinite(float(loss)) and bool(finite)
    assert float(g_first) > 0, "no gradient reached the first layer"


@pytest.mark.parametrize("build", [lambda: zoo.resnet18((32, 32, 3), 10),
                                   lambda: zoo.googlenet((32, 32, 3), 10, aux_heads=True)])
def test_configs_round_trip(build):
    model = build()
    rebuilt = layer_from_config(json.loads(json.dumps(layer_to_config(model))))
    p1, s1 = jax.eval_shape(lambda k: model.init(k, (32, 32, 3)), jax.random.key(0))
    p2, s2 = jax.eval_shape(lambda k: rebuilt.init(k, (32, 32, 3)), jax.random.key(0))
    assert jax.tree.map(lambda a: a.shape, (p1, s1)) == jax.tree.map(lambda a: a.shape, (p2, s2))
    assert layer_to_config(rebuilt) == layer_to_config(model)


def test_googlenet_aux_heads_output_and_loss():
    model = zoo.googlenet((32, 32, 3), 5, aux_heads=True)
    y = jax.eval_shape(lambda k: model.apply(*model.init(k, (32, 32, 3)), jnp.ones((2, 32, 32, 3)))[0],
                       jax.random.key(0))
    assert y.shape == (2, 15)                       # [main | aux after 4d | aux after 4a]
    y = jax.random.normal(jax.random.key(1), (2, 15))
    loss = zoo.googlenet_loss(5, aux_weight=0.3)(jnp.array([0, 4]), y)
    ce = lambda z: -jax.nn.log_softmax(z)[jnp.arange(2), jnp.array([0, 4])].mean()  # noqa: E731
    expected = ce(y[:, :5]) + 0.3 * (ce(y[:, 5:10]) + ce(y[:, 10:]))
    np.testing.assert_allclose(float(loss), float(expected), rtol=1e-5)
    assert zoo.main_output(y, 5).shape == (2, 5)


def test_summary_shows_nested_blocks():
    text = zoo.resnet18((32, 32, 3), 10).summary(print_fn=None)
    assert "layer1_0 (Residual)" in text and "  main (Sequential)" in text
    assert "  shortcut (Sequential)" in text     # layer2_0 projects 64 -> 128 channels


def test_lenet5_rejects_other_sizes():
    with pytest.raises(ValueError, match="28x28 or 32x32"):
        zoo.lenet5((64, 64, 1))
