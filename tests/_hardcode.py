"""Injected into a kernel by test_hidden_tests.py (as source, not imported): turns the reference
solutions into submissions that answer the visible tests from a table of recorded answers."""
import copy as _copy
import functools as _functools
import hashlib as _hashlib

import numpy as _np


def _fp(obj, depth=0):
    """A fingerprint of call arguments: arrays by content, numbers and strings by value,
    containers element by element, anything else (a model, an optimiser) by its type only."""
    if depth > 6:
        return "..."
    if hasattr(obj, "numpy") and callable(obj.numpy) and not hasattr(obj, "layers"):
        try:
            obj = obj.numpy()
        except Exception:
            pass
    if isinstance(obj, _np.ndarray):
        a = _np.ascontiguousarray(obj)
        return ("nd", a.shape, str(a.dtype), _hashlib.sha256(a.tobytes()).hexdigest())
    if isinstance(obj, (_np.generic, int, float, complex, str, bytes, bool, type(None))):
        return repr(obj.item() if isinstance(obj, _np.generic) else obj)
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, tuple(_fp(o, depth + 1) for o in obj))
    if isinstance(obj, dict):
        return ("dict", tuple((repr(k), _fp(v, depth + 1)) for k, v in sorted(obj.items(), key=repr)))
    return ("object", type(obj).__qualname__)


class HardCoder:
    def __init__(self):
        self.real, self.table = {}, {}

    @staticmethod
    def key(args, kwargs):
        return _hashlib.sha256(repr(_fp((args, sorted(kwargs.items())))).encode()).hexdigest()

    def record(self, g, names):
        """Wrap the solution's functions so every call's answer is kept, keyed by its arguments."""
        for n in names:
            real = self.real.setdefault(n, g[n])
            table = self.table.setdefault(n, {})

            def recorder(*a, _real=real, _table=table, **k):
                key = self.key(a, k)  # before the call, which may change its arguments
                out = _real(*a, **k)
                try:
                    kept = _copy.deepcopy(out)
                except Exception:
                    kept = out
                _table.setdefault(key, kept)
                return out

            g[n] = _functools.wraps(real)(recorder)

    def hard_code(self, g, names):
        """Replace them by a lookup in what was recorded (the first answer for unseen arguments)."""
        for n in names:
            table = self.table.get(n, {})
            first = next(iter(table.values()), None)

            def lookup(*a, _table=table, _first=first, **k):
                out = _table.get(self.key(a, k), _first)
                try:
                    return _copy.deepcopy(out)
                except Exception:
                    return out

            g[n] = lookup

    def restore(self, g, names):
        for n in names:
            g[n] = self.real[n]

    def calls(self, names):
        return sum(len(self.table.get(n, {})) for n in names)


HARD_CODER = HardCoder()
