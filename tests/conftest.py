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
