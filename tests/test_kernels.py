"""Kernels start over Unix sockets (ipc), so ipykernel does not warn about unencrypted TCP."""
import subprocess
import sys

import nbformat


def test_papermill_runner_uses_ipc_and_prints_no_tcp_warning(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('MODE = "full"\nSEED = 0'),
                                         nbformat.v4.new_code_cell("import os\nx = 1 + 1")])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    src = tmp_path / "99_demo.ipynb"
    (tmp_path / "out").mkdir()
    nbformat.write(nb, str(src))
    code = ("from pathlib import Path; from labutils import runner; "
            f"e = runner.run_one(Path({str(src)!r}), 'smoke', Path({str(tmp_path / 'out')!r})); "
            "assert e['status'] == 'ok', e['error']")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "without encryption" not in r.stdout + r.stderr
    assert "KeyboardInterrupt" not in r.stdout + r.stderr  # no interrupt of an idle kernel at shutdown


def test_the_ipc_kernel_manager_keeps_its_sockets_in_the_runtime_folder():
    from jupyter_core.paths import jupyter_runtime_dir

    from labutils.kernels import AsyncIPCKernelManager, IPCKernelManager

    for cls in (IPCKernelManager, AsyncIPCKernelManager):
        km = cls(kernel_name="python3")
        assert km.transport == "ipc" and km.ip.startswith(jupyter_runtime_dir())
        assert km.connection_file.endswith(".json") and km.ip != cls(kernel_name="python3").ip


def test_sockets_stay_short_when_the_runtime_folder_is_deep(tmp_path, monkeypatch):
    from labutils.kernels import IPCKernelManager

    deep = tmp_path / ("d" * 60) / ("e" * 60)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(deep))
    km = IPCKernelManager(kernel_name="python3")
    assert len(km.ip) + len("-ipc-65535") <= 100 and not km.ip.startswith(str(deep))
