"""Shared fixtures: tests run offline, with matplotlib drawing off-screen."""
from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")
os.environ["LABUTILS_OFFLINE"] = "1"  # never touch the network from a test
os.environ["LABUTILS_HEADLESS"] = "1"  # kernels started by tests draw static figures

import pytest  # noqa: E402


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty LABUTILS_DATA_DIR for tests that inspect what lands in the cache."""
    d = tmp_path / "cache"
    monkeypatch.setenv("LABUTILS_DATA_DIR", str(d))
    return d
