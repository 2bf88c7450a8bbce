"""Friendly checks for check cells and graded exercises (every notebook).

The one-line checks of a check cell, each naming what it compares and why its tolerance is what
it is: :func:`close` (within a derived tolerance), :func:`close_all` (a group, one line),
:func:`equal` (exactly). Exercises use the ``assert_*`` functions.

Every check prints one success line to stdout and returns ``None``, or raises
``AssertionError`` whose message gives what was expected, what was found, the shapes, the
worst index and a hint. Checks never warn or write to stderr (nbgrader scores a cell with
stderr output as zero), and they return ``None`` on purpose: nbgrader reads a number left as a
test cell's value as partial credit. To *measure* instead of check, use
:func:`max_abs_diff` and :func:`gradient_rel_error`.

Comparing floating-point results computed in a different order (another device split, another
kernel, another batch split, a reloaded or converted model) needs a tolerance that follows from
the arithmetic, not from one CPU: :func:`reduction_tolerance`, :func:`matmul_tolerance`,
:func:`forward_error_bound` and :func:`gradient_tolerance` give it (used by notebooks 01, 05, 06,
07, 10 and the tests).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np


def _as_array(x: Any, name: str) -> np.ndarray:
    if hasattr(x, "numpy") and callable(x.numpy):
        x = x.numpy()
    try:
        return np.asarray(x)
    except Exception as exc:  # pragma: no cover - defensive
        raise AssertionError(f"{name}: could not be turned into an array ({exc})") from None


def _hint(hint: str | None) -> str:
    return f"\n  hint: {hint}" if hint else ""


def _ok(msg: str) -> None:
    print(f"\u2713 {msg}")


def assert_close(
    actual: Any,
    expected: Any,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    name: str = "value",
    hint: str | None = None,
) -> None:
    """Assert ``|actual - expected| <= atol + rtol * |expected|`` element-wise.

    Shapes must match exactly (no broadcasting, which hides bugs such as a (n,) vs (n, 1)
    mix-up). ``atol`` may be an array broadcastable to the shape, e.g. an element-wise bound from
    :func:`matmul_tolerance` or :func:`forward_error_bound`.
    """
    a = _as_array(actual, name)
    e = _as_array(expected, name)
    if a.shape != e.shape:
        raise AssertionError(
            f"{name}: shape mismatch\n  expected shape {e.shape}\n  actual shape   {a.shape}"
            + _hint(hint or "check which axis you reduced over and whether you kept dims")
        )
    if a.dtype.kind not in "biufc":
        raise AssertionError(
            f"{name}: expected numbers, got an array of dtype {a.dtype}" + _hint(hint)
        )
    a64 = a.astype(np.float64) if a.dtype.kind != "c" else a
    e64 = e.astype(np.float64) if e.dtype.kind != "c" else e
    with np.errstate(invalid="ignore", over="ignore"):
        # Equal values (infinities of the same sign included) and NaN against NaN match; NaN
        # against a number, or an infinity against anything else, is an infinite difference.
        same = (a64 == e64) | (np.isnan(a64) & np.isnan(e64))
        mismatch = ~same & (np.isnan(a64) | np.isnan(e64) | np.isinf(a64) | np.isinf(e64))
        diff = np.where(same, 0.0, np.abs(np.where(mismatch, 0.0, a64 - e64)))
    diff = np.where(mismatch, np.inf, diff)
    try:
        atol_arr = np.broadcast_to(np.asarray(atol, np.float64), e64.shape)
    except ValueError:
        raise ValueError(f"atol must be a number or an array broadcastable to {e64.shape}; "
                         f"got shape {np.shape(atol)}") from None
    finite_e = np.where(np.isfinite(e64), np.abs(e64), 0.0)
    tol = atol_arr + rtol * finite_e
    over = diff > tol
    max_diff = float(np.max(diff)) if diff.size else 0.0
    if np.any(over):
        idx = np.unravel_index(int(np.argmax(np.where(over, diff, -1.0))), diff.shape)
        where = f" at index {tuple(int(i) for i in idx)}" if a.ndim else ""
        n_bad = int(np.sum(over))
        raise AssertionError(
            f"{name}: values differ{where}\n"
            f"  expected {e64[idx].item()!r}\n  actual   {a64[idx].item()!r}\n"
            f"  {n_bad} of {diff.size} elements outside atol={_atol_text(atol, atol_arr, idx)} + rtol={rtol:g}*|expected|; "
            f"max abs diff {max_diff:.3g}; shape {a.shape}" + _hint(hint)
        )
    _ok(f"{name}: matches (shape {a.shape}, max abs diff {max_diff:.3g}, "
        f"within {_tol_text(atol, rtol, atol_arr)})")


def _atol_text(atol: Any, atol_arr: np.ndarray, idx: tuple) -> str:
    if np.ndim(atol) == 0:
        return f"{float(atol):g}"
    return f"{float(atol_arr[idx]):.3g} (element-wise bound, at that index)"


def _tol_text(atol: Any, rtol: float, atol_arr: np.ndarray) -> str:
    """The tolerance as a ✓ line states it: 'atol 1e-08 + rtol 1e-06 x |expected|'."""
    if np.ndim(atol) == 0:
        parts = [f"atol {float(atol):.2g}"] if float(atol) or not rtol else []
    else:
        top = float(np.max(atol_arr)) if atol_arr.size else 0.0
        parts = [f"an element-wise bound (largest {top:.2g})"]
    if rtol:
        parts.append(f"rtol {rtol:.2g} x |expected|")
    return " + ".join(parts)


# ----------------------------------------------------------------- one-line checks (check cells)
def close(name: str, actual: Any, expected: Any, *, atol: Any = 0.0, rtol: float = 0.0,
          why: str, record: str | None = None) -> None:
    """One line of a check cell: ``actual`` equals ``expected`` within ``atol + rtol |expected|``
    (shapes equal, no broadcasting), and ``why`` that tolerance, e.g.
    ``checks.close("im2col vs tf.nn.conv2d", ours, ref, atol=bound, why="float32, 27-term sums")``.

    Prints ``✓ name: max |diff| 2.4e-07, within atol 1.1e-05 (why)``; raises AssertionError as
    :func:`assert_close` does. ``record`` also records the largest absolute difference under that
    name for the run report. Used by the check cells of every notebook.
    """
    if not isinstance(why, str) or not why.strip():
        raise ValueError("why must say where the tolerance comes from (dtype, reduction length, ...)")
    a, e = _as_array(actual, name), _as_array(expected, name)
    _verify_close(a, e, atol, rtol, name, hint=f"the tolerance: {why}")
    diff = max_abs_diff(a, e) if a.size else 0.0
    atol_arr = np.broadcast_to(np.asarray(atol, np.float64), e.shape)
    _ok(f"{name}: max |diff| {diff:.2g}, within {_tol_text(atol, rtol, atol_arr)} ({why})")
    if record is not None:
        from labutils.record import record as _record

        _record(record, diff)


def _verify_close(a: np.ndarray, e: np.ndarray, atol: Any, rtol: float, name: str, hint: str) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # its own ✓ line is replaced by the caller's
        assert_close(a, e, atol=atol, rtol=rtol, name=name, hint=hint)


def close_all(name: str, cases: Any, *, tol: Callable[[np.ndarray, np.ndarray], Any] | float = 0.0,
              rtol: float = 0.0, why: str, record: str | None = None) -> None:
    """A group of :func:`close` checks reported as one line: ``cases`` maps a label to
    ``(actual, expected)`` (or is a list of such pairs); ``tol`` is an absolute tolerance or a
    function ``tol(actual, expected)`` giving one per case (a derived bound). The line names how
    many cases passed and the worst difference; a failure names the case. ``record`` records the
    worst absolute difference."""
    if not isinstance(why, str) or not why.strip():
        raise ValueError("why must say where the tolerance comes from (dtype, reduction length, ...)")
    items = list(cases.items()) if isinstance(cases, dict) else list(enumerate(cases))
    if not items:
        raise ValueError("cases must hold at least one (actual, expected) pair")
    worst, top = 0.0, 0.0
    for label, (actual, expected) in items:
        a, e = _as_array(actual, name), _as_array(expected, name)
        atol = tol(a, e) if callable(tol) else tol
        _verify_close(a, e, atol, rtol, f"{name} [{label}]", hint=f"the tolerance: {why}")
        worst = max(worst, max_abs_diff(a, e) if a.size else 0.0)
        top = max(top, float(np.max(atol)) if np.size(atol) else 0.0)
    bound = f"atol up to {top:.2g}" if top else ""
    bound += (" + " if bound and rtol else "") + (f"rtol {rtol:.2g} x |expected|" if rtol else "")
    _ok(f"{name}: {len(items)} cases, worst max |diff| {worst:.2g}, each within {bound or 'atol 0'} ({why})")
    if record is not None:
        from labutils.record import record as _record

        _record(record, worst)


def equal(name: str, actual: Any, expected: Any, *, record: str | None = None) -> None:
    """One line of a check cell: ``actual`` and ``expected`` are exactly equal (same shape, every
    element; for results where no rounding can differ: integers, indices, a max, a copy).
    Prints ``✓ name: equal (shape ...)`` (for a scalar, its value); raises AssertionError naming the first difference.
    ``record`` records True under that name."""
    a, e = _as_array(actual, name), _as_array(expected, name)
    if a.shape != e.shape:
        raise AssertionError(f"{name}: shape mismatch\n  expected shape {e.shape}\n  actual shape   {a.shape}")
    same = (a == e) if a.dtype.kind not in "fc" else ((a == e) | (np.isnan(a) & np.isnan(e)))
    if not np.all(same):
        idx = np.unravel_index(int(np.argmin(np.asarray(same).reshape(-1))), a.shape) if a.ndim else ()
        raise AssertionError(f"{name}: not equal at index {tuple(int(i) for i in idx)}\n"
                             f"  expected {np.asarray(e[idx]).tolist()!r}\n  actual   {np.asarray(a[idx]).tolist()!r}\n"
                             f"  {int(np.sum(~same))} of {a.size} elements differ")
    _ok(f"{name}: equal ({a.tolist()!r}, exactly)" if a.ndim == 0 else f"{name}: equal (shape {a.shape}, exactly)")
    if record is not None:
        from labutils.record import record as _record

        _record(record, True)


def max_abs_diff(a: Any, b: Any) -> float:
    """The largest ``|a - b|`` over all elements (shapes must match); a measurement, not a check."""
    x, y = _as_array(a, "a"), _as_array(b, "b")
    if x.shape != y.shape:
        raise ValueError(f"a and b must have the same shape; got {x.shape} and {y.shape}")
    return float(np.max(np.abs(x.astype(np.float64) - y.astype(np.float64)))) if x.size else 0.0


def assert_shape(
    x: Any, shape: Sequence[int | None], *, name: str = "value", hint: str | None = None
) -> None:
    """Assert ``x.shape`` equals ``shape``; ``None`` in ``shape`` matches any size."""
    actual = tuple(_as_array(x, name).shape)
    want = tuple(shape)
    ok = len(actual) == len(want) and all(w is None or w == s for s, w in zip(actual, want))
    if not ok:
        raise AssertionError(
            f"{name}: wrong shape\n  expected {want}\n  actual   {actual}" + _hint(hint)
        )
    _ok(f"{name}: shape {actual}")


def assert_dtype(x: Any, dtype: Any, *, name: str = "value", hint: str | None = None) -> None:
    """Assert the dtype of ``x``. ``dtype`` may be a numpy dtype or a kind: 'float', 'int', 'bool'."""
    arr = _as_array(x, name)
    kinds = {"float": "f", "int": "iu", "bool": "b", "complex": "c"}
    if isinstance(dtype, str) and dtype in kinds:
        ok = arr.dtype.kind in kinds[dtype]
        want = f"any {dtype} dtype"
    else:
        ok = arr.dtype == np.dtype(dtype)
        want = str(np.dtype(dtype))
    if not ok:
        raise AssertionError(
            f"{name}: wrong dtype\n  expected {want}\n  actual   {arr.dtype}" + _hint(hint)
        )
    _ok(f"{name}: dtype {arr.dtype}")


_LOOPS = ("For", "AsyncFor", "While", "ListComp", "SetComp", "DictComp", "GeneratorExp")


def assert_no_loops(func: Callable[..., Any], *, name: str | None = None,
                    hint: str | None = None) -> None:
    """Assert that ``func``'s own source has no Python loop (``for``, ``while``, comprehension).

    For exercises whose specification says "vectorised" (04, 06, 11): reads the source with
    :mod:`inspect` (IPython keeps a cell's source, so functions defined in a notebook work) and
    walks its syntax tree. Helpers it calls are not inspected.
    """
    import ast
    import inspect
    import textwrap

    label = name or getattr(func, "__name__", "function")
    try:
        source = textwrap.dedent(inspect.getsource(inspect.unwrap(func)))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError) as exc:
        raise AssertionError(f"{label}: its source could not be read to check it for loops"
                             f" ({type(exc).__name__})" + _hint(hint)) from None
    loops = [n for n in ast.walk(tree) if type(n).__name__ in _LOOPS]
    if loops:
        first = min(loops, key=lambda n: n.lineno)
        line = source.splitlines()[first.lineno - 1].strip()
        raise AssertionError(
            f"{label}: a Python loop ({type(first).__name__}) at line {first.lineno} of its"
            f" source: {line!r}\n  vectorise it with array operations"
            + _hint(hint))
    _ok(f"{label}: no Python loop")


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, *, eps: float = 1e-6,
    indices: np.ndarray | None = None,
) -> np.ndarray:
    """Centred differences ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` in float64.

    The loop over coordinates is the method itself: each coordinate needs two evaluations of
    ``f``. ``indices`` (flat) limits it to a subset; other entries are NaN.
    """
    x = np.array(x, dtype=np.float64)  # a copy: f must not see our perturbations afterwards
    grad = np.full(x.size, np.nan)
    flat = x.reshape(-1)
    for i in (range(x.size) if indices is None else indices):
        old = flat[i]
        flat[i] = old + eps
        fp = float(f(x))
        flat[i] = old - eps
        fm = float(f(x))
        flat[i] = old
        grad[i] = (fp - fm) / (2 * eps)
    return grad.reshape(x.shape)


def _grad_errors(f, x, analytic, eps, max_coords, seed, name, hint):
    x64 = np.array(_as_array(x, "x"), dtype=np.float64)
    a = analytic(x64.copy()) if callable(analytic) else analytic
    a = np.asarray(_as_array(a, "analytic"), dtype=np.float64)
    if a.shape != x64.shape:
        raise AssertionError(
            f"{name}: analytic gradient has shape {a.shape} but x has shape {x64.shape}"
            + _hint(hint or "a gradient has the shape of what it is taken with respect to")
        )
    idx = np.arange(x64.size)
    if max_coords is not None and x64.size > max_coords:
        idx = np.sort(np.random.default_rng(seed).choice(x64.size, max_coords, replace=False))
    num = numerical_gradient(f, x64, eps=eps, indices=idx).reshape(-1)[idx]
    ana = a.reshape(-1)[idx]
    scale = max(np.linalg.norm(ana), np.linalg.norm(num), 1e-12)
    rel = float(np.linalg.norm(ana - num) / scale)
    return x64.shape, idx, num, ana, rel, scale


def gradient_rel_error(
    f: Callable[[np.ndarray], float], x: Any, analytic: Any, *, eps: float = 1e-6,
    max_coords: int | None = 2000, seed: int = 0,
) -> float:
    """The relative error ``||a - n|| / max(||a||, ||n||)`` between an analytic gradient ``a`` and
    centred finite differences ``n``, in float64; a measurement, not a check."""
    return _grad_errors(f, x, analytic, eps, max_coords, seed, "gradient", None)[4]


def gradcheck(
    f: Callable[[np.ndarray], float],
    x: Any,
    analytic: Any,
    *,
    eps: float = 1e-6,
    tol: float = 1e-6,
    max_coords: int | None = 2000,
    seed: int = 0,
    name: str = "gradient",
    hint: str | None = None,
) -> None:
    """Check an analytic gradient against centred finite differences, in float64.

    The criterion is the relative error of the whole gradient, ``||a - n|| / max(||a||, ||n||)``.
    (A coordinate-by-coordinate ratio would blow up on components near zero, where a finite
    difference is dominated by rounding, about ``1e-16 * |f| / eps``.) On failure the message
    names the coordinate with the largest disagreement.

    Args:
        f: scalar function of an array shaped like ``x``.
        x: the point.
        analytic: the gradient at ``x`` (array shaped like ``x``), or a callable ``g(x)``.
        eps: finite-difference step.
        tol: largest relative error accepted.
        max_coords: check at most this many coordinates (chosen at random with ``seed``).
    """
    shape, idx, num, ana, rel, scale = _grad_errors(f, x, analytic, eps, max_coords, seed, name, hint)
    if not rel <= tol:  # also catches NaN
        diff = np.abs(ana - num)
        worst = int(np.argmax(np.where(np.isnan(diff), np.inf, diff)))
        pos = np.unravel_index(int(idx[worst]), shape)
        n_bad = int(np.sum(~(diff <= tol * scale)))
        raise AssertionError(
            f"{name}: analytic and numerical gradients disagree, worst at index "
            f"{tuple(int(i) for i in pos)}\n"
            f"  numerical (expected) {float(num[worst])!r}\n  analytic  (actual)   {float(ana[worst])!r}\n"
            f"  relative error ||a - n|| / ||n|| = {rel:.3g} > tol {tol:g} ({n_bad} of {idx.size} "
            f"checked coordinates off by more than tol * ||n||)"
            + _hint(hint or "check each factor of the chain rule, and signs")
        )
    _ok(f"{name}: relative error {rel:.2e} over {idx.size} coordinates (tol {tol:g})")


# ----------------------------------------------------------------- tolerances from the arithmetic
def unit_roundoff(dtype: Any) -> float:
    """``u = eps / 2``: the largest relative error of one correctly rounded operation in ``dtype``
    (float16 4.9e-4, bfloat16 3.9e-3, float32 6.0e-8, float64 1.1e-16)."""
    name = getattr(dtype, "name", None) or str(dtype)
    if name in ("bfloat16", "tf.bfloat16"):
        return 2.0 ** -8
    try:
        dt = np.dtype(getattr(dtype, "as_numpy_dtype", dtype))
    except TypeError:
        raise ValueError(f"dtype must be a floating-point dtype (e.g. 'float32'); got {dtype!r}") from None
    if dt.kind != "f":
        raise ValueError(f"dtype must be a floating-point dtype (e.g. 'float32'); got {dt}")
    return float(np.finfo(dt).eps) / 2


def reduction_tolerance(dtype: Any, n: int, abs_sum: Any) -> Any:
    """How far apart two evaluations of the same sum of ``n`` terms may be when they add the terms
    in different orders (another kernel, blocking, device split or batch split).

    The rule is the classical worst-case bound for recursive summation (Higham, *Accuracy and
    Stability of Numerical Algorithms*, section 3.1): any order gives
    ``|computed - exact| <= gamma_n * sum_i |t_i|`` with ``gamma_n = n u / (1 - n u)`` and ``u`` the
    unit roundoff of ``dtype`` (:func:`unit_roundoff`); the ``n`` also covers rounding each term when
    the terms are products (a dot product). Two evaluations are each within that of the exact sum,
    so they are within ``2 gamma_n sum_i |t_i|`` of each other: the value returned. Blocked,
    pairwise and FMA-based kernels are all more accurate than this bound, so it holds for them too.

    Args:
        dtype: the precision the sums were computed in, e.g. ``"float32"``.
        n: the number of terms in each sum (the reduction length, e.g. the inner dimension).
        abs_sum: ``sum_i |t_i|``, a number or an array (one per output element).

    Returns:
        A float or an array shaped like ``abs_sum``.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive int (the number of terms summed); got {n!r}")
    u = unit_roundoff(dtype)
    if n * u >= 1:
        raise ValueError(f"n={n} terms in {dtype}: n * u >= 1, so no bound of this form exists")
    s = np.asarray(abs_sum, np.float64)
    if np.any(s < 0) or np.any(np.isnan(s)):
        raise ValueError("abs_sum must be non-negative: it is a sum of absolute values")
    tol = 2 * (n * u / (1 - n * u)) * s
    return float(tol) if tol.ndim == 0 else tol


def matmul_tolerance(a: Any, b: Any, dtype: Any = None) -> np.ndarray:
    """The element-wise :func:`reduction_tolerance` for ``a @ b`` computed twice in ``dtype``
    (default: the dtype of ``a``): ``2 gamma_k (|a| @ |b|)`` with ``k`` the inner dimension."""
    x, y = np.asarray(_as_array(a, "a"), np.float64), np.asarray(_as_array(b, "b"), np.float64)
    if x.ndim < 1 or y.ndim < 1 or x.shape[-1] != (y.shape[-2] if y.ndim > 1 else y.shape[0]):
        raise ValueError(f"a and b must be matrix-multipliable; got shapes {x.shape} and {y.shape}")
    dtype = _as_array(a, "a").dtype if dtype is None else dtype
    return reduction_tolerance(dtype, int(x.shape[-1]), np.abs(x) @ np.abs(y))


def forward_error_bound(model: Any, x: Any, dtype: Any = "float32") -> np.ndarray:
    """An element-wise bound on how far two evaluations of ``model(x)`` in ``dtype`` may differ when
    each layer's sums are computed in another order (a reloaded SavedModel, a TFLite conversion,
    another device or kernel).

    ``model`` is a Keras ``Sequential`` model, a model whose ``layers`` apply one after the other,
    or a list of layers, built from ``Dense``, ``Conv2D``, pooling (max), ``Flatten``/``Reshape``, ``Dropout`` and
    ``InputLayer``, with linear or ReLU activations. It runs the model in float64 alongside an error
    vector ``e``: a Dense or Conv2D layer with fan-in ``n`` maps ``e`` to
    ``|W| * e + 2 gamma_n (|W| * |a| + |b|)`` (:func:`reduction_tolerance` of its own sums plus the
    propagated error; ``*`` is the layer's own product), ReLU and max-pooling are 1-Lipschitz in
    each element so ``e`` passes through (pooling takes the window's largest ``e``); sigmoid (1/4)
    and tanh (1) scale ``e`` by their Lipschitz constant and add their own rounding (``16 u |output|``
    on each side; TensorFlow's float32 kernels were measured at up to 8.4 u). The bound is
    first-order: terms of order ``u^2`` are left out. It covers float32 kernels that sum in any
    order; not algorithms that compute something else, such as the Winograd or FFT convolutions a
    GPU library may pick. Used by notebooks 01, 05, 06, 07 and 10.

    Returns:
        float64 array shaped like the model's output.
    """
    x = np.asarray(_as_array(x, "x"), np.float64)
    layers = model.layers if hasattr(model, "layers") else list(model)
    if len(x) > 512:  # float64 copies of every activation: a slice at a time keeps memory small
        return np.concatenate([_forward_error_bound(layers, x[i:i + 512], dtype) for i in range(0, len(x), 512)])
    return _forward_error_bound(layers, x, dtype)


def _forward_error_bound(layers: list, x: np.ndarray, dtype: Any) -> np.ndarray:
    import tensorflow as tf

    a = tf.constant(x)
    e = tf.zeros_like(a)
    for layer in layers:
        kind = type(layer).__name__
        if kind in ("InputLayer", "Dropout", "Flatten", "Reshape"):
            if kind in ("Flatten", "Reshape"):
                shape = (-1, *layer.compute_output_shape((None, *a.shape[1:]))[1:])
                a, e = tf.reshape(a, shape), tf.reshape(e, shape)
            continue
        if kind in ("MaxPooling2D", "MaxPooling1D"):
            pool = tf.nn.max_pool2d if kind == "MaxPooling2D" else tf.nn.max_pool1d
            args = dict(ksize=layer.pool_size, strides=layer.strides, padding=layer.padding.upper())
            a, e = pool(a, **args), pool(e, **args)
            continue
        act = getattr(getattr(layer, "activation", None), "__name__", None)
        if kind not in ("Dense", "Conv2D") or act not in _LIPSCHITZ:
            raise ValueError(f"forward_error_bound supports Dense/Conv2D with {sorted(_LIPSCHITZ)} activations, "
                             f"pooling, Flatten and Dropout; got layer {layer.name!r} ({kind}, activation {act})")
        w = tf.constant(np.asarray(layer.kernel.numpy(), np.float64))
        bias = (tf.constant(np.asarray(layer.bias.numpy(), np.float64)) if layer.use_bias
                else tf.zeros(w.shape[-1], tf.float64))
        if kind == "Dense":
            n = int(w.shape[0])
            op = lambda t, k: tf.tensordot(t, k, axes=1)  # noqa: E731
        else:
            if layer.data_format != "channels_last" or tuple(layer.dilation_rate) != (1, 1) or layer.groups != 1:
                raise ValueError(f"forward_error_bound: Conv2D {layer.name!r} must be channels_last, undilated, ungrouped")
            n = int(np.prod(w.shape[:3]))
            op = lambda t, k: tf.nn.conv2d(t, k, strides=layer.strides, padding=layer.padding.upper())  # noqa: E731
        abs_w = tf.abs(w)
        # the float32 inputs are within e/2 of the exact ones: |a| + e/2 bounds their size
        own = reduction_tolerance(dtype, n + 1, (op(tf.abs(a) + e / 2, abs_w) + tf.abs(bias)).numpy())  # +1: the bias
        e = op(e, abs_w) + own
        a = op(a, w) + bias
        if act != "linear":
            a = {"relu": tf.nn.relu, "sigmoid": tf.sigmoid, "tanh": tf.tanh}[act](a)
            # the activation's own error: TensorFlow's float32 sigmoid and tanh kernels were measured
            # at up to 8.4 u and 5.5 u relative error; 16 u on each side leaves room for other kernels
            own_act = 0.0 if act == "relu" else 2 * 16 * unit_roundoff(dtype) * (tf.abs(a) + e / 2)
            e = _LIPSCHITZ[act] * e + own_act
    return e.numpy()


def gradient_tolerance(model: Any, x: Any, dlogits: Any, dtype: Any = "float32") -> list[np.ndarray]:
    """How far apart two float32 evaluations of the gradient of a batch's loss may be, element-wise,
    for each of ``model.trainable_variables`` (kernel, bias, kernel, bias, ...), when they sum in
    different orders (another device split of the batch, another kernel, a tape vs ``fit``).

    ``model`` is a ``Sequential`` stack of ``Dense`` layers with linear or ReLU activations (``Dropout``
    and ``InputLayer`` are skipped); ``dlogits`` is the gradient of the loss with respect to the
    logits, one row per example (for a mean loss, ``(softmax(z) - onehot(y)) / B``).

    Each gradient element is a sum whose rounding errors scale with the absolute values of what
    goes into it, not with the gradient itself (a ReLU network's backward pass cancels a lot). So
    the terms' sizes come from a backward pass in absolute values, in float64:
    ``|d_{l-1}| = (|d_l| |W_l|^T) * 1[z_{l-1} > 0]``, kernel ``|a_{l-1}|^T |d_l|``, bias ``sum_i |d_l|``.
    Every quantity on the way comes out of sums too: the batch (``B`` terms), each forward layer
    (``fan_in + 1``), the softmax normaliser (``C``) and each backward product (``fan_out``); their
    counts add up to ``n``, and the tolerance is :func:`reduction_tolerance` of ``n`` and those sizes
    (first order). Not covered: a ReLU whose input is within rounding of 0 (the two evaluations may
    then disagree on whether it is active; for real-valued data this is rare). Used by notebooks 05
    and 10.
    """
    xs = np.asarray(_as_array(x, "x"), np.float64)
    d = np.abs(np.asarray(_as_array(dlogits, "dlogits"), np.float64))
    dense = [l for l in model.layers if type(l).__name__ not in ("InputLayer", "Dropout")]
    for l in dense:
        act = getattr(getattr(l, "activation", None), "__name__", None)
        if type(l).__name__ != "Dense" or act not in ("linear", "relu"):
            raise ValueError(f"gradient_tolerance supports a stack of Dense layers with linear or relu "
                             f"activations; got layer {l.name!r} ({type(l).__name__}, activation {act})")
    if d.shape != (len(xs), dense[-1].units):
        raise ValueError(f"dlogits must have shape {(len(xs), dense[-1].units)} (examples, logits); got {d.shape}")
    kernels = [np.asarray(l.kernel.numpy(), np.float64) for l in dense]
    relu = [l.activation.__name__ == "relu" for l in dense]
    acts, active = [xs], []
    for l, w, r in zip(dense, kernels, relu):  # the forward pass in float64
        z = acts[-1] @ w + np.asarray(l.bias.numpy(), np.float64)
        active.append(z > 0 if r else np.ones_like(z, dtype=bool))
        acts.append(np.where(active[-1], z, 0.0))
    d = d * active[-1]  # (a ReLU on the output layer passes only the active logits' gradient)
    n = len(xs) + dense[-1].units + sum(w.shape[0] + 1 + w.shape[1] for w in kernels)
    sizes: list[np.ndarray] = []
    for k in range(len(dense) - 1, -1, -1):  # the backward pass in absolute values
        sizes = [np.abs(acts[k]).T @ d, d.sum(axis=0)] + sizes
        if k:
            d = (d @ np.abs(kernels[k]).T) * active[k - 1]
    return [reduction_tolerance(dtype, n, t) for t in sizes]


def attention_tolerance(score_tol: Any, scores: Any, weights: Any, values: Any,
                        dtype: Any = "float32") -> tuple[np.ndarray, np.ndarray]:
    """How far apart two evaluations of attention in ``dtype`` may be, element-wise, given how
    far apart their scores may be: ``(weights_tol, output_tol)``, shaped like the weights
    ``(..., Tq, Tk)`` and the output ``(..., Tq, dv)``.

    Attention is ``weights = softmax(scores)`` over the last axis (masked keys have weight 0 in
    both) and ``output = weights @ values``. ``score_tol`` bounds the scores' difference (for a
    dot product :func:`matmul_tolerance`; for additive scores the rounding of ``q + k``, of
    ``tanh`` and of the weighted sum). To first order, a change ``ds`` of the scores changes
    weight ``j`` by ``w_j (ds_j - sum_k w_k ds_k)``, at most ``w_j (ds_j + max_k ds_k)``; each
    evaluation adds its own rounding of the softmax: the subtraction of the largest score
    (``u |s_j - max|`` in the exponent), ``exp`` (16 ``u``, as :func:`forward_error_bound` allows
    for TensorFlow's float32 kernels), the sum of ``Tk`` terms (``gamma_Tk``) and the division
    (``u``). The output then differs by ``weights_tol @ |values|`` plus the rounding of its own
    ``Tk``-term sum (:func:`reduction_tolerance`). First order: terms in ``u^2`` are left out.
    Used by notebook 16 (additive and dot-product attention against Keras' layers).
    """
    u = unit_roundoff(dtype)
    s = np.asarray(_as_array(scores, "scores"), np.float64)
    w = np.asarray(_as_array(weights, "weights"), np.float64)
    v = np.asarray(_as_array(values, "values"), np.float64)
    if s.shape != w.shape:
        raise ValueError(f"scores and weights must have the same shape; got {s.shape} and {w.shape}")
    n = int(s.shape[-1])
    valid = w > 0  # masked keys: weight exactly 0 in both evaluations
    ds = np.where(valid, np.broadcast_to(np.asarray(score_tol, np.float64), s.shape), 0.0)
    top = np.where(valid, s, -np.inf).max(axis=-1, keepdims=True)
    gap = np.abs(np.where(valid, s - np.where(np.isfinite(top), top, 0.0), 0.0))
    gamma = n * u / (1 - n * u)
    own = 2 * (u * gap + 17 * u + gamma)  # both evaluations' softmax rounding
    weights_tol = w * (ds + ds.max(axis=-1, keepdims=True) + own)
    output_tol = weights_tol @ np.abs(v) + reduction_tolerance(dtype, n, w @ np.abs(v))
    return weights_tol, output_tol


#: Activations forward_error_bound can follow, with their Lipschitz constants.
_LIPSCHITZ = {"linear": 1.0, "relu": 1.0, "sigmoid": 0.25, "tanh": 1.0}
