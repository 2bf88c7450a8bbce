"""Plausible wrong answers to 01's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex1_1_llama_params_test": {
        "keys and values as wide as the queries (grouped-query attention ignored)": '''
def llama_params(V, d, L, f, n_heads, n_kv_heads, tied):
    if d % n_heads or n_heads % n_kv_heads:
        raise ValueError("head counts")
    layer = 4 * d * d + 3 * d * f + 2 * d
    return V * d + L * layer + d + (0 if tied else d * V)
''',
        "the feed-forward block of GPT: two matrices, not three": '''
def llama_params(V, d, L, f, n_heads, n_kv_heads, tied):
    if d % n_heads or n_heads % n_kv_heads:
        raise ValueError("head counts")
    h = d // n_heads
    layer = 2 * d * n_heads * h + 2 * d * n_kv_heads * h + 2 * d * f + 2 * d
    return V * d + L * layer + d + (0 if tied else d * V)
''',
        "layer norms with a shift (2d each), as in GPT": '''
def llama_params(V, d, L, f, n_heads, n_kv_heads, tied):
    if d % n_heads or n_heads % n_kv_heads:
        raise ValueError("head counts")
    h = d // n_heads
    layer = 2 * d * n_heads * h + 2 * d * n_kv_heads * h + 3 * d * f + 4 * d
    return V * d + L * layer + 2 * d + (0 if tied else d * V)
''',
        "the output matrix counted even when it is tied to the embedding": '''
def llama_params(V, d, L, f, n_heads, n_kv_heads, tied):
    if d % n_heads or n_heads % n_kv_heads:
        raise ValueError("head counts")
    h = d // n_heads
    layer = 2 * d * n_heads * h + 2 * d * n_kv_heads * h + 3 * d * f + 2 * d
    return V * d + L * layer + d + d * V
''',
        "no check that the head counts divide": '''
def llama_params(V, d, L, f, n_heads, n_kv_heads, tied):
    h = d // n_heads
    layer = 2 * d * n_heads * h + 2 * d * n_kv_heads * h + 3 * d * f + 2 * d
    return V * d + L * layer + d + (0 if tied else d * V)
''',
    },
    "ex1_2_accelerators_test": {
        "int(x) + 1 instead of rounding up: one too many on an exact fit": '''
def accelerators_needed(n_params, n_tokens, days, peak_flops, utilisation, device_bytes):
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation")
    if min(n_params, n_tokens, days, peak_flops, device_bytes) <= 0:
        raise ValueError("not positive")
    for_compute = 6 * n_params * n_tokens / (peak_flops * utilisation * days * 86400)
    for_memory = 16 * n_params / device_bytes
    return max(int(for_compute) + 1, int(for_memory) + 1)
''',
        "float32 weights only (4 bytes per parameter)": '''
def accelerators_needed(n_params, n_tokens, days, peak_flops, utilisation, device_bytes):
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation")
    if min(n_params, n_tokens, days, peak_flops, device_bytes) <= 0:
        raise ValueError("not positive")
    for_compute = 6 * n_params * n_tokens / (peak_flops * utilisation * days * 86400)
    return int(max(1, np.ceil(for_compute), np.ceil(4 * n_params / device_bytes)))
''',
        "the bfloat16 copy of the weights forgotten (14 bytes per parameter)": '''
def accelerators_needed(n_params, n_tokens, days, peak_flops, utilisation, device_bytes):
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation")
    if min(n_params, n_tokens, days, peak_flops, device_bytes) <= 0:
        raise ValueError("not positive")
    for_compute = 6 * n_params * n_tokens / (peak_flops * utilisation * days * 86400)
    return int(max(1, np.ceil(for_compute), np.ceil(14 * n_params / device_bytes)))
''',
        "the two requirements added instead of the larger taken": '''
def accelerators_needed(n_params, n_tokens, days, peak_flops, utilisation, device_bytes):
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation")
    if min(n_params, n_tokens, days, peak_flops, device_bytes) <= 0:
        raise ValueError("not positive")
    for_compute = 6 * n_params * n_tokens / (peak_flops * utilisation * days * 86400)
    return int(np.ceil(for_compute) + np.ceil(16 * n_params / device_bytes))
''',
        "compute at the peak speed (utilisation left out)": '''
def accelerators_needed(n_params, n_tokens, days, peak_flops, utilisation, device_bytes):
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation")
    if min(n_params, n_tokens, days, peak_flops, device_bytes) <= 0:
        raise ValueError("not positive")
    for_compute = 6 * n_params * n_tokens / (peak_flops * days * 86400)
    return int(max(1, np.ceil(for_compute), np.ceil(16 * n_params / device_bytes)))
''',
        "only the utilisation validated (days = 0 then divides by zero)": '''
def accelerators_needed(n_params, n_tokens, days, peak_flops, utilisation, device_bytes):
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation")
    for_compute = 6 * n_params * n_tokens / (peak_flops * utilisation * days * 86400)
    for_memory = 16 * n_params / device_bytes
    return int(max(1, np.ceil(for_compute), np.ceil(for_memory)))
''',
    },
}
