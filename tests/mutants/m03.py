"""Plausible wrong answers to 03's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex3_1_nesterov_test": {
        "plain momentum: w + v": '''
def nesterov_step(w, v, g, lr, beta):
    v = beta * v - lr * g
    return w + v, v
''',
        "theta_t = w_t - beta v_t forgotten: w + (1 + beta) v": '''
def nesterov_step(w, v, g, lr, beta):
    v = beta * v - lr * g
    return w + (1 + beta) * v, v
''',
        "returns theta_{t+1} = theta_t + v_{t+1}, not the look-ahead point": '''
def nesterov_step(w, v, g, lr, beta):
    theta = w - beta * v
    v = beta * v - lr * g
    return theta + v, v
''',
        "updates the caller's arrays in place": '''
def nesterov_step(w, v, g, lr, beta):
    v *= beta
    v -= lr * g
    w += beta * v - lr * g
    return w, v
''',
    },
    "ex3_2_adamw_test": {
        "L2 penalty: the decay added to the gradient (Adam + L2, coupled)": '''
def adamw_step(w, m, v, g, t, lr, beta1, beta2, eps, weight_decay):
    g = g + weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    alpha = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return w - alpha * m / (np.sqrt(v) + eps), m, v
''',
        "the decay not scaled by the learning rate": '''
def adamw_step(w, m, v, g, t, lr, beta1, beta2, eps, weight_decay):
    w = w - weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    alpha = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return w - alpha * m / (np.sqrt(v) + eps), m, v
''',
        "the decay applied after the Adam step": '''
def adamw_step(w, m, v, g, t, lr, beta1, beta2, eps, weight_decay):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    alpha = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    w = w - alpha * m / (np.sqrt(v) + eps)
    return w - lr * weight_decay * w, m, v
''',
        "the textbook placement of eps (added to sqrt(v_hat))": '''
def adamw_step(w, m, v, g, t, lr, beta1, beta2, eps, weight_decay):
    w = w - lr * weight_decay * w
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
''',
        "updates the caller's arrays in place": '''
def adamw_step(w, m, v, g, t, lr, beta1, beta2, eps, weight_decay):
    w -= lr * weight_decay * w
    m *= beta1
    m += (1 - beta1) * g
    v *= beta2
    v += (1 - beta2) * g * g
    w -= lr * np.sqrt(1 - beta2**t) / (1 - beta1**t) * m / (np.sqrt(v) + eps)
    return w, m, v
''',
    },
    "ex3_3_lr_test": {
        "a constant tuned to the visible bowl (2/11)": '''
def chosen_learning_rate(curvatures):
    return 2 / 11
''',
        "1 / c_max: stable, but too slow in the flattest direction": '''
def chosen_learning_rate(curvatures):
    return 1 / np.max(curvatures)
''',
        "the first and last curvature taken as the extremes (assumes sorted input)": '''
def chosen_learning_rate(curvatures):
    c = np.asarray(curvatures, dtype=float)
    return 2 / (c[0] + c[-1])
''',
        "1 / mean curvature: unstable when c_max is far above the mean": '''
def chosen_learning_rate(curvatures):
    return 1 / np.mean(curvatures)
''',
        "the stability limit itself, 2 / c_max: the steepest coordinate never shrinks": '''
def chosen_learning_rate(curvatures):
    return 2 / np.max(curvatures)
''',
    },
}
