"""Plausible wrong answers to 04's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex4_1_gelu_backward_test": {
        "the product rule's second term is missing": '''
def gelu_backward(dout, z):
    t = np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3))
    return dout * 0.5 * (1 + t)
''',
        "the inner derivative du/dz is missing (dt/dz taken as 1 - t^2)": '''
def gelu_backward(dout, z):
    t = np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3))
    return dout * (0.5 * (1 + t) + 0.5 * z * (1 - t * t))
''',
        "the derivative of the exact (erf) GELU, not of its tanh form": '''
def gelu_backward(dout, z):
    from scipy.special import erf
    cdf = 0.5 * (1 + erf(z / np.sqrt(2)))
    pdf = np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return dout * (cdf + z * pdf)
''',
        "sech^2 through np.cosh, which overflows for large |z|": '''
def gelu_backward(dout, z):
    c, b = np.sqrt(2 / np.pi), 0.044715
    u = c * (z + b * z**3)
    return dout * (0.5 * (1 + np.tanh(u)) + 0.5 * z * c * (1 + 3 * b * z * z) / np.cosh(u) ** 2)
''',
        "dout ignored: the local derivative alone": '''
def gelu_backward(dout, z):
    c, b = np.sqrt(2 / np.pi), 0.044715
    t = np.tanh(c * (z + b * z**3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * b * z * z)
''',
    },
    "ex4_2_layernorm_backward_test": {
        "correct, but a Python loop over the rows": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    dx = np.empty_like(x)
    for i in range(x.shape[0]):
        mu = x[i].mean()
        s = np.sqrt(((x[i] - mu) ** 2).mean() + eps)
        xh = (x[i] - mu) / s
        g = dy[i] * gamma
        dx[i] = (g - g.mean() - xh * (g * xh).mean()) / s
    mu = x.mean(axis=1, keepdims=True)
    xhat = (x - mu) / np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)
''',
        "mean and variance treated as constants: dx = dy * gamma / s": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    return dy * gamma / s, (dy * (x - mu) / s).sum(axis=0), dy.sum(axis=0)
''',
        "the variance's path is missing: dx = (g - mean(g)) / s": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    g = dy * gamma
    return (g - g.mean(axis=1, keepdims=True)) / s, (dy * (x - mu) / s).sum(axis=0), dy.sum(axis=0)
''',
        "dgamma and dbeta summed over the features, not the batch": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    xhat, g = (x - mu) / s, dy * gamma
    dx = (g - g.mean(axis=1, keepdims=True) - xhat * (g * xhat).mean(axis=1, keepdims=True)) / s
    return dx, (dy * xhat).sum(axis=1), dy.sum(axis=1)
''',
        "eps fixed at the default 1e-5, the argument ignored": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + 1e-5)
    xhat, g = (x - mu) / s, dy * gamma
    dx = (g - g.mean(axis=1, keepdims=True) - xhat * (g * xhat).mean(axis=1, keepdims=True)) / s
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)
''',
        "statistics over the batch (batch normalisation's axis)": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    mu = x.mean(axis=0, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).mean(axis=0, keepdims=True) + eps)
    xhat, g = (x - mu) / s, dy * gamma
    dx = (g - g.mean(axis=0, keepdims=True) - xhat * (g * xhat).mean(axis=0, keepdims=True)) / s
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)
''',
        "the sample variance (ddof=1)": '''
def layernorm_backward(dy, x, gamma, eps=1e-5):
    D = x.shape[1]
    mu = x.mean(axis=1, keepdims=True)
    s = np.sqrt(((x - mu) ** 2).sum(axis=1, keepdims=True) / (D - 1) + eps)
    xhat, g = (x - mu) / s, dy * gamma
    m2 = (g * xhat).sum(axis=1, keepdims=True) / (D - 1)
    dx = (g - g.mean(axis=1, keepdims=True) - xhat * m2) / s
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)
''',
    },
    "ex4_3_init_test": {
        "He's std whatever the slope": '''
def init_std(shape, negative_slope=0.0):
    return float(np.sqrt(2.0 / np.prod(shape[:-1])))
''',
        "fan-out instead of fan-in": '''
def init_std(shape, negative_slope=0.0):
    return float(np.sqrt(2.0 / ((1.0 + negative_slope**2) * shape[-1])))
''',
        "Xavier's average of fan-in and fan-out, with the leaky gain": '''
def init_std(shape, negative_slope=0.0):
    receptive = np.prod(shape[:-2])
    fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
    return float(np.sqrt(4.0 / ((1.0 + negative_slope**2) * (fan_in + fan_out))))
''',
        "a convolution's fan-in taken as c_in alone": '''
def init_std(shape, negative_slope=0.0):
    return float(np.sqrt(2.0 / ((1.0 + negative_slope**2) * shape[-2])))
''',
        "the gain 2 / (1 + a)^2 instead of 2 / (1 + a^2)": '''
def init_std(shape, negative_slope=0.0):
    return float(np.sqrt(2.0 / ((1.0 + negative_slope) ** 2 * np.prod(shape[:-1]))))
''',
        "N(0, 1): std 1 whatever the layer": '''
def init_std(shape, negative_slope=0.0):
    return 1.0
''',
    },
}
