"""Plausible wrong answers to 09's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex9_1_f1_test": {
        "beta^2 on the false positives instead of the false negatives": '''
def fbeta_from_counts(tp, fp, fn, beta):
    b2 = beta**2
    denom = (1 + b2) * tp + fn + b2 * fp
    return float((1 + b2) * tp / denom) if denom else 0.0
''',
        "beta instead of beta^2": '''
def fbeta_from_counts(tp, fp, fn, beta):
    denom = (1 + beta) * tp + beta * fn + fp
    return float((1 + beta) * tp / denom) if denom else 0.0
''',
        "beta ignored: F1": '''
def fbeta_from_counts(tp, fp, fn, beta):
    denom = 2 * tp + fp + fn
    return float(2 * tp / denom) if denom else 0.0
''',
        "no guard: TP = FP = FN = 0 divides by zero": '''
def fbeta_from_counts(tp, fp, fn, beta):
    b2 = beta**2
    return float((1 + b2) * tp / ((1 + b2) * tp + b2 * fn + fp))
''',
        "the weighted arithmetic mean of P and R": '''
def fbeta_from_counts(tp, fp, fn, beta):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return float((p + beta**2 * r) / (1 + beta**2))
''',
    },
    "ex9_2_auc_test": {
        "ordinal ranks: ties broken by position": '''
def auc_from_ranks(y, scores):
    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores, method="ordinal")
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
''',
        "0/1 integer labels used as indices, not as a selection": '''
def auc_from_ranks(y, scores):
    y = np.asarray(y)
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
''',
        "no single-class guard: 0 / 0 warns and gives NaN": '''
def auc_from_ranks(y, scores):
    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    ranks = rankdata(scores)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
''',
        "off by one: n+ (n+ - 1) / 2 subtracted": '''
def auc_from_ranks(y, scores):
    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[y].sum() - n_pos * (n_pos - 1) / 2) / (n_pos * n_neg))
''',
    },
    "ex9_3_balanced_test": {
        "plain accuracy": '''
def balanced_accuracy(y, pred):
    return float(np.mean(np.asarray(y) == np.asarray(pred)))
''',
        "classes taken from pred": '''
def balanced_accuracy(y, pred):
    y, pred = np.asarray(y), np.asarray(pred)
    return float(np.mean([np.mean(pred[y == c] == c) for c in np.unique(pred)]))
''',
        "classes of y or pred: a class that is only predicted adds a recall of 0": '''
def balanced_accuracy(y, pred):
    y, pred = np.asarray(y), np.asarray(pred)
    classes = np.union1d(y, pred)
    return float(np.mean([np.mean(pred[y == c] == c) if np.any(y == c) else 0.0
                          for c in classes]))
''',
        "mean per-class precision": '''
def balanced_accuracy(y, pred):
    y, pred = np.asarray(y), np.asarray(pred)
    return float(np.mean([np.mean(y[pred == c] == c) if np.any(pred == c) else 0.0
                          for c in np.unique(y)]))
''',
    },
    "ex9_4_bootstrap_test": {
        "unpaired: separate resamples for the two models": '''
def bootstrap_metric_diff(y, pred_a, pred_b, metric, n_boot=1000, seed=0):
    y, pred_a, pred_b = np.asarray(y), np.asarray(pred_a), np.asarray(pred_b)
    rng = np.random.default_rng(seed)
    idx_a = rng.integers(0, len(y), size=(n_boot, len(y)))
    idx_b = rng.integers(0, len(y), size=(n_boot, len(y)))
    diffs = [metric(y[i], pred_a[i]) - metric(y[j], pred_b[j]) for i, j in zip(idx_a, idx_b)]
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(metric(y, pred_a) - metric(y, pred_b)), float(lo), float(hi)
''',
        "a 90% interval: the 5th and 95th percentiles": '''
def bootstrap_metric_diff(y, pred_a, pred_b, metric, n_boot=1000, seed=0):
    y, pred_a, pred_b = np.asarray(y), np.asarray(pred_a), np.asarray(pred_b)
    idx = np.random.default_rng(seed).integers(0, len(y), size=(n_boot, len(y)))
    diffs = [metric(y[i], pred_a[i]) - metric(y[i], pred_b[i]) for i in idx]
    lo, hi = np.percentile(diffs, [5, 95])
    return float(metric(y, pred_a) - metric(y, pred_b)), float(lo), float(hi)
''',
        "d is the mean of the resampled differences": '''
def bootstrap_metric_diff(y, pred_a, pred_b, metric, n_boot=1000, seed=0):
    y, pred_a, pred_b = np.asarray(y), np.asarray(pred_a), np.asarray(pred_b)
    idx = np.random.default_rng(seed).integers(0, len(y), size=(n_boot, len(y)))
    diffs = [metric(y[i], pred_a[i]) - metric(y[i], pred_b[i]) for i in idx]
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(np.mean(diffs)), float(lo), float(hi)
''',
        "per-example correctness resampled: the metric ignored in the resamples": '''
def bootstrap_metric_diff(y, pred_a, pred_b, metric, n_boot=1000, seed=0):
    y, pred_a, pred_b = np.asarray(y), np.asarray(pred_a), np.asarray(pred_b)
    idx = np.random.default_rng(seed).integers(0, len(y), size=(n_boot, len(y)))
    ok_a, ok_b = (pred_a == y).astype(float), (pred_b == y).astype(float)
    diffs = ok_a[idx].mean(axis=1) - ok_b[idx].mean(axis=1)
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(metric(y, pred_a) - metric(y, pred_b)), float(lo), float(hi)
''',
        "seed ignored: always the notebook's SEED": '''
def bootstrap_metric_diff(y, pred_a, pred_b, metric, n_boot=1000, seed=0):
    y, pred_a, pred_b = np.asarray(y), np.asarray(pred_a), np.asarray(pred_b)
    idx = np.random.default_rng(SEED).integers(0, len(y), size=(n_boot, len(y)))
    diffs = [metric(y[i], pred_a[i]) - metric(y[i], pred_b[i]) for i in idx]
    lo, hi = np.percentile(diffs, [2.5, 97.5])
    return float(metric(y, pred_a) - metric(y, pred_b)), float(lo), float(hi)
''',
    },
}
