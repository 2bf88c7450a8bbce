"""Grading never depends on the grader's network or on who owns the data cache.

The reference solution of every notebook scores full points under the grader (``labutils grade``,
smoke mode, sandboxed kernel) in the configurations an instructor meets:

``no real data, read-only cache``
    ``LABUTILS_OFFLINE`` unset and no real file cached: every download is tried and fails (the
    mirror is a closed port on 127.0.0.1, and the kernel has no network anyway), so each loader
    falls back to its stand-in, as a learner's would. The cache holds the stand-ins only and is
    read-only: to the kernel always (the sandbox mounts it so, whatever its owner), and to the
    grader too where that can be enforced (chmod, when the tests do not run as root). Every
    notebook with exercises is graded so in ``tests/test_hidden_tests.py`` (which also runs its
    wrong answers there). Without the sandbox's namespaces (isolation ``none``) a writable cache
    is a configuration of its own, graded here for the notebooks that download.
``offline``
    ``LABUTILS_OFFLINE=1``, graded here for the notebooks that download a dataset.

Each run's grade names no course error, and the cache is unchanged afterwards. A notebook whose
own cell fails is graded with that cell named as the cause (``test_a_failing_course_cell_is_named``).
"""
from __future__ import annotations

import copy
import os
import re
import socket
from pathlib import Path

import nbformat
import pytest

from labutils import coursework as cw
from labutils import sandbox

#: Loaders that download (the others read data bundled with scikit-learn or Python).
DOWNLOADING = re.compile(r"datasets\.load_(mnist|fashion_mnist|cifar10|imdb\w*|text_corpus|speech_commands)\(")
NOTEBOOKS = [p for p in cw.notebooks_with_exercises() if DOWNLOADING.search(p.read_text())]
ISOLATION = sandbox.plan([]).mode


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: a connection is refused at once
    return port


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder by name, files with size and time (a folder's time changes when
    someone only checks that it is writable, which is no write of data)."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else ()
            for p in sorted(root.rglob("*"))}


def grade_under(path: Path, cache: Path, monkeypatch, *, offline: bool, read_only: bool, **kwargs) -> dict:
    """``labutils.grade(path, **kwargs)`` with ``cache`` as the grader's data folder, either
    ``LABUTILS_OFFLINE=1`` or downloads refused by a closed port, the cache read-only or not; the
    result says whether any file in the cache changed (``cache_changed``)."""
    monkeypatch.setenv("LABUTILS_DATA_DIR", str(cache))
    monkeypatch.setenv("LABUTILS_USER_DATA_DIR", str(cache))
    if offline:
        monkeypatch.setenv("LABUTILS_OFFLINE", "1")
    else:
        monkeypatch.delenv("LABUTILS_OFFLINE", raising=False)
        monkeypatch.setenv("LABUTILS_DATA_MIRROR", f"http://127.0.0.1:{_closed_port()}/")
        monkeypatch.setenv("LABUTILS_DOWNLOAD_TIMEOUT", "5")
    cw._ensure_data()  # the grader fills its own cache first (here: tries the downloads, which fail)
    dirs = [d for d in [cache, *cache.rglob("*")] if d.is_dir()]
    if read_only:
        for d in dirs:
            d.chmod(0o555)  # binding for the grader unless it is root; the kernel's mount is read-only anyway
    before = _snapshot(cache)  # what the kernel then sees
    try:
        return cw.grade(path, mode="smoke", **kwargs) | {"cache_changed": _snapshot(cache) != before}
    finally:
        for d in dirs:
            d.chmod(0o755)


CONFIGS = {"offline": dict(offline=True, read_only=False)}
if ISOLATION == "none":  # no namespaces: the kernel could write a writable cache, a case of its own
    CONFIGS["no real data, writable cache"] = dict(offline=False, read_only=False)


@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_reference_solution_scores_full_points(path, config, grader_cache, monkeypatch):
    r = grade_under(path, grader_cache, monkeypatch, **CONFIGS[config])
    lost = {g: e["message"] for g, e in r["exercises"].items() if e["status"] != "passed"}
    assert r["status"] == "ok" and r["total"] == r["max"] > 0, (r["status"], r["reason"], lost, r["course_errors"])
    assert r["course_errors"] == []
    if ISOLATION != "none" or CONFIGS[config]["read_only"]:
        assert not r["cache_changed"], "grading wrote into the data cache"


def test_there_are_notebooks_that_download():
    assert {p.stem[:2] for p in NOTEBOOKS} >= {"00", "05", "06", "07", "15"}


def test_a_failing_course_cell_is_named(tmp_path, grader_cache, monkeypatch):
    """The course's own data cell raises: the grade names that cell and its error as the cause,
    says the submission had not run yet, and does not report a bare NameError."""
    src = nbformat.read(str(cw.NOTEBOOK_DIR / "00_start_here.ipynb"), as_version=4)
    broken = copy.deepcopy(src)
    index = next(i for i, c in enumerate(broken.cells) if "datasets.load_mnist" in c.source)
    broken.cells[index].source = "raise OSError('the class data folder is unreachable')\n" + broken.cells[index].source
    path = tmp_path / "00_start_here.ipynb"
    nbformat.write(broken, str(path))
    r = grade_under(path, grader_cache, monkeypatch, offline=True, read_only=False, source=path)
    assert r["course_errors"][0]["cell"] == index and not r["course_errors"][0]["after_submission"]
    assert "OSError: the class data folder is unreachable" in r["course_errors"][0]["error"]
    ex = r["exercises"]["ex0_2_accuracy_test"]
    assert ex["status"] == "course error" and f"cell {index}" in ex["message"]
    assert "not the submission's fault" in ex["message"]
    assert r["exercises"]["ex0_1_standardize_test"]["status"] == "passed"  # it does not use that cell
    assert f"COURSE ERROR: cell {index}" in cw.summary(r)
