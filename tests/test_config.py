import numpy as np
import pytest

import labutils
from labutils import config


def test_setup_returns_config_sized_by_mode(capsys):
    smoke = labutils.setup("smoke", seed=3)
    full = labutils.setup("full", seed=3, quiet=True)
    assert smoke.mode == "smoke" and smoke.smoke and not full.smoke
    assert smoke.epochs < full.epochs
    assert smoke.n_train is not None and full.n_train is None  # full: all the data
    assert smoke.pick(smoke=1, full=2) == 1 and full.pick(smoke=1, full=2) == 2
    banner = capsys.readouterr().out
    assert "mode=smoke" in banner and "TensorFlow" in banner and "Keras" in banner
    assert "LABUTILS_OFFLINE=1" in banner  # tests run offline, and the banner says so
    assert str(smoke.data_dir) in banner


def test_setup_seeds_numpy_and_tensorflow():
    import tensorflow as tf

    labutils.setup("smoke", seed=7, quiet=True)
    a = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    labutils.setup("smoke", seed=7, quiet=True)
    b = (np.random.rand(3), tf.random.uniform((3,)).numpy())
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize("mode", ["fast", "", None, 3, "SMOKE!"])
def test_bad_mode_lists_choices(mode):
    with pytest.raises(ValueError, match=r"mode must be one of \['smoke', 'full'\]"):
        labutils.setup(mode, quiet=True)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed(seed):
    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        labutils.setup("smoke", seed=seed, quiet=True)


def test_setup_is_idempotent():
    for _ in range(2):
        cfg = labutils.setup("full", seed=0, quiet=True)
    assert cfg.device


def test_data_dir_honours_env(fresh_cache):
    cfg = labutils.setup("smoke", quiet=True)
    assert cfg.data_dir == fresh_cache.resolve() and fresh_cache.is_dir()
    assert "offline" in config.banner(cfg)


def test_labutils_mode_env_overrides(monkeypatch):
    monkeypatch.setenv("LABUTILS_MODE", "smoke")
    assert labutils.setup("full", quiet=True).mode == "smoke"
    monkeypatch.setenv("LABUTILS_MODE", "turbo")
    with pytest.raises(ValueError, match=r"LABUTILS_MODE must be one of \['smoke', 'full'\]; got 'turbo'"):
        labutils.setup("full", quiet=True)


def test_output_dir_is_under_build(monkeypatch, tmp_path):
    monkeypatch.delenv("LABUTILS_BUILD_DIR", raising=False)
    path = labutils.output_dir("unit_test_artifacts")
    assert path.is_dir() and path.parent.name == "build"
    with pytest.raises(ValueError, match="simple folder name"):
        labutils.output_dir("../escape")


def test_tf32_is_turned_off_when_a_gpu_is_present(monkeypatch, capsys):
    """No GPU here, so a fake one: setup must turn TF32 off and the banner must say so."""
    import tensorflow as tf

    from labutils import config

    calls = []
    fake = tf.config.PhysicalDevice(name="/physical_device:GPU:0", device_type="GPU")
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: [fake] if kind == "GPU" else [])
    monkeypatch.setattr(tf.config.experimental, "set_memory_growth", lambda dev, on: None)
    monkeypatch.setattr(tf.config.experimental, "enable_tensor_float_32_execution", lambda on: calls.append(on))
    cfg = config.setup("smoke")
    assert calls == [False]
    assert "TF32 turned off" in cfg.device and "TF32 turned off" in capsys.readouterr().out


def test_output_dir_honours_labutils_build_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("LABUTILS_BUILD_DIR", str(tmp_path / "elsewhere"))
    assert labutils.output_dir("nb") == tmp_path / "elsewhere" / "nb" and (tmp_path / "elsewhere" / "nb").is_dir()
