"""Plausible wrong answers to 05's exercises (run by tests/test_hidden_tests.py)."""
MUTANTS = {
    "ex5_1_early_stopping_test": {
        "a tie counts as an improvement (<= instead of <)": '''
def early_stopping(history, patience, min_delta=0.0, mode="min"):
    if mode not in ("min", "max"):
        raise ValueError(mode)
    sign = 1.0 if mode == "min" else -1.0
    best, best_epoch, waited = None, 0, 0
    for epoch, value in enumerate(history):
        if best is None or sign * value <= sign * best - min_delta:
            best, best_epoch, waited = value, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return None, best_epoch
''',
        "stops one epoch late (count > patience)": '''
def early_stopping(history, patience, min_delta=0.0, mode="min"):
    if mode not in ("min", "max"):
        raise ValueError(mode)
    sign = 1.0 if mode == "min" else -1.0
    best, best_epoch, waited = None, 0, 0
    for epoch, value in enumerate(history):
        if best is None or sign * value < sign * best - min_delta:
            best, best_epoch, waited = value, epoch, 0
        else:
            waited += 1
            if waited > patience:
                return epoch, best_epoch
    return None, best_epoch
''',
        "min_delta ignored": '''
def early_stopping(history, patience, min_delta=0.0, mode="min"):
    if mode not in ("min", "max"):
        raise ValueError(mode)
    sign = 1.0 if mode == "min" else -1.0
    best, best_epoch, waited = None, 0, 0
    for epoch, value in enumerate(history):
        if best is None or sign * value < sign * best:
            best, best_epoch, waited = value, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return None, best_epoch
''',
        "best follows every better value, even one within min_delta": '''
def early_stopping(history, patience, min_delta=0.0, mode="min"):
    if mode not in ("min", "max"):
        raise ValueError(mode)
    sign = 1.0 if mode == "min" else -1.0
    best, best_epoch, waited = None, 0, 0
    for epoch, value in enumerate(history):
        if best is None or sign * value < sign * best - min_delta:
            best, best_epoch, waited = value, epoch, 0
            continue
        if sign * value < sign * best:
            best, best_epoch = value, epoch
        waited += 1
        if waited >= patience:
            return epoch, best_epoch
    return None, best_epoch
''',
        "mode ignored: always minimises": '''
def early_stopping(history, patience, min_delta=0.0, mode="min"):
    if mode not in ("min", "max"):
        raise ValueError(mode)
    best, best_epoch, waited = None, 0, 0
    for epoch, value in enumerate(history):
        if best is None or value < best - min_delta:
            best, best_epoch, waited = value, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return None, best_epoch
''',
        "best epoch: the minimum of the whole history": '''
def early_stopping(history, patience, min_delta=0.0, mode="min"):
    if mode not in ("min", "max"):
        raise ValueError(mode)
    sign = 1.0 if mode == "min" else -1.0
    best, waited = None, 0
    best_epoch = int(np.argmin(sign * np.asarray(history, dtype=float)))
    for epoch, value in enumerate(history):
        if best is None or sign * value < sign * best - min_delta:
            best, waited = value, 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return None, best_epoch
''',
    },
    "ex5_2_tape_step_test": {
        "the average of the micro-batches' mean gradients (right only if micro_batch divides B)": '''
def accumulated_step(model, optimizer, x, y, micro_batch):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    losses, grads_list = [], []
    for start in range(0, len(x), micro_batch):
        with tf.GradientTape() as tape:
            loss = loss_fn(y[start:start + micro_batch], model(x[start:start + micro_batch],
                                                               training=True))
        grads_list.append(tape.gradient(loss, model.trainable_variables))
        losses.append(float(loss))
    k = len(grads_list)
    grads = [sum(gs) / k for gs in zip(*grads_list)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return sum(losses) / k
''',
        "the last, smaller micro-batch dropped": '''
def accumulated_step(model, optimizer, x, y, micro_batch):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    n = (len(x) // micro_batch) * micro_batch or len(x)
    total_loss, total = 0.0, [tf.zeros_like(v) for v in model.trainable_variables]
    for start in range(0, n, micro_batch):
        xm, ym = x[start:start + micro_batch], y[start:start + micro_batch]
        with tf.GradientTape() as tape:
            loss = len(xm) / n * loss_fn(ym, model(xm, training=True))
        total = [t + g for t, g in zip(total, tape.gradient(loss, model.trainable_variables))]
        total_loss += float(loss)
    optimizer.apply_gradients(zip(total, model.trainable_variables))
    return total_loss
''',
        "one optimiser step per micro-batch": '''
def accumulated_step(model, optimizer, x, y, micro_batch):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    total_loss = 0.0
    for start in range(0, len(x), micro_batch):
        xm, ym = x[start:start + micro_batch], y[start:start + micro_batch]
        with tf.GradientTape() as tape:
            loss = loss_fn(ym, model(xm, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        total_loss += len(xm) / len(x) * float(loss)
    return total_loss
''',
        "the micro-batches' gradients added without weights": '''
def accumulated_step(model, optimizer, x, y, micro_batch):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    total_loss, total = 0.0, [tf.zeros_like(v) for v in model.trainable_variables]
    for start in range(0, len(x), micro_batch):
        xm, ym = x[start:start + micro_batch], y[start:start + micro_batch]
        with tf.GradientTape() as tape:
            loss = loss_fn(ym, model(xm, training=True))
        total = [t + g for t, g in zip(total, tape.gradient(loss, model.trainable_variables))]
        total_loss += len(xm) / len(x) * float(loss)
    optimizer.apply_gradients(zip(total, model.trainable_variables))
    return total_loss
''',
        "returns the last micro-batch's loss": '''
def accumulated_step(model, optimizer, x, y, micro_batch):
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    total = [tf.zeros_like(v) for v in model.trainable_variables]
    for start in range(0, len(x), micro_batch):
        xm, ym = x[start:start + micro_batch], y[start:start + micro_batch]
        with tf.GradientTape() as tape:
            loss = loss_fn(ym, model(xm, training=True))
            weighted = len(xm) / len(x) * loss
        total = [t + g for t, g in zip(total, tape.gradient(weighted, model.trainable_variables))]
    optimizer.apply_gradients(zip(total, model.trainable_variables))
    return float(loss)
''',
    },
}
