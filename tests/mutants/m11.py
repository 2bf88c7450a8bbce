"""Plausible wrong answers to 11's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex11_1_threshold_test": {
        "correct, but a Python loop over the candidate thresholds": '''
def cheapest_threshold(confidence, correct, cost_wrong, cost_handover):
    conf = np.asarray(confidence, dtype=float)
    wrong = ~np.asarray(correct, dtype=bool)
    best, best_tau = None, np.inf
    for tau in list(np.unique(conf)) + [np.inf]:
        answered = conf >= tau
        cost = cost_wrong * np.sum(wrong & answered) + cost_handover * np.sum(~answered)
        if best is None or cost < best:
            best, best_tau = cost, tau
    return float(best_tau) if np.isfinite(best_tau) else np.inf
''',
        "ties ignored: a cut between two equal confidences counts as possible": '''
def cheapest_threshold(confidence, correct, cost_wrong, cost_handover):
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=bool)
    order = np.argsort(conf)
    c, w = conf[order], ~ok[order]
    wrong_answered = np.r_[w.sum(), w.sum() - np.cumsum(w)]
    cost = cost_wrong * wrong_answered + cost_handover * np.arange(len(c) + 1)
    k = int(np.argmin(cost))
    return float(c[k]) if k < len(c) else np.inf
''',
        "handing everything over returns the largest confidence (which is still answered)": '''
def cheapest_threshold(confidence, correct, cost_wrong, cost_handover):
    conf = np.asarray(confidence, dtype=float)
    wrong = ~np.asarray(correct, dtype=bool)
    order = np.argsort(conf)
    c, w = conf[order], wrong[order]
    cost = cost_wrong * (w.sum() - np.r_[0, np.cumsum(w)]) + cost_handover * np.arange(len(c) + 1)
    cuttable = np.r_[True, c[1:] > c[:-1], True]
    k = np.flatnonzero(cuttable)[np.argmin(cost[cuttable])]
    return float(c[min(k, len(c) - 1)])
''',
        "the grid of 101 thresholds of section 1": '''
def cheapest_threshold(confidence, correct, cost_wrong, cost_handover):
    conf = np.asarray(confidence, dtype=float)
    wrong = ~np.asarray(correct, dtype=bool)
    taus = np.linspace(0.0, 1.0, 101)
    answered = conf[None, :] >= taus[:, None]
    cost = cost_wrong * (answered & wrong).sum(1) + cost_handover * (~answered).sum(1)
    return float(taus[np.argmin(cost)])
''',
        "the two costs swapped": '''
def cheapest_threshold(confidence, correct, cost_wrong, cost_handover):
    conf = np.asarray(confidence, dtype=float)
    wrong = ~np.asarray(correct, dtype=bool)
    order = np.argsort(conf)
    c, w = conf[order], wrong[order]
    cost = cost_handover * (w.sum() - np.r_[0, np.cumsum(w)]) + cost_wrong * np.arange(len(c) + 1)
    cuttable = np.r_[True, c[1:] > c[:-1], True]
    k = np.flatnonzero(cuttable)[np.argmin(cost[cuttable])]
    return float(c[k]) if k < len(c) else np.inf
''',
        "off by one: the threshold is the last handed-over confidence": '''
def cheapest_threshold(confidence, correct, cost_wrong, cost_handover):
    conf = np.asarray(confidence, dtype=float)
    wrong = ~np.asarray(correct, dtype=bool)
    order = np.argsort(conf)
    c, w = conf[order], wrong[order]
    cost = cost_wrong * (w.sum() - np.r_[0, np.cumsum(w)]) + cost_handover * np.arange(len(c) + 1)
    cuttable = np.r_[True, c[1:] > c[:-1], True]
    k = np.flatnonzero(cuttable)[np.argmin(cost[cuttable])]
    return float(c[max(k - 1, 0)])
''',
    },
    "ex11_2_gan_grads_test": {
        "sums over the batch instead of means": '''
def gan_logit_grads(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    sigmoid = lambda t: np.exp(-np.logaddexp(0.0, -t))
    return -sigmoid(-d_real), sigmoid(d_fake), -sigmoid(-d_fake)
''',
        "the minimax generator loss log(1 - sigmoid) instead of the non-saturating one": '''
def gan_logit_grads(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    sigmoid = lambda t: np.exp(-np.logaddexp(0.0, -t))
    return (-sigmoid(-d_real) / d_real.size, sigmoid(d_fake) / d_fake.size,
            -sigmoid(d_fake) / d_fake.size)
''',
        "the sign of the real logits' gradient flipped: 1 - sigmoid": '''
def gan_logit_grads(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    sigmoid = lambda t: np.exp(-np.logaddexp(0.0, -t))
    return (sigmoid(-d_real) / d_real.size, sigmoid(d_fake) / d_fake.size,
            -sigmoid(-d_fake) / d_fake.size)
''',
        "the naive sigmoid 1 / (1 + exp(-t)) overflows for large negative logits": '''
def gan_logit_grads(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    sigmoid = lambda t: 1.0 / (1.0 + np.exp(-t))
    return ((sigmoid(d_real) - 1) / d_real.size, sigmoid(d_fake) / d_fake.size,
            (sigmoid(d_fake) - 1) / d_fake.size)
''',
        "one mean over the real and generated logits together": '''
def gan_logit_grads(d_real, d_fake):
    d_real, d_fake = np.asarray(d_real, dtype=float), np.asarray(d_fake, dtype=float)
    sigmoid = lambda t: np.exp(-np.logaddexp(0.0, -t))
    n = d_real.size + d_fake.size
    return -sigmoid(-d_real) / n, sigmoid(d_fake) / n, -sigmoid(-d_fake) / d_fake.size
''',
    },
    "ex11_3_frozen_test": {
        "the base is not frozen": '''
def frozen_classifier(base, n_classes):
    model = keras.Sequential([base, keras.layers.Dense(n_classes)])
    model.compile(
        keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    return model
''',
        "a softmax head, with the loss still from logits": '''
def frozen_classifier(base, n_classes):
    base.trainable = False
    model = keras.Sequential([base, keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(
        keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    return model
''',
        "logits, but the loss expects probabilities (from_logits=False)": '''
def frozen_classifier(base, n_classes):
    base.trainable = False
    model = keras.Sequential([base, keras.layers.Dense(n_classes)])
    model.compile(keras.optimizers.Adam(1e-3), "sparse_categorical_crossentropy")
    return model
''',
        "the head sized for the visible test's 5 classes": '''
def frozen_classifier(base, n_classes):
    base.trainable = False
    model = keras.Sequential([base, keras.layers.Dense(5)])
    model.compile(
        keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    return model
''',
        "SGD instead of Adam": '''
def frozen_classifier(base, n_classes):
    base.trainable = False
    model = keras.Sequential([base, keras.layers.Dense(n_classes)])
    model.compile(
        keras.optimizers.SGD(1e-2), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    return model
''',
        "a hidden layer before the head": '''
def frozen_classifier(base, n_classes):
    base.trainable = False
    model = keras.Sequential(
        [base, keras.layers.Dense(32, activation="relu"), keras.layers.Dense(n_classes)]
    )
    model.compile(
        keras.optimizers.Adam(1e-3), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    return model
''',
    },
}
