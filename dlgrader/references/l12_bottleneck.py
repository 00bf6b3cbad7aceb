"""Lesson 12: the grader-only reference behind ``dltoolkit.grading.checks.l12_bottleneck`` (kept
out of the student's wheel). ``variant`` gives the typical wrong answers the check recognises.

Published counts (torchvision's resnet50, convs + BNs of one block): layer1[1] (256, 64, 256)
70,400; layer1[0] (64, 64, 256) 75,008; layer3[1] (1024, 256, 1024) 1,117,184; layer4[0]
(1024, 512, 2048) 6,039,552."""
from __future__ import annotations


def ref_bottleneck_params(c_in, c_mid, c_out, variant=None):
    k = 1 if variant == "square_3x3" else 9
    convs = c_in * c_mid + k * c_mid * c_mid + c_mid * c_out
    if variant == "bias":
        convs += c_mid + c_mid + c_out
    bns = 0 if variant == "no_bn" else 2 * (c_mid + c_mid + c_out)
    project = (c_in != c_out or variant == "shortcut_always") and variant != "no_shortcut"
    shortcut = c_in * c_out + (0 if variant == "no_bn" else 2 * c_out) if project else 0
    return convs + bns + shortcut
