"""Lesson 12, the 1x1 bottleneck: parameters of a ResNet-50 bottleneck block.

    1x1 conv c_in -> c_mid, BN;  3x3 conv c_mid -> c_mid, BN;  1x1 conv c_mid -> c_out, BN
    (convs without bias: BN follows); when c_in != c_out the shortcut is a 1x1 conv c_in -> c_out + BN
    params = c_in c_mid + 9 c_mid^2 + c_mid c_out + 2 (c_mid + c_mid + c_out) [+ c_in c_out + 2 c_out]

The expected counts are the published ones of ResNet-50's blocks (He et al. 2016; torchvision).
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected


def check_bottleneck(bottleneck_params, c_in, c_mid, c_out):
    what = f"bottleneck_params({c_in}, {c_mid}, {c_out})"
    out = bottleneck_params(c_in, c_mid, c_out)
    try:
        got = int(np.asarray(out))
        assert float(np.asarray(out)) == got
    except Exception:  # noqa: BLE001
        raise Fail(f"{what} returned {out!r}, expected an integer")
    ref = expected("12.bottleneck_params")
    want = ref(c_in, c_mid, c_out)
    if got == want:
        return
    for variant, why, hint in (
            ("no_bn", "the batch-norm parameters are missing", "each BN has a scale and a shift per channel"),
            ("bias", "the convs were given biases", "a conv followed by BN has no bias (BN's shift replaces it)"),
            ("no_shortcut", "the projection shortcut is missing",
             "when c_in != c_out the shortcut is a 1x1 conv c_in -> c_out with its own BN"),
            ("shortcut_always", "a projection was counted where the shortcut is the identity",
             "when c_in == c_out the shortcut adds nothing"),
            ("square_3x3", "the 3x3 conv was counted as 1x1", "a 3x3 kernel has 9 c_mid^2 weights")):
        if got == ref(c_in, c_mid, c_out, variant=variant):
            raise Fail(f"{what} = {got:,}, expected {want:,}: {why}", hint)
    raise Fail(f"{what} = {got:,}, expected {want:,}", "sum the three convs, the three BNs and the shortcut")


@public("12.bottleneck_params", "bottleneck_params", "Parameters of a ResNet-50 bottleneck block")
def _bneck_identity(bottleneck_params):
    """conv2_x, second block (256 -> 64 -> 256, identity shortcut), as published"""
    check_bottleneck(bottleneck_params, 256, 64, 256)


@public("12.bottleneck_params", "bottleneck_params")
def _bneck_projection(bottleneck_params):
    """conv2_x, first block (64 -> 64 -> 256, projection shortcut), as published"""
    check_bottleneck(bottleneck_params, 64, 64, 256)
