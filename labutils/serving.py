"""Serve a SavedModel over HTTP on localhost, from a child process that never outlives its parent.

Used by notebook 10 (deployment). The REST interface follows TensorFlow Serving's:
``POST /v1/models/<name>:predict`` with ``{"instances": [...]}`` returns ``{"predictions": [...]}``;
``GET /v1/models/<name>`` answers when the model is loaded.

The server stops when the notebook says so (``stop()``, or leaving a ``with`` block, also when the
block raises), when the Python process that started it exits (``atexit``), and, if that process is
killed outright (a kernel restart), within a second: the server watches its parent's pid.

Run directly: ``python -m labutils.serving --model DIR [--port 0] [--parent-pid PID]``.
"""
from __future__ import annotations

import argparse
import atexit
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import numpy as np

READY = "LABUTILS-SERVING-READY"


def _check_model_dir(model_dir: str | Path) -> Path:
    path = Path(model_dir)
    if not (path / "saved_model.pb").is_file():
        raise ValueError(f"model_dir must be a SavedModel directory (containing saved_model.pb); got {str(model_dir)!r}")
    return path


class ModelServer:
    """A SavedModel served over HTTP on 127.0.0.1 by a child process.

    >>> with ModelServer("build/10/saved_model") as server:   # doctest: +SKIP
    ...     server.predict(x[:4])
    """

    def __init__(self, model_dir: str | Path, name: str = "model", port: int = 0, startup_timeout: float = 120.0):
        self.model_dir = _check_model_dir(model_dir)
        if not isinstance(port, int) or not 0 <= port < 65536:
            raise ValueError(f"port must be an int in [0, 65535] (0 = any free port); got {port!r}")
        if not name.isidentifier():
            raise ValueError(f"name must be a simple identifier; got {name!r}")
        self.name, self.port, self.startup_timeout = name, port, startup_timeout
        self.process: subprocess.Popen | None = None
        self._log = None

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> "ModelServer":
        """Start the server and wait until the model is loaded; returns self."""
        if self.running:
            return self
        self._log = tempfile.NamedTemporaryFile("w+", prefix="labutils-serving-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "labutils.serving", "--model", str(self.model_dir), "--name", self.name,
             "--port", str(self.port), "--parent-pid", str(os.getpid())],
            stdout=subprocess.PIPE, stderr=self._log, text=True)
        atexit.register(self.stop)
        line = self._wait_ready()
        self.port = int(line.split()[1])
        return self

    def _wait_ready(self) -> str:
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(self.startup_timeout)
        if result and result[0].startswith(READY):
            return result[0]
        self.stop()
        raise RuntimeError(f"the model server did not start within {self.startup_timeout:.0f} s; its log:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 5 s). Safe to call twice."""
        proc, self.process = self.process, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stdout:
            proc.stdout.close()
        atexit.unregister(self.stop)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, n: int = 20) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        return "\n".join(Path(self._log.name).read_text(errors="replace").splitlines()[-n:])

    def __enter__(self) -> "ModelServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ---------------------------------------------------------------- client
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/models/{self.name}:predict"

    def predict(self, instances: Any, timeout: float = 30.0) -> np.ndarray:
        """POST ``instances`` (array-like) and return the predictions as an array."""
        if not self.running:
            raise RuntimeError("the server is not running: call start() or use `with ModelServer(...)`")
        body = json.dumps({"instances": np.asarray(instances).tolist()}).encode()
        req = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return np.asarray(json.loads(resp.read())["predictions"])


# -------------------------------------------------------------------- server side
def _watch_parent(parent_pid: int) -> None:
    """Exit as soon as the parent is gone (we are re-parented, or its pid no longer exists)."""
    while True:
        if os.getppid() != parent_pid:
            os._exit(0)
        time.sleep(0.5)


def _serve(model_dir: str, name: str, port: int, parent_pid: int | None) -> None:
    if parent_pid:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    import tensorflow as tf

    # as labutils.setup does in notebooks: float32 stays float32 on GPUs (no TF32 matmuls)
    tf.config.experimental.enable_tensor_float_32_execution(False)
    loaded = tf.saved_model.load(model_dir)
    infer = loaded.serve if hasattr(loaded, "serve") else loaded.signatures["serving_default"]
    spec = getattr(infer, "input_signature", None)
    dtype = spec[0].dtype if spec else tf.float32
    predict_path, status_path = f"/v1/models/{name}:predict", f"/v1/models/{name}"

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, code: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path == status_path:
                self._reply(200, {"model": name, "state": "AVAILABLE"})
            else:
                self._reply(404, {"error": f"unknown path {self.path}"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != predict_path:
                self._reply(404, {"error": f"unknown path {self.path}; use {predict_path}"})
                return
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                x = tf.constant(np.asarray(body["instances"]), dtype=dtype)
                out = infer(x)
                out = next(iter(out.values())) if isinstance(out, dict) else out
                self._reply(200, {"predictions": out.numpy().tolist()})
            except Exception as e:  # a bad request must not kill the server
                self._reply(400, {"error": f"{type(e).__name__}: {e}"})

        def log_message(self, *args: Any) -> None:  # keep the log quiet: one line per request is noise
            pass

    server = HTTPServer(("127.0.0.1", port), Handler)
    print(f"{READY} {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m labutils.serving", description="Serve a SavedModel on 127.0.0.1.")
    p.add_argument("--model", required=True, help="SavedModel directory")
    p.add_argument("--name", default="model")
    p.add_argument("--port", type=int, default=0, help="0 = any free port (printed on start)")
    p.add_argument("--parent-pid", type=int, default=None, help="exit when this process is gone")
    a = p.parse_args(argv)
    _check_model_dir(a.model)
    _serve(a.model, a.name, a.port, a.parent_pid)


if __name__ == "__main__":
    main()
