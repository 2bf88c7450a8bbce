"""Plausible wrong answers to 06's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex6_1_output_size_test": {
        "dilation ignored: the kernel spans k pixels": '''
def conv_output_size(n, k, stride=1, padding="VALID", dilation=1):
    if padding == "SAME":
        return -(-n // stride)
    p = 0 if padding == "VALID" else padding
    if isinstance(p, str) or p < 0:
        raise ValueError(padding)
    return max((n + 2 * p - k) // stride + 1, 0)
''',
        "a dilated kernel spans d * k pixels": '''
def conv_output_size(n, k, stride=1, padding="VALID", dilation=1):
    if padding == "SAME":
        return -(-n // stride)
    p = 0 if padding == "VALID" else padding
    if isinstance(p, str) or p < 0:
        raise ValueError(padding)
    return max((n + 2 * p - dilation * k) // stride + 1, 0)
''',
        "explicit padding added on one side only": '''
def conv_output_size(n, k, stride=1, padding="VALID", dilation=1):
    if padding == "SAME":
        return -(-n // stride)
    p = 0 if padding == "VALID" else padding
    if isinstance(p, str) or p < 0:
        raise ValueError(padding)
    return max((n + p - dilation * (k - 1) - 1) // stride + 1, 0)
''',
        "no clamp: a negative count when the kernel does not fit": '''
def conv_output_size(n, k, stride=1, padding="VALID", dilation=1):
    if padding == "SAME":
        return -(-n // stride)
    p = 0 if padding == "VALID" else padding
    if isinstance(p, str) or p < 0:
        raise ValueError(padding)
    return (n + 2 * p - dilation * (k - 1) - 1) // stride + 1
''',
        "SAME rounds down (n // s)": '''
def conv_output_size(n, k, stride=1, padding="VALID", dilation=1):
    if padding == "SAME":
        return n // stride
    p = 0 if padding == "VALID" else padding
    if isinstance(p, str) or p < 0:
        raise ValueError(padding)
    return max((n + 2 * p - dilation * (k - 1) - 1) // stride + 1, 0)
''',
    },
    "ex6_2_maxpool_test": {
        "correct, but Python loops over the windows": '''
def maxpool2x2(x):
    N, H, W, C = x.shape
    out = np.empty((N, H // 2, W // 2, C), dtype=x.dtype)
    for i in range(H // 2):
        for j in range(W // 2):
            out[:, i, j, :] = x[:, 2 * i:2 * i + 2, 2 * j:2 * j + 2, :].max(axis=(1, 2))
    return out
''',
        "average pooling": '''
def maxpool2x2(x):
    N, H, W, C = x.shape
    return x.reshape(N, H // 2, 2, W // 2, 2, C).mean(axis=(2, 4))
''',
        "rows split as (2, H/2): a window pairs rows i and i + H/2": '''
def maxpool2x2(x):
    N, H, W, C = x.shape
    return x.reshape(N, 2, H // 2, 2, W // 2, C).max(axis=(1, 3))
''',
        "the maximum starts from 0: all-negative windows give 0": '''
def maxpool2x2(x):
    N, H, W, C = x.shape
    return x.reshape(N, H // 2, 2, W // 2, 2, C).max(axis=(2, 4), initial=0)
''',
        "converted to float64": '''
def maxpool2x2(x):
    x = np.asarray(x, dtype=float)
    N, H, W, C = x.shape
    return x.reshape(N, H // 2, 2, W // 2, 2, C).max(axis=(2, 4))
''',
        "H and W swapped in the reshape": '''
def maxpool2x2(x):
    N, H, W, C = x.shape
    return x.reshape(N, W // 2, 2, H // 2, 2, C).max(axis=(2, 4))
''',
    },
    "ex6_3_kernel_test": {
        "Sobel x, scaled to +1 on the diagonal edge": '''
def diagonal_edge_kernel(size=3):
    if size < 3 or size % 2 == 0:
        raise ValueError(size)
    r = size // 2
    kernel = np.outer(r + 1 - np.abs(np.arange(size) - r), np.arange(size) - r).astype(float)
    i, j = np.mgrid[0:size, 0:size]
    return kernel / ((kernel * np.where(j > i, 1.0, np.where(j == i, 0.5, 0.0))).sum())
''',
        "negated: bright below-left": '''
def diagonal_edge_kernel(size=3):
    if size < 3 or size % 2 == 0:
        raise ValueError(size)
    i, j = np.mgrid[0:size, 0:size]
    kernel = (i - j).astype(float)
    return kernel / np.abs(kernel[j > i]).sum()
''',
        "transposed": '''
def diagonal_edge_kernel(size=3):
    if size < 3 or size % 2 == 0:
        raise ValueError(size)
    i, j = np.mgrid[0:size, 0:size]
    kernel = (j - i).astype(float)
    return (kernel / kernel[j > i].sum()).T
''',
        "the other diagonal's detector (flipped left-right)": '''
def diagonal_edge_kernel(size=3):
    if size < 3 or size % 2 == 0:
        raise ValueError(size)
    i, j = np.mgrid[0:size, 0:size]
    kernel = (j - i).astype(float)
    return np.fliplr(kernel / kernel[j > i].sum())
''',
        "a constant kernel": '''
def diagonal_edge_kernel(size=3):
    if size < 3 or size % 2 == 0:
        raise ValueError(size)
    return np.full((size, size), 1.0 / size**2)
''',
        "normalised with size 3's constant at every size": '''
def diagonal_edge_kernel(size=3):
    if size < 3 or size % 2 == 0:
        raise ValueError(size)
    i, j = np.mgrid[0:size, 0:size]
    return (j - i) / 4.0
''',
        "no ValueError for an even size": '''
def diagonal_edge_kernel(size=3):
    i, j = np.mgrid[0:size, 0:size]
    kernel = (j - i).astype(float)
    return kernel / kernel[j > i].sum()
''',
    },
}
