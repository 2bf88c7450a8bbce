"""Per-notebook time budget for notebooks executed by nbval (``make test``).

nbval turns each notebook cell into a test item. The wall time of a notebook runs from the
set-up of its first cell (which starts the kernel) to the end of its last cell; if that exceeds
``LABUTILS_SMOKE_BUDGET`` seconds (default 60) the last cell fails with the measured time.
The times are printed at the end of the session and written to ``build/smoke-times.json``.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

BUDGET = float(os.environ.get("LABUTILS_SMOKE_BUDGET", "60"))
_start: dict[str, float] = {}
_elapsed: dict[str, float] = {}


def _is_nb_cell(item: pytest.Item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last: dict[str, pytest.Item] = {}
    for item in items:
        if _is_nb_cell(item):
            last[item.parent.nodeid] = item
    for item in last.values():
        item._labutils_last_cell = True  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _is_nb_cell(item):
        _start.setdefault(item.parent.nodeid, time.perf_counter())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    result = yield
    if _is_nb_cell(item) and getattr(item, "_labutils_last_cell", False):
        nb = item.parent.nodeid
        _elapsed[nb] = time.perf_counter() - _start[nb]
        if _elapsed[nb] > BUDGET:
            raise AssertionError(f"{nb} took {_elapsed[nb]:.1f} s in smoke mode; the budget is {BUDGET:.0f} s")
    return result


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    if not _elapsed:
        return
    terminalreporter.section("smoke-mode time per notebook")
    for nb, sec in sorted(_elapsed.items()):
        terminalreporter.write_line(f"{sec:6.1f} s  {Path(nb).stem}" + ("  OVER BUDGET" if sec > BUDGET else ""))
    out = Path(config.rootpath) / "build" / "smoke-times.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({Path(k).stem: round(v, 2) for k, v in sorted(_elapsed.items())}, indent=2) + "\n")
