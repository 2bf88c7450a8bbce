"""Process-wide facts: the data folders and whether downloads are allowed.

Used by :mod:`labutils.config` (the banner) and :mod:`labutils.datasets`. The data folder
``LABUTILS_DATA_DIR`` may be read-only (a shared class folder): it is read first, and what is not
in it is written to a per-user folder (``LABUTILS_USER_DATA_DIR``, default ``~/.cache/labutils``).
"""
from __future__ import annotations

import os
import socket
import threading
from functools import lru_cache
from pathlib import Path

#: Host of the Keras dataset mirror; probed once to tell the learner whether downloads can work.
PROBE_HOST = "storage.googleapis.com"


def _default_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "labutils"


def _listed() -> list[Path]:
    env = os.environ.get("LABUTILS_DATA_DIR", "")
    return [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]


def data_dir() -> Path:
    """The cache directory that data is read from first.

    ``$LABUTILS_DATA_DIR`` if set (the first of its folders when it lists several, separated by
    ``os.pathsep``), else ``~/.cache/labutils`` (``$XDG_CACHE_HOME`` honoured). It may be
    read-only (a folder an administrator filled for a whole class): files in it are used and
    checked, never written; what is missing goes to the first writable folder of
    :func:`data_dirs`. Created if missing and if that is allowed.
    """
    path = (_listed() or [_default_dir()])[0]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:  # a shared folder that is not there and may not be created: only read from
        pass
    return path.resolve()


def user_data_dir() -> Path:
    """The per-user folder, where files go when no folder of ``LABUTILS_DATA_DIR`` is writable:
    ``$LABUTILS_USER_DATA_DIR`` if set, else ``~/.cache/labutils`` (``$XDG_CACHE_HOME``
    honoured), which is :func:`data_dir` itself when ``LABUTILS_DATA_DIR`` is not set."""
    env = os.environ.get("LABUTILS_USER_DATA_DIR")
    return (Path(env).expanduser() if env else _default_dir()).resolve()


def data_dirs() -> list[Path]:
    """The folders data is looked up in, in order: those of ``LABUTILS_DATA_DIR`` (the first is
    :func:`data_dir`), then :func:`user_data_dir` when it is not one of them."""
    dirs = [data_dir()] + [p.resolve() for p in _listed()[1:]]
    user = user_data_dir()
    return list(dict.fromkeys(dirs + [user]))


def writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (made if missing): tried, not guessed from the
    mode bits, so a read-only mount, another owner and a full ACL all count as not writable."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.remove(probe)
    return True


def writable_dir(sub: str) -> Path | None:
    """``<folder>/<sub>`` of the first folder of :func:`data_dirs` that can be written there, or
    None when none can (the caller then does without caching, or falls back to a stand-in)."""
    for d in data_dirs():
        if writable(d / sub):
            return d / sub
    return None


def describe_dirs() -> str:
    """The data folders for the banner: the first, and where new files go if not there."""
    first = data_dir()
    target = writable_dir("")
    if target is None:
        return f"{first} (read-only; so is {user_data_dir()}: nothing new can be cached)"
    if target.resolve() != first:
        return f"{first} (read-only: used as it is; new files go to {target.resolve()})"
    return str(first)


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
