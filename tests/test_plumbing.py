"""The plumbing the notebooks share: timing, the paired bootstrap, tables, dtype policies, and the
one-line checks of check cells (each can fail)."""
import numpy as np
import pytest

from labutils import checks, precision, stats, tables, timing


def test_best_time_takes_the_fastest_after_warmup():
    calls = []
    t = timing.best_time(lambda: calls.append(1), repeat=3, warmup=2)
    assert len(calls) == 5 and 0 <= t < 0.1
    with pytest.raises(ValueError, match="repeat must be an int >= 1"):
        timing.best_time(lambda: None, repeat=0)
    with pytest.raises(TypeError, match="fn must be a function"):
        timing.best_time(3)


def test_stopwatch_and_blas_threads():
    import time

    with timing.stopwatch() as t:
        time.sleep(0.02)
    assert 0.015 < t.seconds < 1
    with timing.blas_threads(1):
        from threadpoolctl import threadpool_info

        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")
    with pytest.raises(ValueError, match="n must be a positive int"):
        with timing.blas_threads(0):
            pass


def test_paired_bootstrap():
    rng = np.random.default_rng(0)
    a = rng.random(2000) < 0.8
    d, lo, hi = stats.paired_difference(a, a)
    assert d == lo == hi == 0.0  # a model against itself: no difference on any resample
    b = a.copy()
    b[:200] = ~b[:200]  # b flips 200 answers
    d, lo, hi = stats.paired_difference(a, b, seed=1)
    assert lo <= d <= hi and stats.verdict(lo, hi) != "within noise"
    boot = stats.bootstrap_accuracies(np.stack([a, b]), n_boot=50)
    assert boot.shape == (2, 50)
    with pytest.raises(ValueError, match="one length"):
        stats.paired_difference(a, b[:-1])
    with pytest.raises(TypeError, match="must hold booleans"):
        stats.paired_difference(np.array(["x"]), np.array(["y"]))


def test_table():
    df = tables.table({"SGD": {"acc": 0.9, "s": 3}, "Adam": {"acc": 0.95, "s": 4}})
    assert list(df.index) == ["SGD", "Adam"] and list(df.columns) == ["acc", "s"]
    df = tables.table([{"name": "a", "x": 1}, {"name": "b", "x": 2}], index="name")
    assert df.loc["b", "x"] == 2
    with pytest.raises(ValueError, match="index 'nope' is not a column"):
        tables.table([{"a": 1}], index="nope")
    with pytest.raises(TypeError, match="rows must be"):
        tables.table("text")


def test_dtype_policy_restores_the_previous_one():
    import keras

    before = keras.config.dtype_policy().name
    with precision.dtype_policy("float64"):
        layer = keras.layers.Dense(3)
    assert layer.dtype_policy.name == "float64" and keras.config.dtype_policy().name == before
    with pytest.raises(ValueError, match="policy must be a Keras dtype policy"):
        with precision.dtype_policy("float65"):
            pass
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    twin = precision.copy_in(model, "float64", lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)]))
    assert twin.layers[0].kernel.dtype == "float64"
    np.testing.assert_array_equal(twin.layers[0].kernel.numpy(), model.layers[0].kernel.numpy().astype(np.float64))


def test_one_line_checks_say_what_and_within_which_tolerance(capsys):
    checks.close("ours vs tf", np.ones(3), np.ones(3) + 1e-9, atol=1e-8, why="float64 rounding")
    out = capsys.readouterr().out
    assert out.startswith("✓ ours vs tf: max |diff| 1e-09, within atol 1e-08 (float64 rounding)")
    checks.close_all("conv", {"k=3": (np.ones(2), np.ones(2)), "k=5": (np.zeros(2), np.full(2, 1e-7))},
                     tol=lambda a, e: np.full(e.shape, 1e-6), why="float32")
    assert "conv: 2 cases, worst max |diff| 1e-07, each within atol up to 1e-06 (float32)" in capsys.readouterr().out
    checks.equal("indices", np.arange(4), np.arange(4))
    assert "✓ indices: equal (shape (4,), exactly)" in capsys.readouterr().out
    checks.equal("count", 804, np.int64(804))  # a scalar shows its value, not a shape ()
    assert "✓ count: equal (804, exactly)" in capsys.readouterr().out


def test_one_line_checks_can_fail():
    with pytest.raises(AssertionError, match="values differ"):
        checks.close("x", np.ones(3), np.ones(3) + 1e-3, atol=1e-8, why="float64")
    with pytest.raises(AssertionError, match=r"conv \[k=5\]"):
        checks.close_all("conv", {"k=3": (np.ones(2), np.ones(2)), "k=5": (np.zeros(2), np.ones(2))},
                         tol=1e-6, why="float32")
    with pytest.raises(AssertionError, match="not equal at index"):
        checks.equal("i", np.arange(3), np.array([0, 1, 3]))
    with pytest.raises(AssertionError, match="shape mismatch"):
        checks.close("x", np.ones(3), np.ones((3, 1)), atol=1, why="w")
    with pytest.raises(ValueError, match="why must say"):
        checks.close("x", 1.0, 1.0, atol=0, why="")


def test_a_check_can_record(capsys, monkeypatch):
    import importlib

    rec = importlib.import_module("labutils.record")
    monkeypatch.setattr(rec, "_RECORDED", {})
    checks.close("x", 1.0, 1.0 + 1e-12, atol=1e-9, why="float64", record="x_max_abs_diff")
    assert rec.recorded()["x_max_abs_diff"] == pytest.approx(1e-12, rel=1e-3)


def test_forward_flops_counts_dense_conv_and_recurrent_layers():
    import keras

    from labutils import perf

    mlp = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256), keras.layers.Dense(10)])
    assert perf.forward_flops(mlp) == 2 * (784 * 256 + 256 * 10)
    cnn = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(),
                            keras.layers.Dense(2)])
    assert perf.forward_flops(cnn) == 2 * (3 * 3 * 3 * 4 * 6 * 6) + 2 * (6 * 6 * 4 * 2)
    rnn = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(7)])
    assert perf.forward_flops(rnn) == 2 * 4 * (3 + 7) * 7 * 5
    odd = keras.Sequential([keras.Input((4,)), keras.layers.UnitNormalization()])
    with pytest.raises(ValueError, match="does not count layer"):
        perf.forward_flops(odd)


def test_mfu_and_matmul_rate():
    from labutils import perf

    assert perf.mfu(2e9, 1.0, 4e9) == 0.5
    with pytest.raises(ValueError, match="seconds must be a positive number"):
        perf.mfu(1.0, 0.0, 1.0)
    assert perf.matmul_rate(64, repeat=2) > 1e6


def test_simulated_data_is_course_authored_and_can_be_claimed_about(capsys):
    from labutils import claims, datasets

    datasets.simulated("toy_simulation", "100 normal draws")
    assert datasets.sources()["toy_simulation"] == "course-authored"
    assert "[COURSE-AUTHORED DATA] toy_simulation: simulated in this notebook" in capsys.readouterr().out
    claims.claim("a fact about the toy draws", True, "e", kind="course-data", data="toy_simulation")
    with pytest.raises(AssertionError, match="claim does not hold"):  # course-authored: it raises
        claims.claim("a false fact", False, "e", kind="course-data", data="toy_simulation")
    for bad in ("", "two words", 3):
        with pytest.raises(ValueError, match="name must be an identifier"):
            datasets.simulated(bad, "x")
    with pytest.raises(ValueError, match="how must say"):
        datasets.simulated("toy_simulation", " ")


def test_attention_tolerance_bounds_float32_against_exact_and_is_not_loose():
    """Two float32 evaluations of masked dot-product attention (numpy here, float64 as the exact
    one) stay within the bound; the bound is zero where a key is masked; it is a few hundred u,
    not a guess."""
    from labutils import checks

    rng = np.random.default_rng(16)
    q, k, v = (rng.normal(size=(3, 4, 8)).astype(np.float32) for _ in range(3))
    mask = np.arange(4)[None, None, :] < np.array([4, 2, 1])[:, None, None]

    def attend(dtype):
        s = (q.astype(dtype) @ np.swapaxes(k.astype(dtype), -1, -2))
        s = np.where(mask, s, -np.inf)
        w = np.exp(s - s.max(-1, keepdims=True))
        w = w / w.sum(-1, keepdims=True)
        return s, w, w @ v.astype(dtype)

    s32, w32, o32 = attend(np.float32)
    s64, w64, o64 = attend(np.float64)
    w_tol, o_tol = checks.attention_tolerance(checks.matmul_tolerance(q, np.swapaxes(k, -1, -2)),
                                              s64, w64, v)
    assert w_tol.shape == w64.shape and o_tol.shape == o64.shape
    assert np.all(np.abs(w32 - w64) <= w_tol) and np.all(np.abs(o32 - o64) <= o_tol)
    assert np.all(w_tol[~np.broadcast_to(mask, w_tol.shape)] == 0)
    assert o_tol.max() < 1e-4 and w_tol.max() > 0
    with pytest.raises(ValueError, match="same shape"):
        checks.attention_tolerance(0.0, s64, w64[:, :2], v)
