"""Plausible wrong answers to 13's exercises (run by tests/test_hidden_tests.py)."""
_CHECKS = '''
    if not 0 < mfu <= 1:
        raise ValueError(f"mfu must be in (0, 1]; got {mfu!r}")
    if min(budget, price_per_hour, peak_tflops, tokens_per_param) <= 0:
        raise ValueError("arguments must be positive")
    flops = budget / price_per_hour * 3600.0 * peak_tflops * 1e12 * mfu
'''
_HEAD = ("def compute_optimal_model(budget, price_per_hour, peak_tflops, mfu,"
         " tokens_per_param=20.0):")

MUTANTS = {
    "ex13_1_cost_test": {
        "no square root: N = FLOPs / (6 r)": _HEAD + _CHECKS + '''
    n = flops / (6.0 * tokens_per_param)
    return float(n), float(tokens_per_param * n)
''',
        "2 N D (the inference rule) instead of 6 N D": _HEAD + _CHECKS + '''
    n = np.sqrt(flops / (2.0 * tokens_per_param))
    return float(n), float(tokens_per_param * n)
''',
        "tokens per parameter on the wrong side: N = sqrt(FLOPs r / 6)": _HEAD + _CHECKS + '''
    n = np.sqrt(flops * tokens_per_param / 6.0)
    return float(n), float(tokens_per_param * n)
''',
        "hours = budget * price": _HEAD + '''
    if not 0 < mfu <= 1:
        raise ValueError(f"mfu must be in (0, 1]; got {mfu!r}")
    flops = budget * price_per_hour * 3600.0 * peak_tflops * 1e12 * mfu
    n = np.sqrt(flops / (6.0 * tokens_per_param))
    return float(n), float(tokens_per_param * n)
''',
        "20 tokens per parameter hard-coded": _HEAD + _CHECKS + '''
    n = np.sqrt(flops / (6.0 * 20))
    return float(n), float(20 * n)
''',
        "no validation of mfu and the other arguments": _HEAD + '''
    flops = budget / price_per_hour * 3600.0 * peak_tflops * 1e12 * mfu
    n = np.sqrt(flops / (6.0 * tokens_per_param))
    return float(n), float(tokens_per_param * n)
''',
    },
    "ex13_2_clip_test": {
        "each array clipped on its own (per layer)": '''
def clip_per_example(grads, clip):
    out = []
    for g in grads:
        g = np.asarray(g, dtype=float)
        n = len(g)
        norms = np.sqrt((g.reshape(n, -1) ** 2).sum(axis=1))
        scale = clip / np.maximum(norms, clip)
        out.append(g * scale.reshape((n,) + (1,) * (g.ndim - 1)))
    return out
''',
        "one norm over the whole batch": '''
def clip_per_example(grads, clip):
    grads = [np.asarray(g, dtype=float) for g in grads]
    if clip <= 0 or any(len(g) != len(grads[0]) for g in grads):
        raise ValueError("bad arguments")
    norm = np.sqrt(sum((g ** 2).sum() for g in grads))
    return [g * (clip / max(norm, clip)) for g in grads]
''',
        "every gradient rescaled to norm clip, small ones too": '''
def clip_per_example(grads, clip):
    grads = [np.asarray(g, dtype=float) for g in grads]
    n = len(grads[0])
    if clip <= 0 or any(len(g) != n for g in grads):
        raise ValueError("bad arguments")
    norms = np.sqrt(sum((g.reshape(n, -1) ** 2).sum(axis=1) for g in grads))
    scale = clip / np.maximum(norms, 1e-12)
    return [g * scale.reshape((n,) + (1,) * (g.ndim - 1)) for g in grads]
''',
        "clip / norm without a guard: 0 / 0 for a zero gradient": '''
def clip_per_example(grads, clip):
    grads = [np.asarray(g, dtype=float) for g in grads]
    n = len(grads[0])
    if clip <= 0 or any(len(g) != n for g in grads):
        raise ValueError("bad arguments")
    norms = np.sqrt(sum((g.reshape(n, -1) ** 2).sum(axis=1) for g in grads))
    scale = np.where(norms > clip, clip / norms, 1.0)
    return [g * scale.reshape((n,) + (1,) * (g.ndim - 1)) for g in grads]
''',
        "the squared norm compared with clip": '''
def clip_per_example(grads, clip):
    grads = [np.asarray(g, dtype=float) for g in grads]
    n = len(grads[0])
    if clip <= 0 or any(len(g) != n for g in grads):
        raise ValueError("bad arguments")
    sq = sum((g.reshape(n, -1) ** 2).sum(axis=1) for g in grads)
    scale = clip / np.maximum(sq, clip)
    return [g * scale.reshape((n,) + (1,) * (g.ndim - 1)) for g in grads]
''',
    },
    "ex13_3_equalized_odds_test": {
        "the demographic parity difference (approval rates)": '''
def equalized_odds_difference(pred, y, group):
    pred, group = np.asarray(pred, float), np.asarray(group)
    if not len(pred) == len(y) == len(group):
        raise ValueError("lengths differ")
    rates = [pred[group == k].mean() for k in np.unique(group)]
    return float(max(rates) - min(rates))
''',
        "the TPR gap only (equal opportunity)": '''
def equalized_odds_difference(pred, y, group):
    pred, y, group = np.asarray(pred, bool), np.asarray(y, bool), np.asarray(group)
    if not len(pred) == len(y) == len(group):
        raise ValueError("lengths differ")
    ks = np.unique(group)
    if any(y[group == k].all() or not y[group == k].any() for k in ks):
        raise ValueError("a group without positives or negatives")
    tpr = [pred[(group == k) & y].mean() for k in ks]
    return float(max(tpr) - min(tpr))
''',
        "the mean of the two gaps": '''
def equalized_odds_difference(pred, y, group):
    pred, y, group = np.asarray(pred, bool), np.asarray(y, bool), np.asarray(group)
    if not len(pred) == len(y) == len(group):
        raise ValueError("lengths differ")
    ks = np.unique(group)
    if any(y[group == k].all() or not y[group == k].any() for k in ks):
        raise ValueError("a group without positives or negatives")
    tpr = [pred[(group == k) & y].mean() for k in ks]
    fpr = [pred[(group == k) & ~y].mean() for k in ks]
    return float((max(tpr) - min(tpr) + max(fpr) - min(fpr)) / 2)
''',
        "two groups assumed, labelled 0 and 1, as group_rates does": '''
def equalized_odds_difference(pred, y, group):
    pred, y, group = np.asarray(pred, bool), np.asarray(y, bool), np.asarray(group)
    if not len(pred) == len(y) == len(group):
        raise ValueError("lengths differ")
    tpr = [pred[(group == k) & y].mean() for k in (0, 1)]
    fpr = [pred[(group == k) & ~y].mean() for k in (0, 1)]
    return float(max(abs(tpr[0] - tpr[1]), abs(fpr[0] - fpr[1])))
''',
        "PPV (repayers among the approved) instead of TPR": '''
def equalized_odds_difference(pred, y, group):
    pred, y, group = np.asarray(pred, bool), np.asarray(y, bool), np.asarray(group)
    if not len(pred) == len(y) == len(group):
        raise ValueError("lengths differ")
    ks = np.unique(group)
    if any(y[group == k].all() or not y[group == k].any() for k in ks):
        raise ValueError("a group without positives or negatives")
    ppv = [y[(group == k) & pred].mean() for k in ks]
    fpr = [pred[(group == k) & ~y].mean() for k in ks]
    return float(max(max(ppv) - min(ppv), max(fpr) - min(fpr)))
''',
        "no check for a group without negatives": '''
def equalized_odds_difference(pred, y, group):
    pred, y, group = np.asarray(pred, bool), np.asarray(y, bool), np.asarray(group)
    if not len(pred) == len(y) == len(group):
        raise ValueError("lengths differ")
    _, g = np.unique(group, return_inverse=True)
    pos, neg = np.bincount(g, weights=y), np.bincount(g, weights=~y)
    tpr = np.bincount(g, weights=pred & y) / np.maximum(pos, 1)
    fpr = np.bincount(g, weights=pred & ~y) / np.maximum(neg, 1)
    return float(max(np.ptp(tpr), np.ptp(fpr)))
''',
    },
}
