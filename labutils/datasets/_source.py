"""Say, visibly and to the run report, where a dataset came from (real or stand-in)."""
from __future__ import annotations

import html

from labutils.record import DATASIZE_MIME, DATASOURCE_MIME, _in_ipython, emit

_SOURCES: dict[str, str] = {}


def announce(dataset: str, source: str, detail: str) -> None:
    """Show a banner for ``dataset`` and emit its source for the runner.

    ``source`` is ``"real"``, ``"stand-in"`` or ``"course-authored"`` (data the course writes
    itself because no suitable public dataset exists; it has no real counterpart to fall back
    from). A stand-in banner is loud on purpose.
    """
    if source not in ("real", "stand-in", "course-authored"):
        raise ValueError(f"source must be 'real', 'stand-in' or 'course-authored'; got {source!r}")
    _SOURCES[dataset] = source
    if source == "stand-in":
        text = (f"[STAND-IN DATA] {dataset}: the real dataset is not available ({detail}). "
                f"Using a deterministic stand-in with the same shapes, dtypes and classes; "
                f"the numbers below describe the stand-in, not the real dataset.")
        style = "border-left:5px solid #d97706;background:#fff7ed;padding:6px 10px;color:#111"
        body = (f"<b>&#9888; Stand-in data: {html.escape(dataset)}</b>. The real dataset is not "
                f"available ({html.escape(detail)}). Using a deterministic stand-in with the same "
                f"shapes, dtypes and classes; the numbers below describe the stand-in, "
                f"not the real dataset.")
    elif source == "course-authored":
        text = f"[COURSE-AUTHORED DATA] {dataset}: {detail}"
        style = "border-left:5px solid #2563eb;background:#eff6ff;padding:6px 10px;color:#111"
        body = f"<b>Course-authored data: {html.escape(dataset)}</b>. {html.escape(detail)}"
    else:
        text = f"[data] {dataset}: real data ({detail})"
        style = "border-left:5px solid #16a34a;padding:2px 10px;color:#111"
        body = f"<b>{html.escape(dataset)}</b>: real data ({html.escape(detail)})"
    payload = {"dataset": dataset, "source": source, "detail": detail}
    if _in_ipython():
        from IPython.display import display

        display({"text/plain": text, "text/html": f'<div style="{style}">{body}</div>',
                 DATASOURCE_MIME: payload}, raw=True)
    else:
        print(text)


def note_size(dataset: str, split: str, used: int, asked: int) -> None:
    """Say, visibly and to the run report, that ``dataset`` had fewer ``split`` examples than a
    notebook asked for, and that all of them (``used``) are used."""
    emit(DATASIZE_MIME, {"dataset": dataset, "split": split, "used": used, "asked": asked},
         f"[data] {dataset}: {asked:,} {split} examples were asked for and {used:,} are available; "
         f"using all {used:,}. Results describe this smaller set.")


def sources() -> dict[str, str]:
    """``{dataset: "real" | "stand-in" | "course-authored"}`` for every dataset loaded in this process."""
    return dict(_SOURCES)


def summarise(per_dataset: dict[str, str]) -> str:
    """One word for the report: none, real, stand-in, course-authored or mixed."""
    kinds = set(per_dataset.values())
    if not kinds:
        return "none"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def simulated(name: str, how: str) -> None:
    """Declare data a notebook draws itself from a stated formula (09's fraud-like rows and
    binormal scores, 10's least-squares problem), so that a claim about it can name it
    (``kind="course-data", data=name``): it is course-authored, has no real counterpart, and a
    banner says how it was made. Used by notebooks 09 and 10."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be an identifier such as 'fraud_simulation'; got {name!r}")
    if not isinstance(how, str) or not how.strip():
        raise ValueError("how must say how the data is drawn (one line)")
    announce(name, "course-authored", f"simulated in this notebook: {how}")
