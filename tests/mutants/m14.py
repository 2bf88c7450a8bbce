"""Plausible wrong answers to 14's exercises (run by tests/test_hidden_tests.py)."""
_CHIN = "def chinchilla_optimal(compute, E, A, B, alpha, beta):"
_CHIN_CHECK = '''
    if min(compute, A, B, alpha, beta) <= 0:
        raise ValueError("compute, A, B, alpha and beta must be positive")
'''
_PEN = "def repetition_penalty(logits, generated, penalty):"
_PEN_COPY = '''
    z = np.array(logits, dtype=np.float64)
'''
_PEN_ARGS = '''
    g = np.asarray(generated)
    if penalty <= 0:
        raise ValueError("penalty must be > 0")
    if g.ndim != 2 or len(g) != len(z):
        raise ValueError("generated must be (B, t)")
'''
_PEN_IDS = '''
    if g.size and (g.min() < 0 or g.max() >= z.shape[1]):
        raise ValueError("token ids out of range")
'''
_PEN_CHECK = _PEN_COPY + _PEN_ARGS + _PEN_IDS
_Q = "def quantize_uint8(w, axis):"
_Q_STATS = '''
    w = np.asarray(w, dtype=np.float64)
    others = tuple(np.delete(np.arange(w.ndim), axis % w.ndim))
'''

MUTANTS = {
    "ex14_1_chinchilla_test": {
        "the exponents swapped: N grows as C^(alpha / (alpha + beta))": _CHIN + _CHIN_CHECK + '''
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    n = g * (compute / 6) ** (alpha / (alpha + beta))
    return float(n), float(compute / (6 * n))
''',
        "the constant inverted: (beta B / (alpha A))": _CHIN + _CHIN_CHECK + '''
    g = (beta * B / (alpha * A)) ** (1 / (alpha + beta))
    n = g * (compute / 6) ** (beta / (alpha + beta))
    return float(n), float(compute / (6 * n))
''',
        "the 6 of C = 6ND left out of N (C instead of C / 6)": _CHIN + _CHIN_CHECK + '''
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    n = g * compute ** (beta / (alpha + beta))
    return float(n), float(compute / (6 * n))
''',
        "D = C / N (the 6 forgotten in D)": _CHIN + _CHIN_CHECK + '''
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    n = g * (compute / 6) ** (beta / (alpha + beta))
    return float(n), float(compute / n)
''',
        "no validation of the arguments": _CHIN + '''
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    n = g * (compute / 6) ** (beta / (alpha + beta))
    return float(n), float(compute / (6 * n))
''',
    },
    "ex14_2_repetition_test": {
        "every seen logit divided by the penalty, whatever its sign": _PEN + _PEN_CHECK + '''
    seen = np.zeros(z.shape, bool)
    seen[np.arange(len(z))[:, None], g] = True
    return np.where(seen, z / penalty, z)
''',
        "penalised once per occurrence, not once per token": _PEN + _PEN_CHECK + '''
    count = np.zeros(z.shape)
    np.add.at(count, (np.arange(len(z))[:, None].repeat(g.shape[1], 1), g), 1)
    f = penalty ** count
    return np.where(z > 0, z / f, z * f)
''',
        "the caller's logits penalised in place": _PEN + '''
    z = logits if isinstance(logits, np.ndarray) and logits.dtype == np.float64 else \\
        np.array(logits, dtype=np.float64)
''' + _PEN_ARGS + _PEN_IDS + '''
    seen = np.zeros(z.shape, bool)
    seen[np.arange(len(z))[:, None], g] = True
    z[seen] = np.where(z[seen] > 0, z[seen] / penalty, z[seen] * penalty)
    return z
''',
        "the first row's tokens penalised in every row": _PEN + _PEN_CHECK + '''
    seen = np.zeros(z.shape, bool)
    seen[:, g[0] if g.size else []] = True
    return np.where(seen, np.where(z > 0, z / penalty, z * penalty), z)
''',
        "a subtraction: z - log(penalty)": _PEN + _PEN_CHECK + '''
    seen = np.zeros(z.shape, bool)
    seen[np.arange(len(z))[:, None], g] = True
    return np.where(seen, z - np.log(penalty), z)
''',
        "no check of the token ids (negative ids index from the end)": _PEN + _PEN_COPY + _PEN_ARGS + '''
    seen = np.zeros(z.shape, bool)
    seen[np.arange(len(z))[:, None], g] = True
    return np.where(seen, np.where(z > 0, z / penalty, z * penalty), z)
''',
        "a loop over the rows (right, but not vectorised)": _PEN + _PEN_CHECK + '''
    for b in range(len(z)):
        t = np.unique(g[b])
        z[b, t] = np.where(z[b, t] > 0, z[b, t] / penalty, z[b, t] * penalty)
    return z
''',
    },
    "ex14_3_uint8_test": {
        "the range not extended to 0: lo = min w, hi = max w": _Q + _Q_STATS + '''
    lo, hi = w.min(axis=others, keepdims=True), w.max(axis=others, keepdims=True)
    scale = np.where(hi == lo, 1.0, (hi - lo) / 255.0)
    zero_point = np.clip(np.round(-lo / scale), 0, 255).astype(np.int64)
    q = np.clip(np.round(w / scale) + zero_point, 0, 255).astype(np.uint8)
    return q, scale, zero_point
''',
        "one scale for the whole tensor": _Q + '''
    w = np.asarray(w, dtype=np.float64)
    shape = [1] * w.ndim
    shape[axis] = w.shape[axis]
    lo, hi = min(w.min(), 0.0), max(w.max(), 0.0)
    scale = np.full(shape, (hi - lo) / 255.0 if hi > lo else 1.0)
    zero_point = np.clip(np.round(-lo / scale), 0, 255).astype(np.int64)
    q = np.clip(np.round(w / scale) + zero_point, 0, 255).astype(np.uint8)
    return q, scale, zero_point
''',
        "symmetric around code 128: scale = max|w| / 127.5, zero point 128": _Q + _Q_STATS + '''
    m = np.abs(w).max(axis=others, keepdims=True)
    scale = np.where(m == 0, 1.0, m / 127.5)
    zero_point = np.full(scale.shape, 128, dtype=np.int64)
    q = np.clip(np.round(w / scale) + zero_point, 0, 255).astype(np.uint8)
    return q, scale, zero_point
''',
        "256 steps: scale = (hi - lo) / 256": _Q + _Q_STATS + '''
    lo = np.minimum(w.min(axis=others, keepdims=True), 0.0)
    hi = np.maximum(w.max(axis=others, keepdims=True), 0.0)
    scale = np.where(hi == lo, 1.0, (hi - lo) / 256.0)
    zero_point = np.clip(np.round(-lo / scale), 0, 255).astype(np.int64)
    q = np.clip(np.round(w / scale) + zero_point, 0, 255).astype(np.uint8)
    return q, scale, zero_point
''',
        "the zero point not rounded: zero no longer exact": _Q + _Q_STATS + '''
    lo = np.minimum(w.min(axis=others, keepdims=True), 0.0)
    hi = np.maximum(w.max(axis=others, keepdims=True), 0.0)
    scale = np.where(hi == lo, 1.0, (hi - lo) / 255.0)
    zero_point = -lo / scale
    q = np.clip(np.round(w / scale + zero_point), 0, 255).astype(np.uint8)
    return q, scale, zero_point
''',
        "an all-zero channel divides by zero (scale 0)": _Q + _Q_STATS + '''
    lo = np.minimum(w.min(axis=others, keepdims=True), 0.0)
    hi = np.maximum(w.max(axis=others, keepdims=True), 0.0)
    scale = (hi - lo) / 255.0
    with np.errstate(invalid="ignore", divide="ignore"):
        zero_point = np.nan_to_num(np.clip(np.round(-lo / scale), 0, 255)).astype(np.int64)
        q = np.nan_to_num(np.clip(np.round(w / scale) + zero_point, 0, 255)).astype(np.uint8)
    return q, scale, zero_point
''',
    },
}
