"""``claim(statement, holds, evidence, kind=...)``: a sentence of the prose, checked by the code.

Used by every notebook wherever the text says something an output could contradict ("faster",
"beats", "about N", "converges"), in the folded check cell under the result. A claim prints one
line (✓ with its evidence, or a loud ✗), is collected into the run report, and says what it is
about, with ``kind``:

``"course-data"``
    A property of the course's own data: a stand-in built so the lesson holds, or data the
    course writes itself (11's questions, 15's digits). ``data`` names the datasets. It is
    checked where that data was used; when one of them is the real dataset it is *not
    applicable*, and ``real`` says in a line what is known about the real dataset, with the
    source (required unless every dataset is course-authored).
``"general"``
    A general finding, checked on any data. ``reference`` gives the published real-data result
    its threshold rests on (paper or official tutorial, with the figure). ``conditions`` states
    what that reference holds under ("trained on the full 60,000 images") and ``applies``
    whether this run meets them; when it does not, the claim is *not applicable*, not failed.
``"computation"``
    A property of the computation itself: a formula, an identity between two implementations,
    an algorithm's guarantee, a count. It holds on any input and needs no reference.

A claim that fails on the course's own data (every dataset named in ``data`` is a stand-in or
course-authored, or none is named), or under ``LABUTILS_OFFLINE=1`` (CI and the tests, where the
data, bundled real data included, is the same on every machine), raises ``AssertionError``, so
that CI fails. Otherwise, on real data a failed claim is a finding, not a crash: the ✗ line says what was expected, what was measured and
what the reference is, the failure is counted in ``claims_failed``, and the notebook goes on.
A claim about results that only full data can show (``needs_full=True``) is reported as
unchecked in smoke mode.
"""
from __future__ import annotations

import html
from typing import Any, Iterable

from labutils.record import emit

CLAIM_MIME = "application/vnd.labutils.claim+json"
KINDS = ("course-data", "general", "computation")
_CLAIMS: list[dict[str, Any]] = []


def _names(data: str | Iterable[str]) -> tuple[str, ...]:
    names = (data,) if isinstance(data, str) else tuple(data)
    if not all(isinstance(n, str) and n for n in names):
        raise TypeError(f"data must be a dataset name or a list of them; got {data!r}")
    return names


def _check_text(value: Any, arg: str, required: bool) -> None:
    if value is None:
        if required:
            raise ValueError(f"{arg} is required for this kind of claim")
        return
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{arg} must be a non-empty string; got {value!r}")


def claim(statement: str, holds: Any, evidence: str, *, kind: str,
          data: str | Iterable[str] = (), reference: str | None = None,
          conditions: str | None = None, applies: Any = True, real: str | None = None,
          needs_full: bool = False) -> None:
    """State ``statement``; ``holds`` is whether the measurement supports it, ``evidence`` the
    numbers that show it. Returns None, so that a check cell ending on a claim echoes nothing;
    :func:`claims` has the outcome.

    Args:
        kind: ``"course-data"``, ``"general"`` or ``"computation"`` (see the module docstring).
        data: the datasets (names as ``labutils.datasets.sources()`` has them) the measurement
            was made on; each must have been loaded in this process. Required for course-data.
        reference: for a general finding, the published real-data result (required).
        conditions, applies: for a general finding, what its reference holds under and whether
            this run meets that (a bool); both or neither.
        real: for a course-data claim, what is known about the real dataset, with the source.
        needs_full: unchecked in smoke mode.

    Raises:
        TypeError / ValueError: a malformed claim (naming the argument).
        AssertionError: the claim does not hold on the course's own data.
    """
    from labutils import _env, config
    from labutils.datasets._source import sources

    if not isinstance(statement, str) or not isinstance(evidence, str):
        raise TypeError(f"statement and evidence must be strings; got {type(statement).__name__} "
                        f"and {type(evidence).__name__}")
    if not statement.strip():
        raise ValueError("statement must say what is claimed; got an empty string")
    for arg, value in (("holds", holds), ("applies", applies)):
        if type(value).__name__ not in ("bool", "bool_"):
            raise TypeError(f"{arg} must be a bool (the result of a comparison); got "
                            f"{type(value).__name__} {value!r}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {list(KINDS)}; got {kind!r}")
    names = _names(data)
    loaded = sources()
    unknown = [n for n in names if n not in loaded]
    if unknown:
        raise ValueError(f"data names datasets not loaded in this process: {unknown}; "
                         f"loaded: {sorted(loaded)}")
    origin = {n: loaded[n] for n in names}
    own = all(s in ("stand-in", "course-authored") for s in origin.values())
    # Forced offline (CI, the tests) every dataset is the same on every machine, the bundled real
    # ones included (digits, Python's documentation): a failure there is the course's, so it raises.
    strict = own or _env.offline_forced()
    if kind == "course-data":
        if not names:
            raise ValueError("a course-data claim must name its datasets in data=")
        _check_text(real, "real", required=any(s != "course-authored" for s in origin.values()))
    elif real is not None:
        raise ValueError(f"real= is for course-data claims; this one is {kind!r}")
    if kind == "general":
        _check_text(reference, "reference", required=True)
        _check_text(conditions, "conditions", required=not bool(applies))
    elif reference is not None or conditions is not None or not bool(applies):
        raise ValueError(f"reference=, conditions= and applies= are for general findings; this one is {kind!r}")

    holds = bool(holds)
    smoke = config.current_mode() == "smoke"
    if kind == "course-data" and not own:
        status = "not applicable"
        why = ("on the real " + ", ".join(n for n, s in origin.items() if s == "real")
               + f", not the course's own data. Known on the real data: {real}")
    elif kind == "general" and not bool(applies):
        status, why = "not applicable", f"this run is outside the reference's conditions ({conditions})"
    elif needs_full and smoke:
        status, why = "unchecked", "needs full data"
    else:
        status, why = ("held" if holds else "failed"), None
    record = {"statement": statement, "status": status, "evidence": evidence, "kind": kind,
              "data": dict(origin), "reference": reference, "conditions": conditions}
    if why:
        record["why"] = why
    _CLAIMS.append(record)
    _show(record, strict)
    if status == "failed" and strict:
        raise AssertionError(f"claim does not hold: {statement} ({evidence})")


def _show(r: dict[str, Any], own: bool) -> None:
    ref = f"; reference: {r['reference']}" if r["reference"] else ""
    if r["status"] == "held":
        text = f"✓ claim: {r['statement']} ({r['evidence']})"
        emit(CLAIM_MIME, r, text)
        return
    if r["status"] == "failed":
        where = ("on the course's own data" if own else
                 "on real data: a finding about this run, not an error; the notebook goes on")
        text = (f"✗ CLAIM FAILED ({where}): {r['statement']}\n  measured: {r['evidence']}{ref}")
        body = (f"<b>&#10007; Claim failed</b> ({html.escape(where)}): {html.escape(r['statement'])}"
                f"<br>measured: {html.escape(r['evidence'])}"
                + (f"<br>reference: {html.escape(r['reference'])}" if r["reference"] else ""))
        style = "border-left:6px solid #dc2626;background:#fef2f2;padding:6px 10px;color:#111"
    else:
        mark = "· claim not applicable" if r["status"] == "not applicable" else "· claim unchecked in smoke mode"
        text = f"{mark}: {r['statement']} ({r['why']})"
        body = f"{html.escape(mark)}: {html.escape(r['statement'])} <i>({html.escape(r['why'])})</i>"
        style = "border-left:4px solid #9ca3af;padding:2px 10px;color:#374151"
    _emit_html(r, text, f'<div style="{style}">{body}</div>')


def _emit_html(payload: dict[str, Any], text: str, body: str) -> None:
    from labutils.record import _in_ipython

    if _in_ipython():
        from IPython.display import display

        display({"text/plain": text, "text/html": body, CLAIM_MIME: payload}, raw=True)
    else:
        print(text)


def claims() -> list[dict[str, Any]]:
    """Every claim stated in this process, in order."""
    return [dict(c) for c in _CLAIMS]


def summarise(records: list[dict[str, Any]]) -> dict[str, int]:
    """``{"claims_checked", "claims_failed", "claims_unchecked", "claims_not_applicable"}``."""
    n = {s: sum(r["status"] == s for r in records) for s in ("held", "failed", "unchecked", "not applicable")}
    return {"claims_checked": n["held"] + n["failed"], "claims_failed": n["failed"],
            "claims_unchecked": n["unchecked"], "claims_not_applicable": n["not applicable"]}
