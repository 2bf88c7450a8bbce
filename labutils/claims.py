"""``claim(statement, holds, evidence)``: a sentence of the prose, checked by the code below it.

Used by the notebooks wherever the text says something an output could contradict ("faster",
"beats", "about N", "converges"). A claim prints one line (✓ with its evidence), is collected
into the run report (``claims_checked``, ``claims_failed`` per notebook) and, when it does not
hold, raises ``AssertionError`` so that the run fails. A claim about results that only full data
can show (``needs_full=True``) is reported as unchecked in smoke mode instead of failing.
"""
from __future__ import annotations

from typing import Any

from labutils.record import emit

CLAIM_MIME = "application/vnd.labutils.claim+json"
_CLAIMS: list[dict[str, Any]] = []


def claim(statement: str, holds: Any, evidence: str, *, needs_full: bool = False) -> bool:
    """State ``statement``; ``holds`` is whether the measurement supports it, ``evidence`` the
    numbers that show it. Returns ``holds``.

    Raises:
        TypeError: ``holds`` is not a bool (a numpy bool is fine), or ``statement`` /
            ``evidence`` are not strings.
        ValueError: ``statement`` is empty.
        AssertionError: the claim does not hold (and is checked in this mode).
    """
    from labutils import config

    if not isinstance(statement, str) or not isinstance(evidence, str):
        raise TypeError(f"statement and evidence must be strings; got {type(statement).__name__} "
                        f"and {type(evidence).__name__}")
    if not statement.strip():
        raise ValueError("statement must say what is claimed; got an empty string")
    if type(holds).__name__ not in ("bool", "bool_"):
        raise TypeError(f"holds must be a bool (the result of a comparison); got "
                        f"{type(holds).__name__} {holds!r}")
    holds = bool(holds)
    smoke = config.current_mode() == "smoke"
    status = "unchecked" if (needs_full and smoke) else ("held" if holds else "failed")
    record = {"statement": statement, "status": status, "evidence": evidence}
    _CLAIMS.append(record)
    mark = {"held": "✓ claim", "failed": "✗ claim FAILED",
            "unchecked": "· claim unchecked in smoke mode (needs full data)"}[status]
    emit(CLAIM_MIME, record, f"{mark}: {statement} ({evidence})")
    if status == "failed":
        raise AssertionError(f"claim does not hold: {statement} ({evidence})")
    return holds


def claims() -> list[dict[str, Any]]:
    """Every claim stated in this process, in order."""
    return [dict(c) for c in _CLAIMS]


def summarise(records: list[dict[str, Any]]) -> dict[str, int]:
    """``{"claims_checked", "claims_failed", "claims_unchecked"}`` for the run report."""
    n = {s: sum(r["status"] == s for r in records) for s in ("held", "failed", "unchecked")}
    return {"claims_checked": n["held"] + n["failed"], "claims_failed": n["failed"],
            "claims_unchecked": n["unchecked"]}
