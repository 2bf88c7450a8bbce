import numpy as np
import pytest

from labutils import checks


def test_assert_close_passes_and_prints_to_stdout_only(capsys):
    assert checks.assert_close([1.0, 2.0], np.array([1.0, 2.0 + 1e-9]), name="v") is None
    assert checks.max_abs_diff([1.0, 2.0], np.array([1.0, 2.0 + 1e-9])) == pytest.approx(1e-9, rel=1e-3)
    out, err = capsys.readouterr()
    assert out.startswith("\u2713 v: matches") and err == ""


def test_assert_close_failure_message_is_useful():
    with pytest.raises(AssertionError) as exc:
        checks.assert_close(np.array([[1.0, 2.0], [3.0, 4.5]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
                            name="m", hint="look at the last row")
    msg = str(exc.value)
    for part in ("index (1, 1)", "expected 4.0", "actual   4.5", "1 of 4 elements", "shape (2, 2)",
                 "hint: look at the last row"):
        assert part in msg, (part, msg)


def test_assert_close_refuses_broadcasting():
    with pytest.raises(AssertionError, match=r"shape mismatch[\s\S]*\(3,\)[\s\S]*\(3, 1\)"):
        checks.assert_close(np.zeros((3, 1)), np.zeros(3))


def test_assert_close_catches_nan():
    with pytest.raises(AssertionError, match="values differ"):
        checks.assert_close([np.nan], [1.0])


def test_shape_and_dtype_checks():
    checks.assert_shape(np.zeros((4, 3)), (None, 3))
    with pytest.raises(AssertionError, match=r"expected \(4, 2\)"):
        checks.assert_shape(np.zeros((4, 3)), (4, 2))
    checks.assert_dtype(np.zeros(2, np.float32), "float")
    with pytest.raises(AssertionError, match="expected int64"):
        checks.assert_dtype(np.zeros(2, np.float32), np.int64)


def f(x):
    return float(np.sum(np.sin(x) * x**2))


def grad_f(x):
    return np.cos(x) * x**2 + 2 * x * np.sin(x)


def test_gradcheck_accepts_the_right_gradient(capsys):
    x = np.random.default_rng(0).normal(size=(3, 4))
    assert checks.gradcheck(f, x, grad_f, tol=1e-7) is None  # None: no partial credit in nbgrader
    assert checks.gradient_rel_error(f, x, grad_f) < 1e-7
    assert "relative error" in capsys.readouterr().out


def test_gradcheck_catches_a_planted_wrong_gradient():
    x = np.random.default_rng(0).normal(size=(3, 4))
    wrong = grad_f(x)
    wrong[1, 2] *= 1.01  # one coordinate off by 1 %
    with pytest.raises(AssertionError) as exc:
        checks.gradcheck(f, x, wrong)
    assert "index (1, 2)" in str(exc.value) and "1 of 12" in str(exc.value)


def test_gradcheck_is_not_fooled_by_tiny_components():
    """A component near zero carries rounding noise ~1e-16 |f| / eps, which a coordinate-wise
    ratio would flag; the whole-vector relative error does not."""
    f_sq = lambda v: float(np.sum(v**2)) + 3.0  # noqa: E731
    x = np.array([1.0, 1e-9, 2.0])
    num = checks.numerical_gradient(f_sq, x)
    assert abs(num[1] - 2e-9) / 2e-9 > 1e-3  # the tiny component really is noisy
    checks.gradcheck(f_sq, x, 2 * x, tol=1e-8)


def test_gradcheck_catches_a_missing_term():
    x = np.linspace(-1, 1, 5)
    with pytest.raises(AssertionError, match="disagree"):
        checks.gradcheck(f, x, lambda v: np.cos(v) * v**2)


def test_gradcheck_shape_mismatch():
    with pytest.raises(AssertionError, match="analytic gradient has shape"):
        checks.gradcheck(f, np.zeros(3), np.zeros(4))


def test_numerical_gradient_does_not_modify_input():
    x = np.array([1.0, 2.0])
    checks.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_every_check_returns_none():
    """nbgrader reads a number left as a test cell's value as partial credit."""
    assert checks.assert_shape(np.zeros(2), (2,)) is None
    assert checks.assert_dtype(np.zeros(2), "float") is None


def test_max_abs_diff_shape_error():
    with pytest.raises(ValueError, match="same shape"):
        checks.max_abs_diff(np.zeros(2), np.zeros(3))


# ----------------------------------------------------------------- tolerances from the arithmetic
def test_unit_roundoff_of_each_dtype():
    assert checks.unit_roundoff("float32") == 2.0 ** -24
    assert checks.unit_roundoff(np.float64) == 2.0 ** -53
    assert checks.unit_roundoff("float16") == 2.0 ** -11
    assert checks.unit_roundoff("bfloat16") == 2.0 ** -8
    with pytest.raises(ValueError, match="dtype must be a floating-point dtype"):
        checks.unit_roundoff("int32")


def test_reduction_tolerance_is_the_two_sided_gamma_n_bound():
    u = 2.0 ** -24
    assert checks.reduction_tolerance("float32", 784, 3.0) == pytest.approx(2 * 784 * u / (1 - 784 * u) * 3.0, rel=1e-15)
    assert checks.reduction_tolerance("float32", 1, np.array([0.0, 1.0])).shape == (2,)
    with pytest.raises(ValueError, match="n must be a positive int"):
        checks.reduction_tolerance("float32", 0, 1.0)
    with pytest.raises(ValueError, match="abs_sum must be non-negative"):
        checks.reduction_tolerance("float32", 3, -1.0)
    with pytest.raises(ValueError, match="n \\* u >= 1"):
        checks.reduction_tolerance("float16", 4096, 1.0)


@pytest.mark.parametrize("seed", range(5))
def test_any_summation_order_stays_within_the_bound(seed):
    """Sequential, reversed, sorted, pairwise (numpy) and blocked float32 sums of the same terms,
    including mixed magnitudes and cancellation, agree within reduction_tolerance."""
    rng = np.random.default_rng(seed)
    n = 5000
    t = (rng.normal(size=n) * 10.0 ** rng.uniform(-3, 3, size=n)).astype(np.float32)
    orders = {
        "sequential": np.cumsum(t, dtype=np.float32)[-1],
        "reversed": np.cumsum(t[::-1], dtype=np.float32)[-1],
        "sorted": np.cumsum(np.sort(t), dtype=np.float32)[-1],
        "pairwise": np.sum(t, dtype=np.float32),
        "blocked": np.sum(t.reshape(50, 100).sum(axis=1, dtype=np.float32), dtype=np.float32),
    }
    tol = checks.reduction_tolerance("float32", n, float(np.abs(t.astype(np.float64)).sum()))
    vals = np.array(list(orders.values()), np.float64)
    assert vals.max() - vals.min() <= tol
    assert vals.max() - vals.min() > 0 or seed  # different orders do give different float32 sums


def test_matmul_tolerance_covers_split_and_reordered_matmuls():
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x = rng.random((32, 784), dtype=np.float32)
    w = rng.normal(size=(784, 256)).astype(np.float32)
    full = tf.matmul(x, w).numpy()
    split = np.concatenate([tf.matmul(x, w[:, :128]).numpy(), tf.matmul(x, w[:, 128:]).numpy()], axis=1)
    blocked = sum(x[:, i:i + 112] @ w[i:i + 112] for i in range(0, 784, 112))  # another reduction order
    tol = checks.matmul_tolerance(x, w)
    assert tol.shape == (32, 256)
    for other in (split, blocked, x.astype(np.float64) @ w.astype(np.float64)):
        checks.assert_close(other, full, rtol=0, atol=tol)
    # the bound is worst-case (here about 1000x the differences seen) yet not vacuous: it stays
    # below 0.3% of the outputs, so a dropped or doubled term of a dot product is caught
    assert tol.max() < 3e-3 * np.abs(full).max()
    k = int(np.argmax(np.abs(x[3] * w[:, 7])))
    wrong = full.copy()
    wrong[3, 7] -= x[3, k] * w[k, 7]  # the sum without its largest term
    with pytest.raises(AssertionError, match=r"index \(3, 7\)[\s\S]*element-wise bound"):
        checks.assert_close(wrong, split, rtol=0, atol=tol)
    with pytest.raises(ValueError, match="matrix-multipliable"):
        checks.matmul_tolerance(x, w.T)


def test_assert_close_rejects_an_atol_of_the_wrong_shape():
    with pytest.raises(ValueError, match="atol must be a number or an array broadcastable"):
        checks.assert_close(np.zeros((2, 3)), np.zeros((2, 3)), atol=np.zeros(2))


def _small_cnn():
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((12, 12, 1)), keras.layers.Conv2D(4, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(6, 3, padding="same", activation="relu"), keras.layers.Flatten(),
        keras.layers.Dropout(0.1), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(3),
    ])


def test_forward_error_bound_covers_float32_against_exact_and_is_tight_enough():
    import keras

    model = _small_cnn()
    x = np.random.default_rng(1).random((64, 12, 12, 1)).astype(np.float32)
    bound = checks.forward_error_bound(model, x)
    assert bound.shape == (64, 3) and np.all(bound > 0)
    exact_64 = keras.Sequential([keras.Input((12, 12, 1))] + [
        type(l).from_config({**l.get_config(), "dtype": "float64"}) for l in model.layers])
    exact_64.set_weights([w.astype(np.float64) for w in model.get_weights()])
    y32 = model(x, training=False).numpy()
    y64 = exact_64(x.astype(np.float64), training=False).numpy()
    # each float32 evaluation is within half the two-sided bound of the exact result
    assert np.all(np.abs(y32 - y64) <= bound / 2)
    # the bound is worst-case but small next to the outputs (here 0.4% of the largest), so a real
    # bug is still caught: one weight of the last layer off by 10% moves the outputs past it
    assert bound.max() < 1e-2 * np.abs(y64).max()
    w, b = model.layers[-1].get_weights()
    w[np.unravel_index(np.argmax(np.abs(w)), w.shape)] *= 1.1
    model.layers[-1].set_weights([w, b])
    assert np.any(np.abs(model(x, training=False).numpy() - y32) > bound)


@pytest.mark.parametrize("act", ["sigmoid", "tanh"])
def test_forward_error_bound_follows_sigmoid_and_tanh(act):
    import keras

    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((300,)), keras.layers.Dense(32, activation=act), keras.layers.Dense(1, activation=act)])
    exact = keras.Sequential([keras.Input((300,)), keras.layers.Dense(32, activation=act, dtype="float64"),
                              keras.layers.Dense(1, activation=act, dtype="float64")])
    exact.set_weights([w.astype(np.float64) for w in model.get_weights()])
    x = np.random.default_rng(2).normal(size=(256, 300)).astype(np.float32)
    bound = checks.forward_error_bound(model, x)
    y32, y64 = model(x).numpy(), exact(x.astype(np.float64)).numpy()
    assert np.all(np.abs(y32 - y64) <= bound / 2)
    assert bound.max() < 1e-2  # worst-case, yet small next to outputs in (0, 1) or (-1, 1)


def test_forward_error_bound_refuses_layers_it_cannot_bound():
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    with pytest.raises(ValueError, match=r"supports Dense/Conv2D with \['linear', 'relu', 'sigmoid', 'tanh'\]"):
        checks.forward_error_bound(model, np.zeros((1, 4), np.float32))


@pytest.mark.parametrize("seed", range(6))
def test_gradient_tolerance_bounds_float32_gradients_against_exact_ones(seed):
    """Float32 gradients of a mean cross-entropy (a whole batch, and the sum of two half-batches as
    two devices would compute it) stay within half the tolerance of the exact (float64) gradient,
    on sparse image-like inputs where the backward pass cancels a lot."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
    exact = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu", dtype="float64"),
                              keras.layers.Dense(10, dtype="float64")])
    exact.set_weights([w.astype(np.float64) for w in model.get_weights()])
    x = (rng.random((64, 784)) * (rng.random((64, 784)) < 0.2)).astype(np.float32)  # mostly zeros, like digits
    y = rng.integers(0, 10, 64)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")

    def grads(m, xb, yb, scale):
        with tf.GradientTape() as tape:
            total = tf.reduce_sum(loss(yb, m(xb))) / scale
        return [g.numpy().astype(np.float64) for g in tape.gradient(total, m.trainable_variables)]

    g64 = grads(exact, x.astype(np.float64), y, 64.0)
    g32 = grads(model, x, y, 64.0)
    halves = [a + b for a, b in zip(grads(model, x[:32], y[:32], 64.0), grads(model, x[32:], y[32:], 64.0))]
    logits = exact(x.astype(np.float64)).numpy()
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    tol = checks.gradient_tolerance(model, x, (p - np.eye(10)[y]) / 64)
    assert [t.shape for t in tol] == [tuple(v.shape) for v in model.trainable_variables]
    for a, b, h, t in zip(g32, g64, halves, tol):
        assert np.all(np.abs(a - b) <= t / 2) and np.all(np.abs(h - b) <= t / 2)
    # not vacuous: the tolerance is far below the gradients themselves
    assert max(float(t.max()) for t in tol) < 1e-2 * max(float(np.abs(g).max()) for g in g64)


def test_gradient_tolerance_refuses_what_it_cannot_bound():
    import keras

    conv = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="stack of Dense layers"):
        checks.gradient_tolerance(conv, np.zeros((2, 6, 6, 1)), np.zeros((2, 3)))
    mlp = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match=r"dlogits must have shape \(2, 3\)"):
        checks.gradient_tolerance(mlp, np.zeros((2, 4)), np.zeros((3, 3)))


def test_assert_close_with_infinities_and_nan_both_ways():
    """Equal infinities match without a warning (a warning on stderr costs a graded cell its
    points); an infinity or a NaN on one side only never matches, whatever the tolerance."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checks.assert_close(np.array([-np.inf, 1.0, np.inf]), np.array([-np.inf, 1.0, np.inf]))
    for actual, expected in [(-1e300, -np.inf), (np.inf, 1.0), (1.0, np.nan), (np.nan, 1.0),
                             (np.inf, -np.inf)]:
        with pytest.raises(AssertionError, match="values differ"):
            checks.assert_close(np.array([actual, 0.0]), np.array([expected, 0.0]), rtol=1.0,
                                atol=1.0)


def _vectorised(x):
    return np.maximum(x, 0).sum(axis=-1)


def _looped(x):
    total = 0.0
    for row in x:
        total += row.sum()
    return total


def _comprehension(x):
    return np.array([r.max() for r in x])


def test_assert_no_loops():
    checks.assert_no_loops(_vectorised)
    for f, kind in [(_looped, "For"), (_comprehension, "ListComp")]:
        with pytest.raises(AssertionError, match=rf"{f.__name__}: a Python loop \({kind}\)"):
            checks.assert_no_loops(f, hint="use the axis argument")
    with pytest.raises(AssertionError, match="could not be read"):
        checks.assert_no_loops(len)  # a builtin has no Python source
