"""Timing, measured the same way everywhere (notebooks 01, 04-07, 10, 14, 15).

``best_time`` is what a speed comparison needs: warm-up calls first (tracing, caches, the first
allocation), then the fastest of several repeats, which is the least disturbed by other work on
the machine. ``stopwatch`` times a block once (a training run). ``blas_threads(1)`` pins numpy's
BLAS to one thread, so that two numpy implementations are compared on equal terms.

Timings are reported, never enforced by a test: a claim about speed is checked in full runs only
(``needs_full=True``), because a busy CPU would fail it for no fault of the code.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator


def best_time(fn: Callable[[], Any], *, repeat: int = 5, warmup: int = 1) -> float:
    """The fastest of ``repeat`` timed calls of ``fn()``, in seconds, after ``warmup`` untimed ones.

    ``fn`` must finish its work before returning (call ``.numpy()`` on a TensorFlow result)."""
    for arg, v, lo in (("repeat", repeat, 1), ("warmup", warmup, 0)):
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise ValueError(f"{arg} must be an int >= {lo}; got {v!r}")
    if not callable(fn):
        raise TypeError(f"fn must be a function of no arguments; got {type(fn).__name__}")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):  # the loop is the measurement: one timed call per repeat
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


@dataclass
class Elapsed:
    """What :func:`stopwatch` measured: ``seconds`` of wall time (set when the block ends)."""

    seconds: float = 0.0


@contextlib.contextmanager
def stopwatch() -> Iterator[Elapsed]:
    """``with stopwatch() as t: model.fit(...)`` then ``t.seconds``."""
    t = Elapsed()
    t0 = time.perf_counter()
    try:
        yield t
    finally:
        t.seconds = time.perf_counter() - t0


@contextlib.contextmanager
def blas_threads(n: int = 1) -> Iterator[None]:
    """numpy's BLAS (and OpenMP) limited to ``n`` threads inside the block (threadpoolctl)."""
    from threadpoolctl import threadpool_limits

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive int; got {n!r}")
    with threadpool_limits(limits=n):
        yield
