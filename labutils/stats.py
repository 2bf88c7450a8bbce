"""Is a difference real? The paired bootstrap (notebooks 06, 08, 09 and 11).

Two models answer the *same* test examples, so their accuracies are compared on the same
resamples of those examples: the difference's interval is then much narrower than two separate
intervals suggest. Notebook 09 derives and explains it; the others use it from here.
"""
from __future__ import annotations

from typing import Any

import numpy as np


def _correct(x: Any, arg: str) -> np.ndarray:
    a = np.asarray(x)
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{arg} must hold booleans (True where a model is right); got dtype {a.dtype}")
    return a.astype(np.float64)


def bootstrap_accuracies(correct: Any, n_boot: int = 2_000, seed: int = 0) -> np.ndarray:
    """``correct``: (models, n) booleans, every model on the same n examples. Returns the
    accuracies (models, n_boot) of ``n_boot`` resamples of the examples, the same resample for
    every model."""
    c = _correct(correct, "correct")
    if c.ndim != 2 or c.shape[1] < 1:
        raise ValueError(f"correct must have shape (models, n); got {c.shape}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive int; got {n_boot!r}")
    idx = np.random.default_rng(seed).integers(0, c.shape[1], (n_boot, c.shape[1]), dtype=np.int32)
    return c[:, idx].mean(axis=2)


def paired_difference(correct_a: Any, correct_b: Any, n_boot: int = 2_000, seed: int = 0,
                      level: float = 0.95) -> tuple[float, float, float]:
    """Accuracy of a minus accuracy of b on the same examples, with its paired-bootstrap interval:
    ``(difference, low, high)`` at ``level`` (default 95%)."""
    a, b = _correct(correct_a, "correct_a"), _correct(correct_b, "correct_b")
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"correct_a and correct_b must be 1-D and of one length; got {a.shape} and {b.shape}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1; got {level!r}")
    boot = bootstrap_accuracies(np.stack([a, b]), n_boot, seed)
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(boot[0] - boot[1], [tail, 100 - tail])
    return float(a.mean() - b.mean()), float(lo), float(hi)


def verdict(low: float, high: float, a: str = "A", b: str = "B") -> str:
    """'A beats B' only when the interval excludes 0."""
    return f"{a} beats {b}" if low > 0 else (f"{b} beats {a}" if high < 0 else "within noise")
