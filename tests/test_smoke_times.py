"""The smoke budget is measured and reported by the top-level conftest.py, never enforced: a
notebook over budget passes, and its wall and CPU seconds land in the summary and in
build/smoke-times.json."""
import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

pytest_plugins = ["pytester"]
ROOT = Path(__file__).resolve().parents[1]


def test_over_budget_is_reported_not_failed(pytester, monkeypatch):
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [new_code_cell("import time\nt = time.process_time()\nwhile time.process_time() - t < 1.0:\n    pass"),
                new_code_cell("time.sleep(0.5)")]
    nbformat.write(nb, str(pytester.path / "01_slow.ipynb"))
    monkeypatch.setenv("LABUTILS_SMOKE_BUDGET", "0.5")
    monkeypatch.setenv("LABUTILS_SMOKE_CPU_BUDGET", "0.5")
    result = pytester.runpytest_subprocess("--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider", "01_slow.ipynb")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*smoke-mode time per notebook*", "*CPU-s  01_slow  over the wall and CPU budget*"])
    times = json.loads((pytester.path / "build" / "smoke-times.json").read_text())
    entry = times["notebooks"]["01_slow"]
    assert entry["seconds"] >= 1.5 and entry["cpu_seconds"] >= 1.0 and times["budget_seconds"] == 0.5


def test_a_runaway_cell_still_fails(pytester):
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [new_code_cell("import time\ntime.sleep(60)")]
    nbformat.write(nb, str(pytester.path / "02_stuck.ipynb"))
    result = pytester.runpytest_subprocess("--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=3",
                                           "-p", "no:cacheprovider", "02_stuck.ipynb")
    result.assert_outcomes(failed=1)


def test_times_from_parallel_workers_are_all_reported(pytester):
    """Under pytest-xdist (make test runs two processes) each worker measures its notebooks and
    the controller reports them all."""
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    for name in ("01_a", "02_b", "03_c"):
        nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nb.cells = [new_code_cell("x = 1")]
        nbformat.write(nb, str(pytester.path / f"{name}.ipynb"))
    result = pytester.runpytest_subprocess("--nbval-lax", "--nbval-current-env", "-p", "no:cacheprovider",
                                           "-n", "2", "--dist", "loadfile", "01_a.ipynb", "02_b.ipynb", "03_c.ipynb")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*smoke-mode time per notebook*", "*measured while 2 test processes*",
                                 "*01_a*", "*02_b*", "*03_c*"])
    times = json.loads((pytester.path / "build" / "smoke-times.json").read_text())
    assert sorted(times["notebooks"]) == ["01_a", "02_b", "03_c"] and times["parallel_test_processes"] == 2
    assert not list((pytester.path / "build").glob(".smoke-times-*.json"))  # the workers' hand-over files are gone
