"""The test session's environment, and the time of every notebook that nbval executes.

Tests (and the notebooks nbval runs: their kernels inherit the environment) are isolated from the
learner's data: they force the offline stand-ins (``LABUTILS_OFFLINE=1``) and use their own data
folder inside the checkout, ``.test-data/`` (ignored by git; ``LABUTILS_TEST_DATA_DIR`` moves it),
never the learner's cache, so what a learner downloaded can neither change a result nor be
overwritten.

nbval turns each notebook cell into a test item. For each notebook this plugin measures the wall
time from the set-up of its first cell (which starts the kernel) to the end of its last cell, and
the CPU time the kernel process (and its children) used by then. Both are printed at the end of
the session against the smoke budget (``LABUTILS_SMOKE_BUDGET`` seconds of wall time, default 60,
and ``LABUTILS_SMOKE_CPU_BUDGET`` CPU-seconds, default 45) and written to
``build/smoke-times.json``. Being over budget is reported, never a failure: another process
sharing the CPU would make such a test fail for no fault of the code. A runaway cell still fails,
through nbval's ``--nbval-cell-timeout``.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
TEST_DATA_DIR = Path(os.environ.get("LABUTILS_TEST_DATA_DIR") or ROOT / ".test-data")
os.environ["LABUTILS_DATA_DIR"] = str(TEST_DATA_DIR)
os.environ["LABUTILS_USER_DATA_DIR"] = str(TEST_DATA_DIR)  # where a read-only folder's misses go
os.environ["LABUTILS_OFFLINE"] = "1"  # never touch the network from a test
os.environ["LABUTILS_HEADLESS"] = "1"  # kernels started by tests draw static figures

from labutils.kernels import use_ipc_in_nbval  # noqa: E402

use_ipc_in_nbval()  # kernels over Unix sockets: no "running over TCP without encryption" warning

BUDGET = float(os.environ.get("LABUTILS_SMOKE_BUDGET", "60"))
CPU_BUDGET = float(os.environ.get("LABUTILS_SMOKE_CPU_BUDGET", "45"))
_start: dict[str, float] = {}
_times: dict[str, dict[str, float | None]] = {}


def _is_nb_cell(item: pytest.Item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def _kernel_pid(item: pytest.Item) -> int | None:
    try:
        return int(item.parent.kernel.km.provisioner.pid)
    except (AttributeError, TypeError, ValueError):
        return None


#: Test modules whose module-scoped fixtures are expensive (a graded batch of submissions, a
#: JupyterLab server, built presets): their tests stay on one xdist worker, so the fixture is made
#: once. Under ``--dist loadgroup`` every other test would be scheduled on its own and the cells of a
#: notebook run by nbval share one group, hence one kernel.
GROUPED_MODULES = ("test_coursework", "test_grading_security", "test_jupyterlab_browser",
                   "test_online_notebooks", "test_online_path", "test_pretrained", "test_serving")


#: Test modules that execute whole notebooks in kernels (graded runs, the real-data path, the
#: browser): marked ``kernels``; ``make test-quick`` leaves them out unless a change touches them.
KERNEL_MODULES = ("test_coursework", "test_grading_data", "test_grading_security", "test_hidden_tests",
                  "test_jupyterlab_browser", "test_online_notebooks", "test_real_digits")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "kernels: executes whole notebooks in kernels (slow)")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads xdist_group to place items
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last: dict[str, pytest.Item] = {}
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if _is_nb_cell(item) or module in KERNEL_MODULES:
            item.add_marker(pytest.mark.kernels)
        if _is_nb_cell(item):
            last[item.parent.nodeid] = item
            item.add_marker(pytest.mark.xdist_group(name=item.parent.nodeid))
        elif module in GROUPED_MODULES:
            item.add_marker(pytest.mark.xdist_group(name=item.module.__name__))
    for item in last.values():
        item._labutils_last_cell = True  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if _is_nb_cell(item):
        _start.setdefault(item.parent.nodeid, time.perf_counter())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        return (yield)
    finally:
        if _is_nb_cell(item) and getattr(item, "_labutils_last_cell", False):
            from labutils.runner import process_tree_cpu_seconds

            nb = item.parent.nodeid
            pid = _kernel_pid(item)
            _times[nb] = {"seconds": round(time.perf_counter() - _start[nb], 2),
                          "cpu_seconds": None if pid is None else round(process_tree_cpu_seconds(pid), 2)}


def _times_file(config: pytest.Config, worker: str | None = None) -> Path:
    name = "smoke-times.json" if worker is None else f".smoke-times-{worker}.json"
    return Path(config.rootpath) / "build" / name


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without xdist)
        for stale in _times_file(session.config).parent.glob(".smoke-times-*.json"):
            stale.unlink()


def pytest_sessionfinish(session: pytest.Session) -> None:
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    if worker and _times:  # an xdist worker hands its measurements to the controller through a file
        out = _times_file(session.config, worker)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(_times))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    if hasattr(config, "workerinput"):  # an xdist worker: the controller reports for all of them
        return
    times = dict(_times)
    for part in _times_file(config).parent.glob(".smoke-times-*.json"):
        times.update(json.loads(part.read_text()))
        part.unlink()
    if not times:
        return
    terminalreporter.section(f"smoke-mode time per notebook (budget: {BUDGET:.0f} s wall, "
                             f"{CPU_BUDGET:.0f} CPU-s on an idle 2-core machine; reported, not enforced)")
    parallel = getattr(config.option, "numprocesses", None)
    if parallel:
        terminalreporter.write_line(f"(measured while {parallel} test processes shared the CPU: wall times are "
                                    "longer than on an idle machine; `make run MODE=smoke` measures them alone)")
    for nb, t in sorted(times.items()):
        cpu = t["cpu_seconds"]
        over = [w for w, v, b in (("wall", t["seconds"], BUDGET), ("CPU", cpu, CPU_BUDGET)) if v is not None and v > b]
        terminalreporter.write_line(
            f"{t['seconds']:6.1f} s wall {('%6.1f' % cpu) if cpu is not None else '     ?'} CPU-s  {Path(nb).stem}"
            + (f"  over the {' and '.join(over)} budget" if over else ""))
    out = _times_file(config)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"budget_seconds": BUDGET, "budget_cpu_seconds": CPU_BUDGET,
                               "parallel_test_processes": parallel or 1,
                               "notebooks": {Path(k).stem: v for k, v in sorted(times.items())}}, indent=2) + "\n")
