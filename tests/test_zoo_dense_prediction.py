"""U-Net segmentation and the single-stage detector on generated shapes beat trivial baselines;
IoU and NMS utilities against hand-computed values."""
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from dltoolkit.data import make_shapes
from dltoolkit.models.zoo import (decode, detect, detection_loss, detector, encode_targets, iou,
                                  mask_iou, nms, pairwise_iou, pixel_crossentropy, unet)


def test_iou_hand_computed():
    a = np.array([0, 0, 2, 2.0])
    assert float(iou(a, np.array([1, 1, 3, 3.0]))) == pytest.approx(1 / 7)
    assert float(iou(a, a)) == pytest.approx(1.0)
    assert float(iou(a, np.array([2, 2, 3, 3.0]))) == 0.0
    m = np.asarray(pairwise_iou(np.array([a, [0, 0, 1, 2.0]]), np.array([a, [1, 0, 2, 2.0], [5, 5, 6, 6.0]])))
    np.testing.assert_allclose(m, [[1, 0.5, 0], [0.5, 0, 0]], atol=1e-6)


def test_nms_keeps_best_of_overlapping_boxes():
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9.0]])
    scores = np.array([0.8, 0.9, 0.7, 0.1])
    assert nms(boxes, scores, iou_threshold=0.5).tolist() == [1, 2]
    assert nms(boxes, scores, iou_threshold=0.99).tolist() == [1, 0, 2, 3]
    assert nms(boxes, scores, iou_threshold=0.5, score_threshold=0.75).tolist() == [1]


def fit(model, loss_of_output, x, targets, steps, lr=3e-3, batch=32, seed=0):
    params, state = model.init(jax.random.key(seed), x.shape[1:])
    opt = optax.adam(lr)
    rng = np.random.default_rng(seed)
    idx = jnp.asarray(np.stack([rng.choice(len(x), batch, replace=False) for _ in range(steps)]))
    x = jnp.asarray(x)
    targets = [jnp.asarray(t) for t in targets]

    @jax.jit
    def train(params, opt_state):
        def step(carry, i):
            p, o = carry
            loss, g = jax.value_and_grad(lambda p: loss_of_output(model.apply(p, state, x[i])[0],
                                                                  *[t[i] for t in targets]))(p)
            u, o = opt.update(g, o, p)
            return (optax.apply_updates(p, u), o), loss
        return jax.lax.scan(step, (params, opt_state), idx)

    (params, _), losses = train(params, opt.init(params))
    return params, state, np.asarray(losses)


def test_unet_beats_trivial_baseline_iou():
    train, test = make_shapes(256, size=16, seed=0), make_shapes(64, size=16, seed=1)
    model = unet((16, 16, 3), num_classes=4, filters=8, depth=2)
    params, state, losses = fit(model, lambda out, m: pixel_crossentropy(m, out), train.images, [train.masks], steps=60, lr=1e-2)
    assert losses[-10:].mean() < losses[:10].mean()
    probs, _ = model.apply(params, state, jnp.asarray(test.images))
    assert probs.shape == (64, 16, 16, 4)
    pred = np.asarray(probs.argmax(-1))
    model_iou = mask_iou(test.masks, pred)
    # trivial baselines: all foreground (all background scores 0)
    baseline = max(mask_iou(test.masks, np.ones_like(test.masks)), mask_iou(test.masks, np.zeros_like(test.masks)))
    print(f"U-Net foreground IoU {model_iou:.3f} vs trivial baseline {baseline:.3f}")
    assert model_iou > baseline + 0.3 and model_iou > 0.6


def test_detector_beats_fixed_box_baseline():
    grid = 4
    train = make_shapes(384, size=32, normalize_boxes=True, seed=0)
    test = make_shapes(64, size=32, normalize_boxes=True, seed=1)
    model = detector((32, 32, 3), num_classes=3, grid=grid, filters=8)
    targets = encode_targets(train.boxes, train.labels, grid)
    params, state, losses = fit(model, detection_loss, train.images, targets, steps=150, lr=5e-3)
    assert losses[-10:].mean() < 0.5 * losses[:10].mean()
    out, _ = model.apply(params, state, jnp.asarray(test.images))
    assert out.shape == (64, grid, grid, 8)
    dets = detect(out, iou_threshold=0.5, max_outputs=3)
    top = np.stack([d[0][0] for d in dets])
    model_iou = float(np.mean(np.asarray(iou(top, test.boxes))))
    fixed = train.boxes.mean(0)
    baseline = float(np.mean(np.asarray(iou(np.broadcast_to(fixed, test.boxes.shape), test.boxes))))
    acc = float(np.mean([d[2][0] for d in dets] == test.labels))
    print(f"detector mean IoU {model_iou:.3f} vs mean-box baseline {baseline:.3f}; class acc {acc:.2f}")
    assert model_iou > baseline + 0.15
    boxes, scores, classes = decode(out)
    assert boxes.shape == (64, grid * grid, 4) and scores.shape == classes.shape == (64, grid * grid)


def test_encode_targets_marks_the_centre_cell():
    obj, tgt, cls = encode_targets(np.array([[0.1, 0.6, 0.3, 0.9]]), np.array([2]), grid=4)
    assert obj.sum() == 1 and obj[0, 3, 0] == 1 and cls[0, 3, 0] == 2
    np.testing.assert_allclose(tgt[0, 3, 0], [0.8, 0.0, 0.2, 0.3], atol=1e-6)


def test_unet_rejects_indivisible_size():
    with pytest.raises(ValueError, match="divisible"):
        unet((18, 18, 3), depth=2)
