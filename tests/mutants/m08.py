"""Plausible wrong answers to 08's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex8_1_decoder_params_test": {
        "h * d_k taken as d_model: assumes num_heads divides it": '''
def decoder_param_count(d_model, num_heads, d_ff, d_enc=None):
    if not 1 <= num_heads <= d_model:
        raise ValueError(num_heads)

    def mha(d_kv):
        return (d_model + 1) * d_model + 2 * (d_kv + 1) * d_model + (d_model + 1) * d_model

    total = mha(d_model) + 2 * d_model + 2 * d_model * d_ff + d_ff + d_model + 2 * d_model
    if d_enc is not None:
        total += mha(d_enc) + 2 * d_model
    return int(total)
''',
        "cross-attention keys and values read d_model, not d_enc": '''
def decoder_param_count(d_model, num_heads, d_ff, d_enc=None):
    if not 1 <= num_heads <= d_model:
        raise ValueError(num_heads)
    inner = num_heads * (d_model // num_heads)
    mha = 3 * (d_model + 1) * inner + (inner + 1) * d_model
    total = mha + 2 * d_model + 2 * d_model * d_ff + d_ff + d_model + 2 * d_model
    if d_enc is not None:
        total += mha + 2 * d_model
    return int(total)
''',
        "no layer norm after the cross-attention": '''
def decoder_param_count(d_model, num_heads, d_ff, d_enc=None):
    if not 1 <= num_heads <= d_model:
        raise ValueError(num_heads)
    inner = num_heads * (d_model // num_heads)

    def mha(d_kv):
        return (d_model + 1) * inner + 2 * (d_kv + 1) * inner + (inner + 1) * d_model

    total = mha(d_model) + 2 * d_model + 2 * d_model * d_ff + d_ff + d_model + 2 * d_model
    if d_enc is not None:
        total += mha(d_enc)
    return int(total)
''',
        "the encoder block's rule: ValueError unless num_heads divides d_model": '''
def decoder_param_count(d_model, num_heads, d_ff, d_enc=None):
    if num_heads < 1 or d_model % num_heads:
        raise ValueError(f"d_model ({d_model}) must be divisible by num_heads ({num_heads})")

    def mha(d_kv):
        return (d_model + 1) * d_model + 2 * (d_kv + 1) * d_model + (d_model + 1) * d_model

    total = mha(d_model) + 2 * d_model + 2 * d_model * d_ff + d_ff + d_model + 2 * d_model
    if d_enc is not None:
        total += mha(d_enc) + 2 * d_model
    return int(total)
''',
    },
    "ex8_2_head_grads_test": {
        "smoothing spreads eps over the C - 1 wrong classes": '''
def smoothed_head_grads(H, y, W, b, eps):
    m, C = H.shape[0], W.shape[1]
    G = softmax(H @ W + b, axis=1) - eps / (C - 1)
    G[np.arange(m), y] -= 1.0 - eps - eps / (C - 1)
    G /= m
    return H.T @ G, G.sum(axis=0), G @ W.T
''',
        "the one-hot loss's gradient: smoothing forgotten": '''
def smoothed_head_grads(H, y, W, b, eps):
    m = H.shape[0]
    G = softmax(H @ W + b, axis=1)
    G[np.arange(m), y] -= 1.0
    G /= m
    return H.T @ G, G.sum(axis=0), G @ W.T
''',
        "dJ/dH without the 1/m of the mean": '''
def smoothed_head_grads(H, y, W, b, eps):
    m, C = H.shape[0], W.shape[1]
    G = softmax(H @ W + b, axis=1) - eps / C
    G[np.arange(m), y] -= 1.0 - eps
    return H.T @ G / m, G.mean(axis=0), G @ W.T
''',
        "softmax without subtracting the maximum: overflow at large logits": '''
def smoothed_head_grads(H, y, W, b, eps):
    m, C = H.shape[0], W.shape[1]
    e = np.exp(H @ W + b)
    G = e / e.sum(axis=1, keepdims=True) - eps / C
    G[np.arange(m), y] -= 1.0 - eps
    G /= m
    return H.T @ G, G.sum(axis=0), G @ W.T
''',
    },
    "ex8_3_attention_mask_test": {
        "only padding keys masked: tokens attend across documents": '''
def packed_attention_mask(doc_ids, causal=False):
    doc_ids = np.asarray(doc_ids)
    N, L = doc_ids.shape
    mask = np.broadcast_to((doc_ids != 0)[:, None, :], (N, L, L)).copy()
    if causal:
        mask &= np.tril(np.ones((L, L), dtype=bool))
    return mask
''',
        "padding queries attend to padding keys (0 == 0)": '''
def packed_attention_mask(doc_ids, causal=False):
    doc_ids = np.asarray(doc_ids)
    mask = doc_ids[:, :, None] == doc_ids[:, None, :]
    if causal:
        L = doc_ids.shape[1]
        mask &= np.tril(np.ones((L, L), dtype=bool))
    return mask
''',
        "causal as j >= i (np.triu)": '''
def packed_attention_mask(doc_ids, causal=False):
    doc_ids = np.asarray(doc_ids)
    mask = (doc_ids[:, :, None] == doc_ids[:, None, :]) & (doc_ids[:, None, :] != 0)
    if causal:
        L = doc_ids.shape[1]
        mask &= np.triu(np.ones((L, L), dtype=bool))
    return mask
''',
        "causal mask multiplied in as floats: a float mask": '''
def packed_attention_mask(doc_ids, causal=False):
    doc_ids = np.asarray(doc_ids)
    mask = (doc_ids[:, :, None] == doc_ids[:, None, :]) & (doc_ids[:, None, :] != 0)
    if causal:
        L = doc_ids.shape[1]
        mask = mask * np.tril(np.ones((L, L)))
    return mask
''',
        "causal excludes the query itself (np.tril(k=-1))": '''
def packed_attention_mask(doc_ids, causal=False):
    doc_ids = np.asarray(doc_ids)
    mask = (doc_ids[:, :, None] == doc_ids[:, None, :]) & (doc_ids[:, None, :] != 0)
    if causal:
        L = doc_ids.shape[1]
        mask &= np.tril(np.ones((L, L), dtype=bool), k=-1)
    return mask
''',
    },
}
