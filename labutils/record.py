"""``record(name, value)``: put a key result of a notebook into the run report.

Used by every notebook. In Jupyter it displays one output that carries a human-readable line
(``text/plain``) and a machine-readable copy under :data:`METRIC_MIME`, which the runner
(:mod:`labutils.runner`) collects from the executed notebook. Outside Jupyter it prints the
line. Either way the value is kept in :func:`recorded` for the current process.
"""
from __future__ import annotations

import math
import re
from typing import Any

METRIC_MIME = "application/vnd.labutils.metric+json"
DATASOURCE_MIME = "application/vnd.labutils.datasource+json"
DATASIZE_MIME = "application/vnd.labutils.datasize+json"

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_RECORDED: dict[str, Any] = {}


def to_jsonable(value: Any, name: str = "value") -> Any:
    """Convert numpy / TensorFlow scalars and arrays to plain JSON values.

    Non-finite floats become the strings ``"nan"``, ``"inf"`` or ``"-inf"`` so the report
    stays valid JSON and still says what happened.
    """
    if hasattr(value, "numpy") and callable(value.numpy):  # tf.Tensor / Variable
        value = value.numpy()
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy scalar or array
        value = value.tolist()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v, name) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, name) for k, v in value.items()}
    raise TypeError(
        f"{name} must be a number, string, bool, None, or a list/dict of them; "
        f"got {type(value).__name__}"
    )


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def _in_ipython() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return False
    return get_ipython() is not None


def emit(mime: str, payload: dict[str, Any], text: str) -> None:
    """Display ``text`` for people and ``payload`` under ``mime`` for the runner."""
    if _in_ipython():
        from IPython.display import display

        display({"text/plain": text, mime: payload}, raw=True)
    else:
        print(text)


def record(name: str, value: Any) -> None:
    """Record a named metric (stored JSON-ready, read back with :func:`recorded`).

    Returns None, so that a cell ending in ``labutils.record(...)`` shows the value once.

    Example: ``labutils.record("mnist_mlp_test_acc", acc)``.

    Raises:
        ValueError: ``name`` is not an identifier-like string (letters, digits, ``_``, ``.``).
        TypeError: ``value`` is not JSON-representable.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(
            f"name must be an identifier-like string such as 'test_acc'; got {name!r}"
        )
    stored = to_jsonable(value, name=f"value of {name!r}")
    _RECORDED[name] = stored
    emit(METRIC_MIME, {"name": name, "value": stored}, f"[recorded] {name} = {_fmt(stored)}")


def recorded() -> dict[str, Any]:
    """A copy of every metric recorded in this process, in recording order."""
    return dict(_RECORDED)
