"""Shared fixtures: tests run offline, with matplotlib drawing off-screen."""
from __future__ import annotations


import matplotlib

matplotlib.use("Agg")
# LABUTILS_OFFLINE, LABUTILS_HEADLESS and the tests' own LABUTILS_DATA_DIR are set by the
# repository's top-level conftest.py, so that the notebooks nbval runs get them too.

import pytest  # noqa: E402


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty LABUTILS_DATA_DIR for tests that inspect what lands in the cache."""
    d = tmp_path / "cache"
    monkeypatch.setenv("LABUTILS_DATA_DIR", str(d))
    monkeypatch.setenv("LABUTILS_USER_DATA_DIR", str(d))
    return d


@pytest.fixture(autouse=True)
def _forget_failed_downloads():
    """labutils remembers failed downloads for the process; each test starts without that memory."""
    from labutils.datasets import _cache

    _cache._FAILED.clear()
    yield
    _cache._FAILED.clear()


@pytest.fixture(scope="session")
def grader_cache(tmp_path_factory):
    """A grader's data folder with the stand-ins only (no real file): the tests' own, linked (not
    copied) into a folder of this session's, so that it can be made read-only."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    src = Path(os.environ["LABUTILS_DATA_DIR"])
    subprocess.run([sys.executable, "-m", "labutils", "data"], check=True, capture_output=True,
                   env={**os.environ, "LABUTILS_OFFLINE": "1"})
    dst = tmp_path_factory.mktemp("grader-cache") / "data"

    def link(a: str, b: str) -> None:
        try:
            os.link(a, b)
        except OSError:  # another file system
            shutil.copy2(a, b)

    shutil.copytree(src, dst, copy_function=link, ignore=shutil.ignore_patterns("downloads"))
    assert not list(dst.rglob("downloads")), "the cache must hold no real data"
    return dst
