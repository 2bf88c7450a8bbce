"""Tables shown as DataFrames (every notebook): a cell that compares things ends on ``table(...)``,
not on formatted prints, so JupyterLab renders it and a learner can sort and copy it.
``labutils.setup`` sets pandas to show floats with 4 significant digits."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import pandas as pd


def table(rows: Mapping[str, Mapping[str, Any]] | Sequence[Mapping[str, Any]],
          index: str | None = None) -> pd.DataFrame:
    """A DataFrame from ``{row name: {column: value}}``, or from a list of ``{column: value}``
    with ``index`` naming the column that labels the rows (None: numbered rows)."""
    if isinstance(rows, Mapping):
        return pd.DataFrame.from_dict({k: dict(v) for k, v in rows.items()}, orient="index")
    if isinstance(rows, Sequence) and not isinstance(rows, (str, bytes)):
        df = pd.DataFrame([dict(r) for r in rows])
        if index is None:
            return df
        if index not in df.columns:
            raise ValueError(f"index {index!r} is not a column; columns: {list(df.columns)}")
        return df.set_index(index)
    raise TypeError(f"rows must be a dict of dicts or a list of dicts; got {type(rows).__name__}")


def display_options() -> None:
    """Floats with 4 significant digits, wide tables unwrapped (called by ``labutils.setup``)."""
    pd.set_option("display.float_format", lambda v: f"{v:.4g}")
    pd.set_option("display.width", 120)
    pd.set_option("display.max_columns", 30)
