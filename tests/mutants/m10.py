"""Plausible wrong answers to 10's exercises (run by tests/test_hidden_tests.py)."""
_CHECKS = '''
    f, b = np.asarray(t_fwd, dtype=float), np.asarray(t_bwd, dtype=float)
    if isinstance(M, bool) or not isinstance(M, (int, np.integer)) or M < 1:
        raise ValueError(f"M must be a positive integer; got {M!r}")
    if f.ndim != 1 or f.size == 0 or f.shape != b.shape or (f <= 0).any() or (b <= 0).any():
        raise ValueError("bad stage times")
'''

MUTANTS = {
    "ex10_1_bubble_test": {
        "the equal-stage formula (S - 1) / (M + S - 1)": '''
def bubble_fraction(t_fwd, t_bwd, M):''' + _CHECKS + '''
    S = f.size
    return (S - 1) / (M + S - 1)
''',
        "one bottleneck for both phases: max(t_fwd + t_bwd)": '''
def bubble_fraction(t_fwd, t_bwd, M):''' + _CHECKS + '''
    t = f + b
    makespan = t.sum() + (M - 1) * t.max()
    return float(1.0 - M * t.sum() / (f.size * makespan))
''',
        "the slowest stage paces all M micro-batches (M, not M - 1)": '''
def bubble_fraction(t_fwd, t_bwd, M):''' + _CHECKS + '''
    makespan = f.sum() + M * f.max() + b.sum() + M * b.max()
    return float(1.0 - M * (f.sum() + b.sum()) / (f.size * makespan))
''',
        "the mean stage time sets the pace": '''
def bubble_fraction(t_fwd, t_bwd, M):''' + _CHECKS + '''
    makespan = f.sum() + (M - 1) * f.mean() + b.sum() + (M - 1) * b.mean()
    return float(1.0 - M * (f.sum() + b.sum()) / (f.size * makespan))
''',
        "the idle fraction of the slowest stage only": '''
def bubble_fraction(t_fwd, t_bwd, M):''' + _CHECKS + '''
    makespan = f.sum() + (M - 1) * f.max() + b.sum() + (M - 1) * b.max()
    return float(1.0 - M * (f + b).max() / makespan)
''',
        "no validation of M and of the stage times": '''
def bubble_fraction(t_fwd, t_bwd, M):
    f, b = np.asarray(t_fwd, dtype=float), np.asarray(t_bwd, dtype=float)
    makespan = f.sum() + (M - 1) * f.max() + b.sum() + (M - 1) * b.max()
    return float(1.0 - M * (f.sum() + b.sum()) / (f.size * makespan))
''',
    },
    "ex10_2_data_parallel_test": {
        "each worker divides by its own shard size, then the gradients are summed": '''
def data_parallel_step(w, X, y, n_workers, lr):
    grads = [Xr.T @ (Xr @ w - yr) / len(Xr)
             for Xr, yr in zip(np.array_split(X, n_workers), np.array_split(y, n_workers))]
    return w - lr * np.sum(grads, axis=0)
''',
        "the mean of the workers' mean gradients (wrong for unequal shards)": '''
def data_parallel_step(w, X, y, n_workers, lr):
    grads = [Xr.T @ (Xr @ w - yr) / len(Xr)
             for Xr, yr in zip(np.array_split(X, n_workers), np.array_split(y, n_workers))]
    return w - lr * np.mean(grads, axis=0)
''',
        "the sum of the shard gradients divided by n_workers": '''
def data_parallel_step(w, X, y, n_workers, lr):
    n = len(X)
    grads = [Xr.T @ (Xr @ w - yr) / n
             for Xr, yr in zip(np.array_split(X, n_workers), np.array_split(y, n_workers))]
    return w - lr * np.sum(grads, axis=0) / n_workers
''',
        "a step up the gradient": '''
def data_parallel_step(w, X, y, n_workers, lr):
    n = len(X)
    grads = [Xr.T @ (Xr @ w - yr) / n
             for Xr, yr in zip(np.array_split(X, n_workers), np.array_split(y, n_workers))]
    return w + lr * np.sum(grads, axis=0)
''',
        "np.split (equal shards only) instead of np.array_split": '''
def data_parallel_step(w, X, y, n_workers, lr):
    n = len(X)
    grads = [Xr.T @ (Xr @ w - yr) / n
             for Xr, yr in zip(np.split(X, n_workers), np.split(y, n_workers))]
    return w - lr * np.sum(grads, axis=0)
''',
    },
    "ex10_3_quantize_test": {
        "floor instead of round": '''
def quantize_int8(x, scale, zero_point):
    return np.clip(np.floor(np.asarray(x) / scale) + zero_point, -128, 127).astype(np.int8)
''',
        "no clipping: the cast to int8 wraps around": '''
def quantize_int8(x, scale, zero_point):
    return (np.round(np.asarray(x) / scale) + zero_point).astype(np.int64).astype(np.int8)
''',
        "the symmetric range [-127, 127]": '''
def quantize_int8(x, scale, zero_point):
    return np.clip(np.round(np.asarray(x) / scale) + zero_point, -127, 127).astype(np.int8)
''',
        "the zero point subtracted when quantising": '''
def quantize_int8(x, scale, zero_point):
    return np.clip(np.round(np.asarray(x) / scale) - zero_point, -128, 127).astype(np.int8)
''',
        "dequantising without the zero point": '''
def dequantize_int8(q, scale, zero_point):
    return (np.asarray(q).astype(np.float32) * scale).astype(np.float32)
''',
        "dequantising to float64": '''
def dequantize_int8(q, scale, zero_point):
    return (np.asarray(q).astype(np.float64) - zero_point) * scale
''',
    },
}
