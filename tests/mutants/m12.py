"""Plausible wrong answers to 12's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex12_1_ndcg_test": {
        "the discount 1/log2(rank + 2): ranks counted from 2": '''
def ndcg_at_k(relevance, scores, k=10):
    relevance, scores = np.asarray(relevance, dtype=float), np.asarray(scores, dtype=float)
    n_rel = relevance.sum(axis=1).astype(int)
    has = n_rel > 0
    if not has.any():
        raise ValueError("no user has a relevant item")
    k = min(k, relevance.shape[1])
    top = np.argsort(-scores, axis=1)[:, :k]
    discounts = 1.0 / np.log2(np.arange(3, k + 3))
    dcg = (np.take_along_axis(relevance, top, axis=1) * discounts).sum(axis=1)
    idcg = np.cumsum(discounts)[np.minimum(n_rel[has], k) - 1]
    return float(np.mean(dcg[has] / idcg))
''',
        "the ideal DCG counts every relevant item, not only the first k": '''
def ndcg_at_k(relevance, scores, k=10):
    relevance, scores = np.asarray(relevance, dtype=float), np.asarray(scores, dtype=float)
    n_rel = relevance.sum(axis=1).astype(int)
    has = n_rel > 0
    if not has.any():
        raise ValueError("no user has a relevant item")
    k = min(k, relevance.shape[1])
    top = np.argsort(-scores, axis=1)[:, :k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.take_along_axis(relevance, top, axis=1) * discounts).sum(axis=1)
    all_discounts = 1.0 / np.log2(np.arange(2, relevance.shape[1] + 2))
    idcg = np.cumsum(all_discounts)[n_rel[has] - 1]
    return float(np.mean(dcg[has] / idcg))
''',
        "users without a relevant item count as 0": '''
def ndcg_at_k(relevance, scores, k=10):
    relevance, scores = np.asarray(relevance, dtype=float), np.asarray(scores, dtype=float)
    n_rel = relevance.sum(axis=1).astype(int)
    if not (n_rel > 0).any():
        raise ValueError("no user has a relevant item")
    k = min(k, relevance.shape[1])
    top = np.argsort(-scores, axis=1)[:, :k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.take_along_axis(relevance, top, axis=1) * discounts).sum(axis=1)
    idcg = np.r_[1.0, np.cumsum(discounts)][np.minimum(n_rel, k)]
    return float(np.mean(dcg / idcg))
''',
        "k not capped at the number of items": '''
def ndcg_at_k(relevance, scores, k=10):
    relevance, scores = np.asarray(relevance, dtype=float), np.asarray(scores, dtype=float)
    n_rel = relevance.sum(axis=1).astype(int)
    has = n_rel > 0
    if not has.any():
        raise ValueError("no user has a relevant item")
    top = np.argsort(-scores, axis=1)[:, :k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.take_along_axis(relevance, top, axis=1) * discounts).sum(axis=1)
    idcg = np.cumsum(discounts)[np.minimum(n_rel[has], k) - 1]
    return float(np.mean(dcg[has] / idcg))
''',
        "no error when no user has a relevant item (a mean over nothing)": '''
def ndcg_at_k(relevance, scores, k=10):
    relevance, scores = np.asarray(relevance, dtype=float), np.asarray(scores, dtype=float)
    n_rel = relevance.sum(axis=1).astype(int)
    has = n_rel > 0
    k = min(k, relevance.shape[1])
    top = np.argsort(-scores, axis=1)[:, :k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.take_along_axis(relevance, top, axis=1) * discounts).sum(axis=1)
    idcg = np.cumsum(discounts)[np.minimum(n_rel[has], k) - 1]
    return float(np.mean(dcg[has] / idcg))
''',
        "items ranked by ascending score": '''
def ndcg_at_k(relevance, scores, k=10):
    relevance, scores = np.asarray(relevance, dtype=float), np.asarray(scores, dtype=float)
    n_rel = relevance.sum(axis=1).astype(int)
    has = n_rel > 0
    if not has.any():
        raise ValueError("no user has a relevant item")
    k = min(k, relevance.shape[1])
    top = np.argsort(scores, axis=1)[:, :k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = (np.take_along_axis(relevance, top, axis=1) * discounts).sum(axis=1)
    idcg = np.cumsum(discounts)[np.minimum(n_rel[has], k) - 1]
    return float(np.mean(dcg[has] / idcg))
''',
    },
    "ex12_2_class_weights_test": {
        "inverse frequencies normalised to sum to 1": '''
def class_weights(y, target=None):
    classes, counts = np.unique(np.asarray(y), return_counts=True)
    if len(classes) == 0:
        raise ValueError("y is empty")
    share = (np.full(len(classes), 1.0 / len(classes)) if target is None
             else np.array([target[c] for c in classes.tolist()], dtype=float))
    w = share / counts
    return {int(c): float(v) for c, v in zip(classes, w / w.sum())}
''',
        "the target is ignored: always balanced": '''
def class_weights(y, target=None):
    classes, counts = np.unique(np.asarray(y), return_counts=True)
    if len(classes) == 0:
        raise ValueError("y is empty")
    return {int(c): float(len(y) / (len(classes) * n_c)) for c, n_c in zip(classes, counts)}
''',
        "target[c] / n_c, without the factor n": '''
def class_weights(y, target=None):
    classes, counts = np.unique(np.asarray(y), return_counts=True)
    if len(classes) == 0:
        raise ValueError("y is empty")
    share = (np.full(len(classes), 1.0 / len(classes)) if target is None
             else np.array([target[c] for c in classes.tolist()], dtype=float))
    return {int(c): float(s / n_c) for c, s, n_c in zip(classes, share, counts)}
''',
        "classes assumed to be 0 .. K-1 (np.bincount)": '''
def class_weights(y, target=None):
    y = np.asarray(y)
    if len(y) == 0:
        raise ValueError("y is empty")
    counts = np.bincount(y - y.min())
    K = len(counts)
    share = (np.full(K, 1.0 / K) if target is None
             else np.array([target.get(c + y.min(), 0.0) for c in range(K)]))
    return {int(c + y.min()): float(share[c] * len(y) / counts[c])
            for c in range(K) if counts[c] > 0}
''',
        "no check that the target fits the classes of y": '''
def class_weights(y, target=None):
    classes, counts = np.unique(np.asarray(y), return_counts=True)
    if len(classes) == 0:
        raise ValueError("y is empty")
    share = (np.full(len(classes), 1.0 / len(classes)) if target is None
             else np.array([target.get(c, 0.0) for c in classes.tolist()], dtype=float))
    return {int(c): float(s * len(y) / n_c) for c, s, n_c in zip(classes, share, counts)}
''',
    },
    "ex12_3_temperature_test": {
        "only T >= 1 searched: temperature can only soften": '''
def fit_temperature(logits, y):
    z, y = np.asarray(logits, float), np.asarray(y, float)
    nll = lambda T: float(np.mean(np.logaddexp(0.0, z / T) - y * z / T))
    return float(minimize_scalar(nll, bounds=(1.0, 20.0), method="bounded").x)
''',
        "logits multiplied by T instead of divided": '''
def fit_temperature(logits, y):
    z, y = np.asarray(logits, float), np.asarray(y, float)
    nll = lambda T: float(np.mean(np.logaddexp(0.0, z * T) - y * z * T))
    return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)
''',
        "the Brier score minimised instead of the NLL": '''
def fit_temperature(logits, y):
    z, y = np.asarray(logits, float), np.asarray(y, float)
    brier = lambda T: float(np.mean((np.exp(-np.logaddexp(0.0, -z / T)) - y) ** 2))
    return float(minimize_scalar(brier, bounds=(0.05, 20.0), method="bounded").x)
''',
        "a grid of temperatures 0.1, 0.2, ..., 10": '''
def fit_temperature(logits, y):
    z, y = np.asarray(logits, float), np.asarray(y, float)
    grid = np.arange(1, 101) / 10
    nll = [np.mean(np.logaddexp(0.0, z / T) - y * z / T) for T in grid]
    return float(grid[int(np.argmin(nll))])
''',
        "the fitted multiplier 1/T returned instead of T": '''
def fit_temperature(logits, y):
    z, y = np.asarray(logits, float), np.asarray(y, float)
    nll = lambda T: float(np.mean(np.logaddexp(0.0, z / T) - y * z / T))
    return 1.0 / float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)
''',
    },
}
