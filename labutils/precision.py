"""Keras layers in another precision without dtype plumbing (notebooks 08, 10, 14, 17).

Checks compare a float32 model with a float64 copy of it (rounding then cannot hide a bug). A
Keras 3 layer takes its dtype policy from the global one when it is built without ``dtype=``, so
creating the copy inside ``with dtype_policy("float64"):`` makes every sublayer float64, and the
layer classes need no ``dtype=self.dtype_policy`` on each sublayer.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator


@contextlib.contextmanager
def dtype_policy(policy: str) -> Iterator[None]:
    """Layers created inside the block use ``policy`` ("float64", "mixed_float16", ...); the
    previous global policy is restored afterwards, also on an error."""
    import keras

    before = keras.config.dtype_policy()
    try:
        keras.config.set_dtype_policy(policy)
    except ValueError:
        raise ValueError(f"policy must be a Keras dtype policy name such as 'float64' or "
                         f"'mixed_float16'; got {policy!r}") from None
    try:
        yield
    finally:
        keras.config.set_dtype_policy(before)


def copy_in(model: Any, policy: str, build: Any) -> Any:
    """A copy of ``model`` in ``policy``: ``build()`` creates a fresh model of the same structure
    (called inside :func:`dtype_policy`), whose weights are then set from ``model``'s, cast."""
    import numpy as np

    with dtype_policy(policy):
        twin = build()
    weights = model.get_weights()
    target = twin.get_weights()
    if len(weights) != len(target) or any(w.shape != t.shape for w, t in zip(weights, target)):
        raise ValueError("build() must create a model with the same weights as model "
                         f"({len(weights)} arrays); got {len(target)}")
    twin.set_weights([np.asarray(w).astype(t.dtype) for w, t in zip(weights, target)])
    return twin
