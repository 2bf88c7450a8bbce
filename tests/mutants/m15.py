"""Plausible wrong answers to 15's exercises (run by tests/test_hidden_tests.py)."""
_D = "def deltas(features, n=2):"
_D_CHECK = '''
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError("n must be an int >= 1")
    c = np.asarray(features, dtype=np.float64)
    if c.ndim < 2:
        raise ValueError("features must be (..., T, F)")
    T = c.shape[-2]
    k = np.arange(1, n + 1)
    t = np.arange(T)
'''
_D_EDGES = '''
    ahead = np.take(c, np.clip(t[:, None] + k, 0, T - 1), axis=-2)
    behind = np.take(c, np.clip(t[:, None] - k, 0, T - 1), axis=-2)
'''
_A = "def ctc_align(log_probs, labels, blank):"
_A_START = '''
    lp = np.asarray(log_probs, dtype=np.float64)
    lab = np.asarray(labels, dtype=np.int64).reshape(-1)
    T = len(lp)
'''
_A_FEASIBLE = '''
    if T < len(lab) + int(np.sum(lab[1:] == lab[:-1])):
        raise ValueError("no path")
'''
_A_TABLE = '''
    ext, skip = extend(lab, blank)
    S = len(ext)
    score = np.full((T, S), -np.inf)
    came_from = np.zeros((T, S), dtype=np.int64)
    score[0, : min(2, S)] = lp[0, ext[: min(2, S)]]
'''
_A_RECURSION = '''
    for t in range(1, T):
        prev = score[t - 1]
        options = np.stack([prev, shift_states(prev, 1),
                            np.where(skip, shift_states(prev, 2), -np.inf)])
        came_from[t] = np.argmax(options, axis=0)
        score[t] = options.max(axis=0) + lp[t, ext]
'''
_A_BACKTRACE = '''
    states = np.zeros(T, dtype=np.int64)
    for t in range(T - 1, -1, -1):
        states[t] = s
        s -= came_from[t, s]
    return ext[states], float(best)
'''
_A_END = '''
    s = S - 1 if S == 1 or score[-1, -1] >= score[-1, -2] else S - 2
    best = score[-1, s]
'''
_F = "def receptive_field(kernel_sizes, dilations, strides):"
_F_CHECK = '''
    k, d, s = (np.asarray(v, dtype=np.int64).reshape(-1) for v in (kernel_sizes, dilations, strides))
    if not len(k) == len(d) == len(s) or len(k) == 0:
        raise ValueError("lengths")
    if min(k.min(), d.min(), s.min()) < 1:
        raise ValueError("entries")
'''

MUTANTS = {
    "ex15_1_deltas_test": {
        "frames beyond the ends are zero, not repeats": _D + _D_CHECK + '''
    pad = np.zeros(c.shape[:-2] + (n,) + c.shape[-1:])
    z = np.concatenate([pad, c, pad], axis=-2)
    ahead = np.take(z, n + t[:, None] + k, axis=-2)
    behind = np.take(z, n + t[:, None] - k, axis=-2)
    return np.einsum("...tkf,k->...tf", ahead - behind, k) / (2 * np.sum(k ** 2))
''',
        "the 2 of the denominator left out": _D + _D_CHECK + _D_EDGES + '''
    return np.einsum("...tkf,k->...tf", ahead - behind, k) / np.sum(k ** 2)
''',
        "np.gradient along time (one-sided at the ends, n ignored)": _D + _D_CHECK + '''
    return np.gradient(c, axis=-2)
''',
        "time taken on the last axis": _D + _D_CHECK.replace("T = c.shape[-2]", "T = c.shape[-1]") + '''
    ahead = np.take(c, np.clip(t[:, None] + k, 0, T - 1), axis=-1)
    behind = np.take(c, np.clip(t[:, None] - k, 0, T - 1), axis=-1)
    return np.moveaxis(np.einsum("...ftk,k->...ft", ahead - behind, k), -1, -1) / (2 * np.sum(k ** 2))
''',
        "the weights n left out: a plain average of differences": _D + _D_CHECK + _D_EDGES + '''
    return (ahead - behind).sum(axis=-2) / (2 * np.sum(k ** 2))
''',
        "n accepted as a float or a bool": _D + '''
    c = np.asarray(features, dtype=np.float64)
    if c.ndim < 2:
        raise ValueError("features must be (..., T, F)")
    n = int(n)
    if n < 1:
        raise ValueError("n must be >= 1")
    T = c.shape[-2]
    k = np.arange(1, n + 1)
    t = np.arange(T)
''' + _D_EDGES + '''
    return np.einsum("...tkf,k->...tf", ahead - behind, k) / (2 * np.sum(k ** 2))
''',
    },
    "ex15_2_align_test": {
        "a skip allowed between equal labels (the repeat reads as one)": _A + _A_START + _A_FEASIBLE
        + _A_TABLE.replace("ext, skip = extend(lab, blank)", '''ext, skip = extend(lab, blank)
    skip[2:] = ext[2:] != blank''') + _A_RECURSION + _A_END + _A_BACKTRACE,
        "the path must end in the final blank": _A + _A_START + _A_FEASIBLE + _A_TABLE
        + _A_RECURSION + '''
    s = S - 1
    best = score[-1, s]
''' + _A_BACKTRACE,
        "the score sums over paths (logaddexp) instead of taking the best": _A + _A_START
        + _A_FEASIBLE + _A_TABLE + '''
    for t in range(1, T):
        prev = score[t - 1]
        options = np.stack([prev, shift_states(prev, 1),
                            np.where(skip, shift_states(prev, 2), -np.inf)])
        came_from[t] = np.argmax(options, axis=0)
        score[t] = np.logaddexp.reduce(options, axis=0) + lp[t, ext]
''' + _A_END + _A_BACKTRACE,
        "the best path of any reading (greedy), not of the labels": _A + _A_START + _A_FEASIBLE + '''
    path = np.argmax(lp, axis=1)
    return path, float(lp[np.arange(T), path].sum())
''',
        "no check that a path exists": _A + _A_START + _A_TABLE + _A_RECURSION + _A_END
        + _A_BACKTRACE,
        "the blank assumed to be the last class": _A + _A_START + _A_FEASIBLE
        + _A_TABLE.replace("extend(lab, blank)", "extend(lab, lp.shape[1] - 1)")
        + _A_RECURSION + _A_END + _A_BACKTRACE,
    },
    "ex15_3_field_test": {
        "strides ignored: 1 + sum (k - 1) d": _F + _F_CHECK + '''
    return int(1 + np.sum((k - 1) * d)), int(np.prod(s))
''',
        "each layer scaled by the jump after its own stride": _F + _F_CHECK + '''
    return int(1 + np.sum((k - 1) * d * np.cumprod(s))), int(np.prod(s))
''',
        "k d instead of (k - 1) d": _F + _F_CHECK + '''
    jump_before = np.r_[1, np.cumprod(s)[:-1]]
    return int(1 + np.sum(k * d * jump_before) - len(k)), int(np.prod(s))
''',
        "the jump as the sum of the strides": _F + _F_CHECK + '''
    jump_before = np.r_[1, np.cumprod(s)[:-1]]
    return int(1 + np.sum((k - 1) * d * jump_before)), int(np.sum(s))
''',
        "no validation: zip cuts the longer lists": _F + '''
    field, jump = 1, 1
    for kk, dd, ss in zip(kernel_sizes, dilations, strides):
        field += (kk - 1) * dd * jump
        jump *= ss
    return int(field), int(jump)
''',
    },
}
