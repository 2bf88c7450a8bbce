"""Plausible wrong answers to 00's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex0_1_standardize_test": {
        "sample standard deviation (ddof=1)": '''
def standardize(x):
    x = np.asarray(x, dtype=np.float64)
    std = x.std(axis=0, ddof=1)
    return (x - x.mean(axis=0)) / np.where(std == 0, 1.0, std)
''',
        "no guard: a constant column divides 0 by 0": '''
def standardize(x):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=0)) / x.std(axis=0)
''',
        "statistics over rows (axis=1) instead of columns": '''
def standardize(x):
    x = np.asarray(x, dtype=np.float64)
    mean, std = x.mean(axis=1, keepdims=True), x.std(axis=1, keepdims=True)
    return (x - mean) / np.where(std == 0, 1.0, std)
''',
        "epsilon added to every standard deviation": '''
def standardize(x):
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-8)
''',
    },
    "ex0_2_accuracy_test": {
        "no length check: numpy broadcasts a length-1 array": '''
def accuracy(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
''',
        "the number of agreements, not the fraction": '''
def accuracy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"lengths {len(y_true)} and {len(y_pred)} differ")
    return float(np.sum(y_true == y_pred))
''',
        "the error rate": '''
def accuracy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError(f"lengths {len(y_true)} and {len(y_pred)} differ")
    return float(np.mean(y_true != y_pred))
''',
        "a ValueError that does not say which lengths": '''
def accuracy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if len(y_true) != len(y_pred):
        raise ValueError("the label arrays differ in length")
    return float(np.mean(y_true == y_pred))
''',
    },
}
