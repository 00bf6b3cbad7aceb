"""Lesson 09, honest validation: standardisation fitted on the training rows only, and early
stopping with patience.

    mu, sd = mean and std (ddof=0) of X[train_idx] per column;  X' = (X - mu) / sd for both sets
    early stopping: best = the first epoch with the lowest loss so far (a strict improvement);
    stop at the first epoch e with e - best >= patience (else at the last epoch)
"""
from __future__ import annotations

import numpy as np

from ..registry import Fail, public
from ._expected import expected
from ._util import arr, expect_close, is_close, rng, tuple_of


def split_inputs(seed, n, d):
    """X (n, d) whose later rows are shifted (validation comes from a different period), and a split."""
    r = rng(seed)
    X = (r.normal(size=(n, d)) * r.uniform(0.5, 5, size=d) + r.normal(size=d) * 3).astype(np.float32)
    X[n * 3 // 4:] += 2.0
    idx = r.permutation(n // 2 + n // 4)
    return X, np.sort(idx[: n // 2]), np.arange(n * 3 // 4, n)


def check_split(standardize_split, seed, n, d):
    X, tr, va = split_inputs(seed, n, d)
    what = f"standardize_split(X {X.shape}, {len(tr)} train rows, {len(va)} validation rows)"
    out = tuple_of(standardize_split(X, tr, va), 2, what, "(X_train_std, X_val_std)")
    ref = expected("09.standardize_split")
    want = ref(X, tr, va)
    for got, name, k in ((out[0], "X_train_std", 0), (out[1], "X_val_std", 1)):
        got = arr(got, f"{what}: {name}")
        if got.shape != want[k].shape:
            raise Fail(f"{what}: {name} has shape {got.shape}, expected {want[k].shape}",
                       "return the standardised training rows and validation rows (X[idx])")
        if is_close(got, ref(X, tr, va, variant="all_rows")[k], 1e-4, 1e-5):
            raise Fail(f"{what}: the mean and std were computed on ALL rows: the validation rows leaked into "
                       "the preprocessing", "fit mu and sd on X[train_idx] only, then apply them to both sets")
        if k == 1 and is_close(got, ref(X, tr, va, variant="own_stats")[k], 1e-4, 1e-5):
            raise Fail(f"{what}: the validation rows were standardised with their own statistics",
                       "use the training mean and std for the validation rows too")
        if is_close(got, ref(X, tr, va, variant="ddof1")[k], 1e-4, 1e-5):
            raise Fail(f"{what}: the sample std (ddof=1) was used", "use the population std, X.std(axis=0)")
        expect_close(got, want[k], f"{what}: {name}", rtol=1e-4, atol=1e-4, float_dtype=False,
                     hint="(X[idx] - mu_train) / sd_train, per column")


@public("09.standardize_split", "standardize_split", "Standardisation fitted on the training rows only")
def _split_shifted(standardize_split):
    """40 rows, 3 columns; the validation rows come from a shifted period"""
    check_split(standardize_split, 0, 40, 3)


@public("09.standardize_split", "standardize_split")
def _split_one_col(standardize_split):
    """a single column"""
    check_split(standardize_split, 1, 16, 1)


def check_stop(early_stopping, losses, patience):
    what = f"early_stopping({list(losses)}, patience={patience})"
    out = tuple_of(early_stopping(list(losses), patience), 2, what, "(best_epoch, stop_epoch)")
    try:
        got = (int(np.asarray(out[0])), int(np.asarray(out[1])))
    except Exception:  # noqa: BLE001
        raise Fail(f"{what} returned {out!r}, expected two integers")
    ref = expected("09.early_stopping")
    want = tuple(ref(list(losses), patience))
    if got == want:
        return
    if got == tuple(ref(list(losses), patience, variant="ties")):
        raise Fail(f"{what} = {got}, expected {want}: an equal loss was counted as an improvement",
                   "only a strictly lower loss resets the patience counter")
    if got == tuple(ref(list(losses), patience, variant="late")):
        raise Fail(f"{what} = {got}, expected {want}: training ran one epoch too long",
                   "stop as soon as `patience` epochs have passed without improvement: e - best >= patience")
    if got[0] == got[1] != want[0]:
        raise Fail(f"{what} = {got}, expected {want}: the best epoch is the one with the lowest loss, "
                   "not the epoch where training stopped", "keep (restore) the weights of the best epoch")
    raise Fail(f"{what} = {got}, expected {want}", "track the best loss and its epoch; stop when e - best >= patience")


@public("09.early_stopping", "early_stopping", "Early stopping with patience")
def _stop_tie(early_stopping):
    """a plateau with a tie, patience 2 (worked example: best epoch 2, stop at epoch 4)"""
    check_stop(early_stopping, [1.0, 0.8, 0.7, 0.72, 0.7, 0.75, 0.69, 0.8, 0.81, 0.9], 2)


@public("09.early_stopping", "early_stopping")
def _stop_never(early_stopping):
    """a loss that keeps improving never stops early; patience 1 stops at the first rise"""
    check_stop(early_stopping, [0.9, 0.7, 0.6, 0.55, 0.5], 3)
    check_stop(early_stopping, [0.9, 0.7, 0.8, 0.6], 1)
