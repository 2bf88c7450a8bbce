"""Plausible wrong answers to 02's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex2_1_masked_log_softmax_test": {
        "correct, but a Python loop over the slices": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    zm = np.moveaxis(np.where(mask, z, -np.inf), axis, -1)
    out = np.empty_like(zm)
    for idx in np.ndindex(zm.shape[:-1]):
        row = zm[idx]
        m = row.max()
        m = m if m > -np.inf else 0.0
        s = np.exp(row - m).sum()
        out[idx] = row - (m + np.log(s if s > 0 else 1.0))
    return np.moveaxis(out, -1, axis)
''',
        "the maximum taken over all entries, padding included": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    m = z.max(axis=axis, keepdims=True)
    e = np.where(mask, np.exp(z - m), 0.0)
    return np.where(mask, z - m - np.log(e.sum(axis=axis, keepdims=True)), -np.inf)
''',
        "padding given log-probability 0 instead of -inf": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    zm = np.where(mask, z, -np.inf)
    m = zm.max(axis=axis, keepdims=True)
    m = np.where(m > -np.inf, m, 0.0)
    s = np.exp(zm - m).sum(axis=axis, keepdims=True)
    return np.where(mask, zm - m - np.log(np.where(s > 0, s, 1.0)), 0.0)
''',
        "always the last axis": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    zm = np.where(mask, z, -np.inf)
    m = zm.max(axis=-1, keepdims=True)
    m = np.where(m > -np.inf, m, 0.0)
    s = np.exp(zm - m).sum(axis=-1, keepdims=True)
    return zm - (m + np.log(np.where(s > 0, s, 1.0)))
''',
        "an all-masked slice left to -inf - (-inf) = NaN": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    zm = np.where(mask, z, -np.inf)
    m = zm.max(axis=axis, keepdims=True)
    return zm - m - np.log(np.exp(zm - m).sum(axis=axis, keepdims=True))
''',
        "the mask applied by multiplying the exponentials (padding logits still enter)": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    m = np.where(mask, z, -np.inf).max(axis=axis, keepdims=True)
    m = np.where(m > -np.inf, m, 0.0)
    s = (np.exp(z - m) * mask).sum(axis=axis, keepdims=True)
    return np.where(mask, z, -np.inf) - (m + np.log(np.where(s > 0, s, 1.0)))
''',
        "no maximum subtracted: exp overflows": '''
def masked_log_softmax(z, mask, axis=-1):
    z, mask = np.asarray(z, dtype=np.float64), np.asarray(mask, dtype=bool)
    zm = np.where(mask, z, -np.inf)
    with np.errstate(over="ignore", divide="ignore"):
        return zm - np.log(np.exp(zm).sum(axis=axis, keepdims=True))
''',
    },
    "ex2_2_focal_grad_test": {
        "the focal factor treated as a constant: (1 - p_t)^gamma (p - y) / n": '''
def focal_grad(z, y, gamma):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    p = 1 / (1 + np.exp(-z))
    pt = np.where(y == 1, p, 1 - p)
    return (1 - pt) ** gamma * (p - y) / z.size
''',
        "the mean divided by the number of rows, not of elements": '''
def focal_grad(z, y, gamma):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    s = 2 * y - 1
    log_pt = -np.logaddexp(0, -s * z)
    q = np.exp(-np.logaddexp(0, s * z))
    pt = np.exp(log_pt)
    return s * (gamma * pt * q**gamma * log_pt - q ** (gamma + 1)) / len(z)
''',
        "the chain rule through p_t with 1 - p and log(p_t): 0 * inf at large logits": '''
def focal_grad(z, y, gamma):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    p = 1 / (1 + np.exp(-z))
    pt = np.where(y == 1, p, 1 - p)
    dl_dpt = gamma * (1 - pt) ** (gamma - 1) * np.log(pt) - (1 - pt) ** gamma / pt
    dpt_dz = np.where(y == 1, 1.0, -1.0) * pt * (1 - pt)
    return dl_dpt * dpt_dz / z.size
''',
        "the sign for y = 0 forgotten": '''
def focal_grad(z, y, gamma):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    s = 2 * y - 1
    log_pt = -np.logaddexp(0, -s * z)
    q = np.exp(-np.logaddexp(0, s * z))
    pt = np.exp(log_pt)
    return (gamma * pt * q**gamma * log_pt - q ** (gamma + 1)) / z.size
''',
        "d(1 - p_t)/dz taken as -s (1 - p_t): the factor p_t lost": '''
def focal_grad(z, y, gamma):
    z, y = np.asarray(z, dtype=np.float64), np.asarray(y, dtype=np.float64)
    s = 2 * y - 1
    log_pt = -np.logaddexp(0, -s * z)
    q = np.exp(-np.logaddexp(0, s * z))
    return s * (gamma * q**gamma * log_pt - q ** (gamma + 1)) / z.size
''',
    },
}
