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
