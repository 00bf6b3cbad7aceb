"""Lesson 09: the grader-only references behind ``dltoolkit.grading.checks.l09_validation``
(kept out of the student's wheel). ``variant`` gives the typical wrong answers the checks
recognise."""
from __future__ import annotations

import numpy as np


def ref_standardize_split(X, train_idx, val_idx, variant=None):
    X = np.asarray(X, np.float64)
    tr, va = X[np.asarray(train_idx)], X[np.asarray(val_idx)]
    fit = X if variant == "all_rows" else tr
    mu, sd = fit.mean(0), fit.std(0, ddof=1 if variant == "ddof1" else 0)
    if variant == "own_stats":
        return (tr - mu) / sd, (va - va.mean(0)) / va.std(0)
    return (tr - mu) / sd, (va - mu) / sd


def ref_early_stopping(val_losses, patience, variant=None):
    best, best_e = np.inf, 0
    for e, loss in enumerate(val_losses):
        if loss < best or (variant == "ties" and loss <= best):
            best, best_e = loss, e
        elif (e - best_e > patience) if variant == "late" else (e - best_e >= patience):
            return best_e, e
    return best_e, len(val_losses) - 1
