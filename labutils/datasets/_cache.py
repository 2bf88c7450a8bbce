"""The download cache and the stand-in cache, both under the data folders.

Files are looked up in ``LABUTILS_DATA_DIR`` first, which may be read-only (a folder shared by a
class), then in the per-user ``LABUTILS_USER_DATA_DIR``; new files go to the first that can be
written (:func:`labutils._env.data_dirs`).

Downloads go through ``keras.utils.get_file`` into a private staging folder and are moved
into place only after their checksum matched, so an interrupted or corrupted download never
leaves a file in the cache. A cached file that no longer matches its checksum is an error
that names the file and the fix, never a silent re-use.

A few files have no published checksum (``file_hash=None``, e.g. mini Speech Commands). The
first download of such a file is trusted: its sha256 is recorded next to it
(``<name>.sha256``) and every later use checks the cached file against that record.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

from labutils import _env


class CorruptCacheError(RuntimeError):
    """A file in the cache does not match its checksum or cannot be read."""


class DownloadUnavailable(RuntimeError):
    """The real data could not be fetched (offline, forced offline, or a failed download)."""


def file_digest(path: Path, algorithm: str) -> str:
    """Hex digest of a file, read in 1 MiB chunks."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _algorithm(file_hash: str) -> str:
    if len(file_hash) == 64:
        return "sha256"
    if len(file_hash) == 32:  # Keras publishes only an MD5 for imdb_word_index.json
        return "md5"
    raise ValueError(f"file_hash must be a sha256 (64 hex) or md5 (32 hex) digest; got {file_hash!r}")


def _corrupt_message(path: Path, what: str) -> str:
    return (
        f"The cached file {path} {what}. It is corrupted or was modified. "
        f"Fix: delete it (rm '{path}') and run again to download it afresh, "
        f"or set LABUTILS_OFFLINE=1 to use the stand-in."
    )


#: Downloads that failed in this process, by URL: not tried again on every call (a 170 MB
#: CIFAR-10 attempt behind a firewall costs minutes each time).
_FAILED: dict[str, str] = {}

#: Seconds without data before a download is given up (``LABUTILS_DOWNLOAD_TIMEOUT``).
DEFAULT_TIMEOUT = 30.0


def download_name(origin: str) -> str:
    """The published file's name: the last part of its origin URL (``input.txt`` for Tiny
    Shakespeare). Mirrors hold files under these names, and ``LABUTILS_CHECKSUMS`` uses them."""
    return origin.rstrip("/").rsplit("/", 1)[-1]


def download_url(origin: str) -> str:
    """``origin``, or the same file name under ``$LABUTILS_DATA_MIRROR`` when that is set (for
    learners whose access to the origins is slow or blocked). The file name is the last part of
    the origin's URL, so a mirror holds the published files under their own names."""
    mirror = os.environ.get("LABUTILS_DATA_MIRROR", "").strip()
    if not mirror:
        return origin
    if not mirror.startswith(("http://", "https://", "file://")):
        raise ValueError(f"LABUTILS_DATA_MIRROR must be a base URL (http://, https:// or file://); got {mirror!r}")
    return mirror.rstrip("/") + "/" + download_name(origin)


def expected_digest(fname: str, file_hash: str | None) -> str | None:
    """``file_hash``, or the entry for ``fname`` (a :func:`download_name`) in the JSON file
    ``$LABUTILS_CHECKSUMS`` names (``{file name: hex digest}``), which then replaces the built-in
    table (the tests serve fixtures): it must list every file fetched, and ``null`` there means
    "no published checksum" as ``file_hash=None`` does. None: no checksum is known."""
    table = os.environ.get("LABUTILS_CHECKSUMS", "").strip()
    if not table:
        return file_hash
    import json

    try:
        digests = json.loads(Path(table).read_text())
    except (OSError, ValueError) as exc:
        raise ValueError(f"LABUTILS_CHECKSUMS must name a JSON file {{file name: digest}}; {table!r}: {exc}") from None
    if fname not in digests:
        raise ValueError(f"LABUTILS_CHECKSUMS ({table}) has no digest for {fname!r}; it replaces the built-in table")
    return None if digests[fname] is None else str(digests[fname])


def record_path(target: Path) -> Path:
    """Where the sha256 of a file downloaded without a published checksum is recorded."""
    return target.with_name(target.name + ".sha256")


def recorded_digest(target: Path) -> str:
    """The sha256 recorded when ``target`` (fetched with ``file_hash=None``) was downloaded.

    Raises:
        CorruptCacheError: there is no record or it is not a sha256 (``target`` cannot be
            checked, so it is not used).
    """
    record = record_path(target)
    try:
        digest = record.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        digest = ""
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise CorruptCacheError(_corrupt_message(
            target, f"has no readable record of the sha256 it was downloaded with ({record}), "
                    "so it cannot be checked"))
    return digest


def _timeout() -> float:
    raw = os.environ.get("LABUTILS_DOWNLOAD_TIMEOUT", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ValueError(f"LABUTILS_DOWNLOAD_TIMEOUT must be a positive number of seconds; got {raw!r}")
    return value


def find(subdir: str, fname: str) -> Path | None:
    """The first ``<data folder>/<subdir>/<fname>`` that exists, in the order of
    :func:`labutils._env.data_dirs`, or None."""
    for d in _env.data_dirs():
        if (d / subdir / fname).exists():
            return d / subdir / fname
    return None


def _not_writable(subdir: str, fname: str) -> str:
    dirs = " nor ".join(str(d / subdir) for d in _env.data_dirs())
    return (f"the data folder is not writable ({dirs}), so {fname} cannot be downloaded into it; "
            "set LABUTILS_USER_DATA_DIR to a folder you can write")


def fetch(fname: str, origin: str, file_hash: str | None, subdir: str = "downloads") -> Path:
    """Return the path of ``fname`` in the cache, downloading it from ``origin`` if needed.

    The file is looked up in every data folder (:func:`labutils._env.data_dirs`: the shared one
    first, which may be read-only) and checked where it is found; a download goes to the first
    folder that can be written.

    ``origin`` is replaced by the mirror of ``LABUTILS_DATA_MIRROR`` and ``file_hash`` by the entry
    of ``LABUTILS_CHECKSUMS`` when those are set. A connection or transfer that stalls for
    ``LABUTILS_DOWNLOAD_TIMEOUT`` seconds (default 30) fails; a failed URL is not tried again in
    the same process.

    ``file_hash=None`` means that no checksum is published for the file, so the first download
    cannot be verified and is trusted: its sha256 is recorded in ``<fname>.sha256`` beside it
    (written before the file is moved into place, and removed again if that fails), and the
    cached file must match that record on every later call (trust on first use). A digest
    from ``LABUTILS_CHECKSUMS`` takes precedence (the download is then verified against it),
    and the record is written all the same.

    Raises:
        CorruptCacheError: the cached file does not match ``file_hash`` (or, with None, the
            recorded sha256, or there is no readable record).
        DownloadUnavailable: offline, no data folder can be written, or the download failed
            (nothing is left behind).
    """
    published = file_hash is not None
    file_hash = expected_digest(download_name(origin), file_hash)
    algo = _algorithm(file_hash) if file_hash is not None else "sha256"
    target = find(subdir, fname)
    if target is not None:
        what = f"does not match its {algo} checksum"
        if file_hash is None:  # trust on first use: the digest recorded at the download
            file_hash = recorded_digest(target)
            what = (f"does not match the sha256 recorded when it was downloaded "
                    f"({record_path(target)}; no checksum is published for it)")
        if file_digest(target, algo) != file_hash:
            raise CorruptCacheError(_corrupt_message(target, what))
        return target
    if _env.offline_forced():
        raise DownloadUnavailable("LABUTILS_OFFLINE=1 is set")
    folder = _env.writable_dir(subdir)
    if folder is None:
        raise DownloadUnavailable(_not_writable(subdir, fname))
    target = folder / fname
    url = download_url(origin)
    if url in _FAILED:
        raise DownloadUnavailable(f"download of {url} failed earlier in this session ({_FAILED[url]}); "
                                  "once the cause is fixed (network, mirror), restart the kernel to try again")
    timeout = _timeout()
    import socket

    import keras

    for stale in folder.glob(".partial-*"):  # left by a kernel killed mid-download (not a live one: a day old)
        if time.time() - stale.stat().st_mtime > 86_400:
            shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder))
    record = record_path(target) if not published else None
    previous = socket.getdefaulttimeout()
    try:
        socket.setdefaulttimeout(timeout)  # get_file has no timeout of its own; urllib uses this one
        got = keras.utils.get_file(fname, origin=url, file_hash=file_hash, cache_dir=str(staging), cache_subdir="")
        if record is not None:  # no published checksum: record what was downloaded, atomically
            digest = file_digest(Path(got), "sha256")
            (staging / record.name).write_text(digest + "\n", encoding="ascii")
            os.replace(staging / record.name, record)
        os.replace(got, target)
    except Exception as exc:
        reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        if isinstance(exc, (socket.timeout, TimeoutError)) or "timed out" in reason:
            reason = f"no data for {timeout:g} s (LABUTILS_DOWNLOAD_TIMEOUT): {reason}"
        _FAILED[url] = reason
        raise DownloadUnavailable(f"download of {url} failed: {reason}") from exc
    finally:  # also on KeyboardInterrupt: no half-written file survives, and no record without it
        socket.setdefaulttimeout(previous)
        shutil.rmtree(staging, ignore_errors=True)
        if record is not None and not target.exists():
            record.unlink(missing_ok=True)
    return target


def cached_arrays(key: str, generate: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Load the arrays saved under ``key`` in the stand-in cache, generating them once.

    Looked up in every data folder (the shared one first, read-only or not); generated arrays
    are saved into the first folder that can be written, or only returned when none can. The
    file is written to a temporary name and renamed, so it is either whole or absent.
    """
    name = f"{key}.npz"
    path = find("standins", name)
    if path is not None:
        try:
            with np.load(path, allow_pickle=False) as f:
                return {k: f[k] for k in f.files}
        except Exception as exc:
            raise CorruptCacheError(_corrupt_message(path, f"cannot be read ({exc})")) from None
    arrays = generate()
    folder = _env.writable_dir("standins")
    if folder is None:  # nowhere to keep them: generated again next time, but the lesson runs
        return arrays
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a cache file is as readable as any other
        os.replace(tmp, folder / name)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return arrays
