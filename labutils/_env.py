"""Process-wide facts: the data cache directory and whether downloads are allowed.

Used by :mod:`labutils.config` (the banner) and :mod:`labutils.datasets`.
"""
from __future__ import annotations

import os
import socket
import threading
from functools import lru_cache
from pathlib import Path

#: Host of the Keras dataset mirror; probed once to tell the learner whether downloads can work.
PROBE_HOST = "storage.googleapis.com"


def data_dir() -> Path:
    """The one cache directory for downloads and generated stand-ins.

    ``$LABUTILS_DATA_DIR`` if set, else ``~/.cache/labutils`` (``$XDG_CACHE_HOME`` honoured).
    """
    env = os.environ.get("LABUTILS_DATA_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        path = base / "labutils"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def offline_forced() -> bool:
    """True when ``LABUTILS_OFFLINE`` is set to a true value (1, true, yes, on)."""
    return os.environ.get("LABUTILS_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


@lru_cache(maxsize=1)
def network_reachable(timeout: float = 3.0) -> bool:
    """Whether the dataset host's name resolves, checked once per process.

    A name lookup cannot be given a timeout directly, so it runs in a daemon thread that is
    abandoned after ``timeout`` seconds. This is only a hint for the banner: loaders still
    try the download and fall back to a stand-in when it fails.
    """
    if offline_forced():
        return False
    result: list[bool] = []

    def probe() -> None:
        try:
            socket.getaddrinfo(PROBE_HOST, 443)
            result.append(True)
        except OSError:
            result.append(False)

    t = threading.Thread(target=probe, daemon=True)
    t.start()
    t.join(timeout)
    return bool(result and result[0])
