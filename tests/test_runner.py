"""The runner: a failing notebook is reported and the others still run; the report's shape."""
import json
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from labutils import runner
from labutils.__main__ import main


def _nb(path, *sources):
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    params = new_code_cell('MODE = "full"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params] + [new_code_cell(s) for s in sources]
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def fake_course(tmp_path_factory):
    d = tmp_path_factory.mktemp("nbs")
    _nb(d / "01_ok.ipynb", "import labutils", "labutils.record('answer', 42)", "labutils.record('mode_seen', MODE)")
    _nb(d / "02_fails.ipynb", "import labutils", "labutils.record('before_error', 1.5)", "raise RuntimeError('planted failure')")
    _nb(d / "03_data.ipynb", "from labutils import datasets", "_ = datasets.load_digits(n_train=10)")
    return d


def test_failure_is_reported_and_the_rest_still_run(fake_course, tmp_path):
    out = tmp_path / "build"
    report = runner.run(runner.resolve([], fake_course), mode="smoke", out_dir=out, echo=False)
    assert [e["name"] for e in report["notebooks"]] == ["01_ok", "02_fails", "03_data"]
    ok, failed, data = report["notebooks"]
    assert ok["status"] == "ok" and ok["metrics"] == {"answer": 42, "mode_seen": "smoke"} and ok["error"] is None
    assert failed["status"] == "failed" and "RuntimeError: planted failure" in failed["error"]
    assert failed["metrics"] == {"before_error": 1.5}  # what was recorded before the failure is kept
    assert data["status"] == "ok" and data["data_source"] == "real" and data["datasets"] == {"digits": "real"}
    assert ok["data_source"] == "none"
    on_disk = json.loads((out / "report.json").read_text())
    assert on_disk == report and set(on_disk) >= {"mode", "notebooks"} and on_disk["mode"] == "smoke"
    for e in on_disk["notebooks"]:
        assert {"name", "status", "seconds", "mode", "data_source", "metrics", "error"} <= set(e)
        assert isinstance(e["seconds"], float) and e["mode"] == "smoke"
    md = (out / "report.md").read_text()
    assert "**FAILED**" in md and "planted failure" in md and "`answer` = 42" in md


def test_cli_exit_code_and_selection(fake_course, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", fake_course)
    monkeypatch.setattr(runner.available, "__defaults__", (fake_course,))
    monkeypatch.setattr(runner.resolve, "__defaults__", (fake_course,))
    assert main(["run", "--mode", "smoke", "--out", str(tmp_path / "a"), "01"]) == 0
    assert main(["run", "--mode", "smoke", "--out", str(tmp_path / "b"), "0[12]*"]) == 1
    names = [e["name"] for e in json.loads((tmp_path / "b" / "report.json").read_text())["notebooks"]]
    assert names == ["01_ok", "02_fails"]


def test_unknown_notebook_lists_choices(fake_course):
    with pytest.raises(ValueError, match=r"no notebook matches '99'; valid choices: \['01_ok', '02_fails', '03_data'\]"):
        runner.resolve(["99"], fake_course)


def test_unknown_mode():
    with pytest.raises(ValueError, match=r"mode must be one of \['smoke', 'full'\]"):
        runner.run([], mode="quick", out_dir="unused")


def test_prepare_injects_parameters(fake_course, tmp_path):
    (path,) = runner.prepare(runner.resolve(["01"], fake_course), "smoke", tmp_path)
    nb = nbformat.read(str(path), as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'MODE = "smoke"' in injected[0].source
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_cpu_seconds_measure_the_kernel(tmp_path):
    """cpu_seconds is the kernel's CPU time: a notebook that spins for 3 CPU-seconds reports at
    least that, and one that sleeps 1.5 s reports wall time but little CPU."""
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 3.0:\n    pass"
    _nb(tmp_path / "01_burn.ipynb", burn)
    _nb(tmp_path / "02_sleep.ipynb", "import time\ntime.sleep(1.5)")
    report = runner.run(runner.resolve([], tmp_path), mode="smoke", out_dir=tmp_path / "build", echo=False)
    burn_e, sleep_e = report["notebooks"]
    assert burn_e["cpu_seconds"] >= 3.0
    assert sleep_e["seconds"] >= 1.5 and sleep_e["cpu_seconds"] < burn_e["cpu_seconds"] - 2.0
    assert "CPU seconds" in (tmp_path / "build" / "report.md").read_text()


def test_process_tree_cpu_seconds_counts_children():
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c",
                              "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.2: pass\n"
                              "time.sleep(30)"])
    try:
        import os

        import psutil

        deadline = time.time() + 20
        while psutil.Process(child.pid).cpu_times().user < 0.2 and time.time() < deadline:
            time.sleep(0.05)
        assert runner.process_tree_cpu_seconds(os.getpid()) >= runner.process_tree_cpu_seconds(child.pid) >= 0.2
    finally:
        child.kill()
        child.wait()
    assert runner.process_tree_cpu_seconds(child.pid) == 0.0  # gone


def test_python_311_is_required_where_the_pins_need_it(tmp_path):
    """The pinned numpy and keras-hub need Python 3.11: pyproject says so, and the Makefile's check
    stops an older interpreter with a clear message before pip fails late."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    assert re.search(r'requires-python = ">=3\.11"', (root / "pyproject.toml").read_text())
    check = re.search(r"\$\(PYTHON\) -c '([^']+)'", (root / "Makefile").read_text()).group(1)
    fake = tmp_path / "sitecustomize.py"  # an interpreter that reports 3.10
    fake.write_text("import sys\nclass V(tuple):\n    pass\nsys.version_info = V((3, 10, 14, 'final', 0))\n")
    env = {**__import__("os").environ, "PYTHONPATH": str(tmp_path)}
    old = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
    assert old.returncode != 0 and "Python 3.11+ is needed" in old.stderr
    assert subprocess.run([sys.executable, "-c", check], capture_output=True).returncode == 0
