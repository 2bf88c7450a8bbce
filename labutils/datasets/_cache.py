"""The download cache and the stand-in cache, both under ``LABUTILS_DATA_DIR``.

Downloads go through ``keras.utils.get_file`` into a private staging folder and are moved
into place only after their checksum matched, so an interrupted or corrupted download never
leaves a file in the cache. A cached file that no longer matches its checksum is an error
that names the file and the fix, never a silent re-use.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
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


def fetch(fname: str, origin: str, file_hash: str, subdir: str = "downloads") -> Path:
    """Return the path of ``fname`` in the cache, downloading it from ``origin`` if needed.

    Raises:
        CorruptCacheError: the cached file does not match ``file_hash``.
        DownloadUnavailable: offline, or the download failed (nothing is left behind).
    """
    algo = _algorithm(file_hash)
    folder = _env.data_dir() / subdir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / fname
    if target.exists():
        if file_digest(target, algo) != file_hash:
            raise CorruptCacheError(_corrupt_message(target, f"does not match its {algo} checksum"))
        return target
    if _env.offline_forced():
        raise DownloadUnavailable("LABUTILS_OFFLINE=1 is set")
    import keras

    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder))
    try:
        got = keras.utils.get_file(fname, origin=origin, file_hash=file_hash,
                                   cache_dir=str(staging), cache_subdir="")
        os.replace(got, target)
    except Exception as exc:
        raise DownloadUnavailable(f"download of {origin} failed: {exc}") from exc
    finally:  # also on KeyboardInterrupt: no half-written file survives
        shutil.rmtree(staging, ignore_errors=True)
    return target


def cached_arrays(key: str, generate: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Load the arrays saved under ``key`` in the stand-in cache, generating them once.

    The file is written to a temporary name and renamed, so it is either whole or absent.
    """
    folder = _env.data_dir() / "standins"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as f:
                return {k: f[k] for k in f.files}
        except Exception as exc:
            raise CorruptCacheError(_corrupt_message(path, f"cannot be read ({exc})")) from None
    arrays = generate()
    fd, tmp = tempfile.mkstemp(prefix=".partial-", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a cache file is as readable as any other
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return arrays
