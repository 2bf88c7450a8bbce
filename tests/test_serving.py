"""The model server: answers, stops on every path, and never outlives its parent."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from labutils import checks
from labutils.serving import ModelServer


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    import keras
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    path = tmp_path_factory.mktemp("served") / "model"
    model.export(str(path), verbose=False)
    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    # the server runs the SavedModel graph in another process: equal up to the order of the sums
    return path, x, model.predict(x, verbose=0), checks.forward_error_bound(model, x)


def _gone(pid: int, within: float) -> bool:
    deadline = time.time() + within
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a zombie child of this process counts as gone once reaped
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.2)
    return False


def test_serves_the_model_and_stops(saved_model):
    path, x, expected, bound = saved_model
    with ModelServer(path) as server:
        checks.assert_close(server.predict(x), expected, rtol=0, atol=bound, name="served")
        pid = server.process.pid
    assert not server.running and _gone(pid, 5)


def test_stops_when_the_block_raises(saved_model):
    path, x, _, _ = saved_model
    server = ModelServer(path)
    with pytest.raises(ZeroDivisionError):
        with server:
            pid = server.process.pid
            1 / 0
    assert _gone(pid, 5)


def test_bad_request_is_answered_not_fatal(saved_model):
    import json
    import urllib.error
    import urllib.request

    path, x, expected, bound = saved_model
    with ModelServer(path) as server:
        req = urllib.request.Request(server.url, data=json.dumps({"instances": [[1, 2]]}).encode())
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(req, timeout=10)
        assert info.value.code == 400
        checks.assert_close(server.predict(x), expected, rtol=0, atol=bound, name="served")  # still serving


def test_server_dies_with_a_killed_parent(saved_model, tmp_path):
    path, _, _, _ = saved_model
    script = ("import sys, time\nfrom labutils.serving import ModelServer\n"
              f"s = ModelServer({str(path)!r}).start()\nprint(s.process.pid, flush=True)\ntime.sleep(300)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)  # no atexit, no finally: only the watchdog can stop the child
        parent.wait()
        assert _gone(child, 10), "the server outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_bad_arguments(saved_model, tmp_path):
    with pytest.raises(ValueError, match="model_dir"):
        ModelServer(tmp_path)
    with pytest.raises(ValueError, match="port"):
        ModelServer(saved_model[0], port=70_000)
    with pytest.raises(RuntimeError, match="not running"):
        ModelServer(saved_model[0]).predict([[0, 0, 0, 0]])
