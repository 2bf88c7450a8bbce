"""Plausible wrong answers to 07's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex7_1_param_count_test": {
        "every layer reads the D input features: stacking ignored": '''
def stacked_rnn_param_count(cell, D, units, bidirectional=False, reset_after=True):
    per_block = {"simple": (1, 1), "lstm": (4, 1), "gru": (3, 2 if reset_after else 1)}
    if cell not in per_block or len(units) == 0:
        raise ValueError(cell)
    blocks, biases = per_block[cell]
    directions = 2 if bidirectional else 1
    return int(sum(directions * blocks * H * (D + H + biases) for H in units))
''',
        "bidirectional: the next layer reads H, not the concatenated 2H": '''
def stacked_rnn_param_count(cell, D, units, bidirectional=False, reset_after=True):
    per_block = {"simple": (1, 1), "lstm": (4, 1), "gru": (3, 2 if reset_after else 1)}
    if cell not in per_block or len(units) == 0:
        raise ValueError(cell)
    blocks, biases = per_block[cell]
    directions = 2 if bidirectional else 1
    total, d_in = 0, D
    for H in units:
        total += directions * blocks * H * (d_in + H + biases)
        d_in = H
    return int(total)
''',
        "reset_after ignored: a GRU always has two bias vectors": '''
def stacked_rnn_param_count(cell, D, units, bidirectional=False, reset_after=True):
    per_block = {"simple": (1, 1), "lstm": (4, 1), "gru": (3, 2)}
    if cell not in per_block or len(units) == 0:
        raise ValueError(cell)
    blocks, biases = per_block[cell]
    directions = 2 if bidirectional else 1
    total, d_in = 0, D
    for H in units:
        total += directions * blocks * H * (d_in + H + biases)
        d_in = directions * H
    return int(total)
''',
        "reset_after=False read as 'a GRU without biases'": '''
def stacked_rnn_param_count(cell, D, units, bidirectional=False, reset_after=True):
    per_block = {"simple": (1, 1), "lstm": (4, 1), "gru": (3, 2 if reset_after else 0)}
    if cell not in per_block or len(units) == 0:
        raise ValueError(cell)
    blocks, biases = per_block[cell]
    directions = 2 if bidirectional else 1
    total, d_in = 0, D
    for H in units:
        total += directions * blocks * H * (d_in + H + biases)
        d_in = directions * H
    return int(total)
''',
        "bidirectional doubles the output size but not the weights": '''
def stacked_rnn_param_count(cell, D, units, bidirectional=False, reset_after=True):
    per_block = {"simple": (1, 1), "lstm": (4, 1), "gru": (3, 2 if reset_after else 1)}
    if cell not in per_block or len(units) == 0:
        raise ValueError(cell)
    blocks, biases = per_block[cell]
    total, d_in = 0, D
    for H in units:
        total += blocks * H * (d_in + H + biases)
        d_in = (2 if bidirectional else 1) * H
    return int(total)
''',
    },
    "ex7_2_gru_step_test": {
        "the recurrent bias added outside the reset gate": '''
def gru_step(x, h, kernel, recurrent_kernel, bias):
    H = h.shape[1]
    xz = x @ kernel + bias[0]
    hz = h @ recurrent_kernel
    z = sigmoid(xz[:, :H] + hz[:, :H] + bias[1, :H])
    r = sigmoid(xz[:, H:2 * H] + hz[:, H:2 * H] + bias[1, H:2 * H])
    h_tilde = np.tanh(xz[:, 2 * H:] + r * hz[:, 2 * H:] + bias[1, 2 * H:])
    return z * h + (1.0 - z) * h_tilde
''',
        "reset before the product (the reset_after=False formula)": '''
def gru_step(x, h, kernel, recurrent_kernel, bias):
    H = h.shape[1]
    xz = x @ kernel + bias[0]
    hz = h @ recurrent_kernel + bias[1]
    z = sigmoid(xz[:, :H] + hz[:, :H])
    r = sigmoid(xz[:, H:2 * H] + hz[:, H:2 * H])
    h_tilde = np.tanh(xz[:, 2 * H:] + (r * h) @ recurrent_kernel[:, 2 * H:] + bias[1, 2 * H:])
    return z * h + (1.0 - z) * h_tilde
''',
        "gates read in the order [r, z, h~]": '''
def gru_step(x, h, kernel, recurrent_kernel, bias):
    H = h.shape[1]
    xz = x @ kernel + bias[0]
    hz = h @ recurrent_kernel + bias[1]
    r = sigmoid(xz[:, :H] + hz[:, :H])
    z = sigmoid(xz[:, H:2 * H] + hz[:, H:2 * H])
    h_tilde = np.tanh(xz[:, 2 * H:] + r * hz[:, 2 * H:])
    return z * h + (1.0 - z) * h_tilde
''',
        "the other papers' update convention: h' = (1 - z) h + z h~": '''
def gru_step(x, h, kernel, recurrent_kernel, bias):
    H = h.shape[1]
    xz = x @ kernel + bias[0]
    hz = h @ recurrent_kernel + bias[1]
    z = sigmoid(xz[:, :H] + hz[:, :H])
    r = sigmoid(xz[:, H:2 * H] + hz[:, H:2 * H])
    h_tilde = np.tanh(xz[:, 2 * H:] + r * hz[:, 2 * H:])
    return (1.0 - z) * h + z * h_tilde
''',
    },
    "ex7_3_temperature_test": {
        "no maximum subtracted: exp overflows at small T": '''
def temperature_probs(logits, T):
    if not T >= 0:
        raise ValueError(T)
    z = np.asarray(logits, dtype=np.float64)
    if T == 0:
        hit = (z == z.max(axis=-1, keepdims=True)).astype(np.float64)
        return hit / hit.sum(axis=-1, keepdims=True)
    e = np.exp(z / T)
    return e / e.sum(axis=-1, keepdims=True)
''',
        "multiplies by T instead of dividing": '''
def temperature_probs(logits, T):
    if not T >= 0:
        raise ValueError(T)
    z = np.asarray(logits, dtype=np.float64)
    top = z.max(axis=-1, keepdims=True)
    if T == 0:
        hit = (z == top).astype(np.float64)
        return hit / hit.sum(axis=-1, keepdims=True)
    e = np.exp((z - top) * T)
    return e / e.sum(axis=-1, keepdims=True)
''',
        "T = 0 puts all the mass on the first argmax, even when it is tied": '''
def temperature_probs(logits, T):
    if not T >= 0:
        raise ValueError(T)
    z = np.asarray(logits, dtype=np.float64)
    if T == 0:
        return np.eye(z.shape[-1])[z.argmax(axis=-1)]
    e = np.exp((z - z.max(axis=-1, keepdims=True)) / T)
    return e / e.sum(axis=-1, keepdims=True)
''',
        "the global maximum subtracted, not each row's": '''
def temperature_probs(logits, T):
    if not T >= 0:
        raise ValueError(T)
    z = np.asarray(logits, dtype=np.float64)
    if T == 0:
        hit = (z == z.max(axis=-1, keepdims=True)).astype(np.float64)
        return hit / hit.sum(axis=-1, keepdims=True)
    e = np.exp((z - z.max()) / T)
    return e / e.sum(axis=-1, keepdims=True)
''',
        "T = 0 rejected along with negative T": '''
def temperature_probs(logits, T):
    if not T > 0:
        raise ValueError(f"T must be positive; got {T!r}")
    z = np.asarray(logits, dtype=np.float64) / T
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''',
        "the input's dtype kept: float32 logits give float32 probabilities": '''
def temperature_probs(logits, T):
    if not T >= 0:
        raise ValueError(T)
    z = np.asarray(logits)
    z = z.astype(np.float64) if z.dtype.kind in "iub" else z
    top = z.max(axis=-1, keepdims=True)
    if T == 0:
        hit = (z == top).astype(z.dtype)
        return hit / hit.sum(axis=-1, keepdims=True)
    e = np.exp((z - top) / z.dtype.type(T))
    return e / e.sum(axis=-1, keepdims=True)
''',
        "only T < 0 rejected: T = NaN returns NaNs": '''
def temperature_probs(logits, T):
    if T < 0:
        raise ValueError(T)
    z = np.asarray(logits, dtype=np.float64)
    top = z.max(axis=-1, keepdims=True)
    if T == 0:
        hit = (z == top).astype(np.float64)
        return hit / hit.sum(axis=-1, keepdims=True)
    e = np.exp((z - top) / T)
    return e / e.sum(axis=-1, keepdims=True)
''',
    },
}
