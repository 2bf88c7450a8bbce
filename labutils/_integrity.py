"""Tamper evidence and safe messages for :func:`labutils.coursework.grade`.

Before and after every graded test cell, the grader asks the kernel for a fingerprint of what
the tests rely on and compares it, in the grader's own process, with the reference it took
before any submitted code ran:

- ``labutils.checks``, ``numpy``, ``numpy.testing``, ``numpy.linalg`` and ``builtins``: every
  attribute's identity, and for functions their code object, defaults, globals and closure;
- the machinery that turns a cell into a reply: IPython's execution and traceback methods,
  input and AST transformers, custom exception handlers, event callbacks, the kernel's execute
  handler and message session, trace and profile hooks, and the ``sys.modules`` entries;
- every name a test cell uses (``checks.assert_close``, ``np.allclose``, a notebook's
  ``_check_*`` helper, ``x_test``...) that the instructor's cells bind: recorded after the
  instructor cell that binds it, verified before and after each test cell that uses it.

The probe's code is sent afresh each time as a ``user_expressions`` request (which no input
transformer sees) with a new nonce, and the reference never enters the kernel. This is evidence,
not a wall: code in one Python process can reach every other part of it, so a submission written
against this very probe can still hide a change from it (see ``INSTRUCTORS.md``).
"""
from __future__ import annotations

import ast
import json
import re
import secrets
from typing import Any

#: Machinery keys that an instructor's cell may change (matplotlib registers event callbacks).
ABSORBED = ("machinery:events",)
#: Modules whose every attribute is fingerprinted.
MODULES = ("labutils.checks", "numpy", "numpy.testing", "numpy.linalg", "builtins")

_PROBE = r'''
import sys as _s, json as _j, hashlib as _h, threading as _t
from IPython.core.interactiveshell import InteractiveShell as _IS
def _d(o):
    f = getattr(o, "__func__", o)
    p = [type(o).__qualname__, id(f), id(getattr(o, "__self__", None))]
    c = getattr(f, "__code__", None)
    if c is not None:
        p += [id(c), id(getattr(f, "__defaults__", None)), id(getattr(f, "__kwdefaults__", None)),
              id(getattr(f, "__globals__", None)),
              [id(x.cell_contents) for x in (getattr(f, "__closure__", None) or ())]]
    i = getattr(o, "_implementation", None)
    if i is not None:
        p += [id(i), id(getattr(i, "__code__", None))]
    return _h.sha256(repr(p).encode()).hexdigest()[:16]
def _m(name):
    m = _s.modules.get(name)
    return None if m is None else dict([("<module>", _d(m))] + [(k, _d(v)) for k, v in
                                        sorted(vars(m).items()) if k != "__builtins__"])
_sh = _IS._instance
_k = getattr(_sh, "kernel", None)
_mach = {}
for _n in ("run_cell", "run_cell_async", "run_ast_nodes", "run_code", "showtraceback",
           "_showtraceback", "showsyntaxerror", "transform_cell", "transform_ast",
           "user_expressions", "ev", "ex", "get_exception_only", "_run_cell", "should_run_async"):
    _mach["shell." + _n] = [_d(getattr(type(_sh), _n, None)), _n in vars(_sh)]
for _n in ("do_execute", "execute_request", "dispatch_shell", "send_response"):
    _mach["kernel." + _n] = [_d(getattr(type(_k), _n, None)), _k is not None and _n in vars(_k)]
_se = getattr(_k, "session", None)
for _n in ("send", "serialize", "sign", "msg"):
    _mach["session." + _n] = [_d(getattr(type(_se), _n, None)), _se is not None and _n in vars(_se)]
_mach["custom_exceptions"] = repr(_sh.custom_exceptions)
_mach["CustomTB"] = _d(_sh.CustomTB)
_mach["transformers"] = [[_d(x) for x in l] for l in (
    _sh.input_transformers_cleanup, _sh.input_transformers_post, _sh.ast_transformers,
    _sh.input_transformer_manager.cleanup_transforms,
    _sh.input_transformer_manager.line_transforms,
    _sh.input_transformer_manager.token_transformers)]
_mach["events"] = {e: [_d(cb) for cb in cbs] for e, cbs in sorted(_sh.events.callbacks.items())}
_mach["trace"] = [_d(_s.gettrace()), _d(_s.getprofile()), _d(_t._trace_hook), _d(_t._profile_hook)]
_mach["displayhook"] = [_d(_sh.displayhook), _d(_s.displayhook)]
_mach["sys.modules"] = [_d(_s.modules.get(n)) for n in MODULES + ("IPython", "ipykernel.ipkernel")]
import types as _ty
_CODE = (type, _ty.ModuleType, _ty.FunctionType, _ty.BuiltinFunctionType, _ty.MethodType)
def _dn(o):
    if isinstance(o, _ty.BuiltinMethodType) and not isinstance(o.__self__, _ty.ModuleType):
        return _h.sha256(repr(["bm", id(o.__self__), o.__name__]).encode()).hexdigest()[:16]
    return _d(o)
_names = {}
for _n in NAMES:
    _root, *_rest = _n.split(".")
    _ns = _sh.user_ns
    if _root not in _ns:
        _names[_n] = None
        continue
    try:
        _o = _ns[_root]
        for _a in _rest:
            _o = getattr(_o, _a)
        _code = isinstance(_o, _CODE) or type(_o).__name__ in ("ufunc", "_ArrayFunctionDispatcher")
        _names[_n] = _dn(_o) if (_code or not _rest) else "data"
    except Exception as _e:
        _names[_n] = "missing: " + type(_e).__name__
out = _j.dumps({"nonce": NONCE, "modules": {n: _m(n) for n in MODULES}, "machinery": _mach,
                "names": _names})
'''


def probe_expression(names: list[str]) -> tuple[str, str]:
    """A ``user_expressions`` entry that fingerprints the kernel; returns ``(expression, nonce)``."""
    nonce = secrets.token_hex(16)
    src = (f"MODULES = {MODULES!r}\nNAMES = {sorted(names)!r}\nNONCE = {nonce!r}\n" + _PROBE)
    expr = f"(lambda ns: (exec({src!r}, ns), ns['out'])[1])({{}})"
    return expr, nonce


def parse_probe(reply_content: dict[str, Any], nonce: str) -> dict[str, Any] | None:
    """The fingerprint in an execute reply, or None if the probe did not answer as sent."""
    res = (reply_content.get("user_expressions") or {}).get("probe") or {}
    if res.get("status") != "ok":
        return None
    try:
        data = json.loads(ast.literal_eval(res["data"]["text/plain"]))
    except (KeyError, ValueError, SyntaxError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("nonce") == nonce else None


def flatten(probe: dict[str, Any] | None) -> dict[str, Any]:
    """One key per fingerprinted thing: ``numpy.allclose``, ``machinery:shell.run_cell``,
    ``name:np.random``; a probe that did not answer is the single key ``probe``."""
    if probe is None:
        return {"the grader's probe (the kernel did not answer it as sent)": "failed"}
    flat: dict[str, Any] = {}
    for mod, attrs in probe["modules"].items():
        for k, v in (attrs or {"<module>": None}).items():
            flat[mod if k == "<module>" else f"{mod}.{k}"] = v
    flat.update({f"machinery:{k}": v for k, v in probe["machinery"].items()})
    flat.update({f"name:{k}": v for k, v in probe["names"].items()})
    return flat


class Watch:
    """The reference fingerprint, kept in the grader's process.

    It is taken before any submitted code runs. After a trusted cell (the instructor's own, one
    that calls no student code) a change that happened during that cell is accepted into the
    reference (matplotlib registering a hook, a notebook defining a helper); a change made by
    the student's code never is, so it shows at every later test cell until it is undone.
    """

    def __init__(self, first: dict[str, Any] | None) -> None:
        self.ref = flatten(first)
        self.last = dict(self.ref)

    def after_cell(self, probe: dict[str, Any] | None, trusted_names: set[str] | None = None
                   ) -> dict[str, Any]:
        """Take the probe after a cell; returns the state before it.

        ``trusted_names``: the cell was the instructor's own and calls no student code; the
        names it binds (``np`` after ``import numpy as np``) take their new fingerprints, event
        callbacks it registers (matplotlib's inline backend adds two) are accepted, and what
        first appeared during it is added. Nothing else is ever accepted: a change to ``numpy``,
        ``labutils.checks``, ``builtins`` or the rest of the machinery always counts.
        """
        now = flatten(probe)
        if trusted_names is not None:
            for k, v in now.items():
                if k.startswith("the grader's probe"):
                    continue
                if k.startswith("name:") and k[5:].split(".")[0] in trusted_names:
                    self.ref[k] = v
                elif k in ABSORBED and self.last.get(k) == self.ref.get(k):
                    self.ref[k] = v
                elif k not in self.ref and k not in self.last:
                    self.ref[k] = v
        before, self.last = self.last, now
        return before

    def changed(self, *states: dict[str, Any]) -> list[str]:
        """What differs from the reference in any of ``states``, readable."""
        failed = sorted({k for s in states for k in s if k.startswith("the grader's probe")})
        if failed:
            return failed
        out = {k.replace("machinery:", "").replace("name:", "name ")
               for k, v in self.ref.items() if any(s.get(k, "<absent>") != v for s in states)}

        def rank(k: str) -> tuple:  # what a test calls first, private helpers last
            last = k.split(".")[-1]
            return (0 if "assert" in last or k.startswith("name ") else
                    2 if last.startswith("_") or last[:1].isupper() else 1, k)

        return sorted(out, key=rank)


# ------------------------------------------------------------------ static analysis of cells
def _clean(source: str) -> ast.Module | None:
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def bound_names(source: str) -> set[str]:
    """Names a cell binds at top level (assignments, ``def``, ``class``, imports, loops), not
    the local variables inside its functions and classes."""
    tree = _clean(source)
    if tree is None:
        return set()
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            return
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                             ast.GeneratorExp)):
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.Global):
            names.update(node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def used_names(source: str) -> set[str]:
    """Dotted names a cell reads: ``np``, ``np.testing``, ``np.testing.assert_allclose``..."""
    tree = _clean(source)
    if tree is None:
        return set()
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif isinstance(node, ast.Attribute):
            parts, cur = [], node
            while isinstance(cur, ast.Attribute):
                parts.append(cur.attr)
                cur = cur.value
            if isinstance(cur, ast.Name):
                chain = [cur.id, *reversed(parts)]
                out.update(".".join(chain[:i]) for i in range(1, len(chain) + 1))
    return out


# ------------------------------------------------------------------ messages
_IDENT = re.compile(r"[A-Za-z_][\w.]{0,79}")
MESSAGE_LIMIT = 300
WINDOW = 24


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def string_literals(source: str) -> list[str]:
    """The string constants of a cell (a test's names and hints: the words it fails with)."""
    tree = _clean(source)
    if tree is None:
        return []
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def safe_message(ename: str, evalue: str, secret: str, public: str,
                 allowed: list[str] = ()) -> str:
    """What a student sees of a failure: ``ename: evalue``, printable, cut to MESSAGE_LIMIT
    characters, and withheld when any WINDOW-character stretch of it quotes ``secret`` text (the
    hidden tests and reference solutions) that is neither in ``public`` (the student build) nor
    in ``allowed`` (the failing test's own string literals: its names and hints)."""
    name = _IDENT.match(ename or "")
    name = name.group(0) if name else "Error"
    value = "".join(ch if ch.isprintable() or ch in " \n" else "?" for ch in str(evalue))
    value = _norm(value).strip()
    secret_n, public_n = _norm(secret), _norm("\n".join([public, *allowed]))
    for i in range(max(0, len(value) - WINDOW) + 1):
        piece = value[i:i + WINDOW]
        if len(piece) == WINDOW and piece in secret_n and piece not in public_n:
            return f"{name} (message withheld: it quotes the hidden tests or the solutions)"
    text = f"{name}: {value}" if value else name
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT - 1] + "…"
