"""``setup``: the first call of every notebook (00-13).

It validates the mode, seeds every random generator, sets the plot style, lets TensorFlow
grow GPU memory instead of grabbing it all, turns TF32 off on GPUs (so float32 is float32 and the
course's float32 comparisons hold), prints one banner and returns a :class:`Config`
whose fields size the notebook for the mode.
"""
from __future__ import annotations

import os
import platform
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

# Quiet TensorFlow's C++ start-up chatter (CUDA stubs etc.) before TensorFlow is imported:
# it goes to stderr, and nbgrader scores a graded cell with stderr output as zero.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from labutils import _env  # noqa: E402

MODES: tuple[str, ...] = ("smoke", "full")

T = TypeVar("T")

#: Default sizes per mode. Notebooks override them with ``cfg.pick(smoke=..., full=...)``.
_DEFAULTS: dict[str, dict[str, Any]] = {
    "smoke": {"n_train": 1_000, "n_test": 500, "epochs": 1, "batch_size": 64},
    "full": {"n_train": None, "n_test": None, "epochs": 10, "batch_size": 128},
}


@dataclass(frozen=True)
class Config:
    """What a notebook needs to know about the run it is part of.

    ``n_train`` / ``n_test`` of ``None`` mean "all the data there is".
    """

    mode: str
    seed: int
    n_train: int | None
    n_test: int | None
    epochs: int
    batch_size: int
    data_dir: Path
    offline: bool
    device: str
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def smoke(self) -> bool:
        """True in smoke mode (CI): tiny data, proves the code, not the accuracy."""
        return self.mode == "smoke"

    def pick(self, *, smoke: T, full: T) -> T:
        """Return ``smoke`` or ``full`` according to the mode, e.g. ``cfg.pick(smoke=1, full=20)``."""
        return smoke if self.smoke else full


def _check_mode(mode: str) -> str:
    if not isinstance(mode, str) or mode.strip().lower() not in MODES:
        raise ValueError(f"mode must be one of {list(MODES)}; got {mode!r}")
    return mode.strip().lower()


def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int; got {seed!r}")
    return seed


def plot_style() -> None:
    """A clean, readable matplotlib style shared by every figure of the course."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.frameon": False,
            "image.cmap": "viridis",
        }
    )


def _devices() -> str:
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:
            pass  # already initialised (setup called twice): growth was set the first time
    if gpus:
        # TensorFlow runs float32 matmuls and convolutions in TF32 (10-bit mantissa) on Ampere and
        # later GPUs by default; float32 comparisons in the course assume real float32 arithmetic.
        tf.config.experimental.enable_tensor_float_32_execution(False)
        return f"GPU x{len(gpus)} ({', '.join(g.name for g in gpus)}; TF32 turned off: float32 is float32)"
    return f"CPU only ({os.cpu_count()} cores)"


_CURRENT_MODE: str | None = None


def current_mode() -> str | None:
    """The mode of the last :func:`setup` in this process (None before any)."""
    return _CURRENT_MODE


def setup(mode: str = "full", seed: int = 0, *, quiet: bool = False) -> Config:
    """Prepare a notebook run and return its :class:`Config`.

    Args:
        mode: ``"smoke"`` (CI: tiny data, seconds) or ``"full"`` (what a learner runs). The
            environment variable ``LABUTILS_MODE``, when set, takes precedence (notebooks size
            themselves from the returned config, so this switches the whole notebook).
        seed: seeds Python's ``random``, numpy and TensorFlow via ``keras.utils.set_random_seed``.
        quiet: skip the banner (used by tests).

    Raises:
        ValueError: naming the argument and the valid choices.
    """
    mode = _check_mode(mode)
    override = os.environ.get("LABUTILS_MODE")
    if override:  # e.g. LABUTILS_MODE=smoke for nbgrader's autograde, which cannot inject parameters
        try:
            mode = _check_mode(override)
        except ValueError:
            raise ValueError(f"LABUTILS_MODE must be one of {list(MODES)}; got {override!r}") from None
    seed = _check_seed(seed)
    global _CURRENT_MODE
    _CURRENT_MODE = mode

    import keras
    import numpy as np
    import tensorflow as tf

    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)
    plot_style()
    from labutils.tables import display_options

    display_options()
    device = _devices()
    offline = _env.offline_forced() or not _env.network_reachable()
    defaults = _DEFAULTS[mode]
    cfg = Config(
        mode=mode,
        seed=seed,
        data_dir=_env.data_dir(),
        offline=offline,
        device=device,
        versions={
            "python": platform.python_version(),
            "tensorflow": tf.__version__,
            "keras": keras.__version__,
            "numpy": np.__version__,
        },
        **defaults,
    )
    if not quiet:
        print(banner(cfg))
    return cfg


def output_dir(name: str) -> Path:
    """A folder for a notebook's artefacts (checkpoints, logs, exported models): ``build/<name>``
    at the top of the repository (or of the working directory when labutils is installed
    elsewhere), or ``$LABUTILS_BUILD_DIR/<name>`` when that is set (the tests use it so that two
    executions of one notebook never share a folder). Created if missing; never committed
    (``build/`` is ignored by git). When that folder cannot be written (a course installed
    read-only, as on a shared JupyterHub), the artefacts go to ``<user data folder>/build/<name>``
    instead, and a line says so."""
    if not name or not all(c.isalnum() or c in "-_." for c in name):
        raise ValueError(f"name must be a simple folder name like '05_keras_fundamentals'; got {name!r}")
    env = os.environ.get("LABUTILS_BUILD_DIR")  # the tests give each execution its own folder
    root = Path(__file__).resolve().parent.parent
    base = Path(env).expanduser() if env else (root if (root / "notebooks").is_dir() else Path.cwd()) / "build"
    path = base / name
    if _env.writable(path):
        return path
    fallback = _env.user_data_dir() / "build" / name
    if not _env.writable(fallback):
        raise PermissionError(f"neither {path} nor {fallback} can be written; set LABUTILS_BUILD_DIR "
                              "to a folder you can write")
    print(f"note: {path} cannot be written; artefacts go to {fallback}")
    return fallback


def banner(cfg: Config) -> str:
    """The one-paragraph banner ``setup`` prints."""
    if _env.offline_forced():
        net = "offline (LABUTILS_OFFLINE=1): datasets are deterministic stand-ins"
    elif cfg.offline:
        net = "offline (dataset host unreachable): datasets fall back to stand-ins"
    else:
        net = "online: real datasets are downloaded once into the cache"
    v = cfg.versions
    return (
        f"labutils | mode={cfg.mode} seed={cfg.seed} | TensorFlow {v['tensorflow']}, "
        f"Keras {v['keras']}, Python {v['python']} | {cfg.device}\n"
        f"data dir: {_env.describe_dirs()} | {net}"
    )
