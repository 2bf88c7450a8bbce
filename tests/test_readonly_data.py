"""A read-only data folder is a supported configuration (a class folder an administrator filled).

Files in it are used and checked, never written; a missing file is fetched into the per-user
folder; stand-ins it lacks are generated there; when no folder can be written, a download falls
back to the stand-in with the reason in the banner, and a stand-in is generated without being
cached.

The folders are read-only for real: as root (CI), the scenario runs in a child process as an
unprivileged uid, for which the root-owned folder is not writable; otherwise the folder is made
read-only with chmod. Either way the child process finds out the way a learner's kernel would.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

UNPRIVILEGED = 65534  # nobody

SCENARIO = textwrap.dedent('''
    import json, os, sys
    from pathlib import Path
    import numpy as np
    from labutils import _env
    from labutils.datasets import _cache
    import labutils.datasets as datasets

    shared, user = Path(sys.argv[1]), Path(sys.argv[2])
    uris = json.loads(sys.argv[3])
    out = {"writable_shared": _env.writable(shared / "downloads"),
           "writable_user": _env.writable(user / "downloads")}
    out["present"] = str(_cache.fetch("present.bin", *uris["present.bin"]))
    out["missing"] = str(_cache.fetch("missing.bin", *uris["missing.bin"]))
    out["k1"] = _cache.cached_arrays("k1", lambda: {"a": np.zeros(1)})["a"].tolist()
    out["k2"] = _cache.cached_arrays("k2", lambda: {"a": np.full(2, 7.0)})["a"].tolist()
    # now the per-user folder is read-only too: nothing can be cached anywhere
    os.environ["LABUTILS_USER_DATA_DIR"] = sys.argv[4]
    try:
        _cache.fetch("other.bin", *uris["other.bin"])
    except _cache.DownloadUnavailable as exc:
        out["other"] = str(exc)
    out["k3"] = _cache.cached_arrays("k3", lambda: {"a": np.ones(3)})["a"].tolist()
    datasets.load_text_corpus()
    out["sources"] = datasets.sources()
    print("RESULT " + json.dumps(out))
''')


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _source(tmp_path: Path, name: str, payload: bytes) -> list:
    src = tmp_path / "origin" / name
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(payload)
    return [src.as_uri(), hashlib.sha256(payload).hexdigest()]


@pytest.fixture
def base():
    """A folder the unprivileged uid can reach (pytest's own tmp folders are root's only)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="labutils-readonly-"))
    path.chmod(0o755)
    yield path
    for d in [path, *path.rglob("*")]:  # let it be removed
        if d.is_dir():
            d.chmod(0o755)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def folders(base):
    """(shared, user, also_read_only, uris): the shared folder holds one download and one stand-in."""
    tmp_path = base
    (tmp_path / "origin").mkdir()
    uris = {n: _source(tmp_path, n, n.encode() * 100) for n in ("present.bin", "missing.bin", "other.bin")}
    shared = tmp_path / "shared"
    (shared / "downloads").mkdir(parents=True)
    (shared / "standins").mkdir()
    (shared / "downloads" / "present.bin").write_bytes(b"present.bin" * 100)
    np.savez(shared / "standins" / "k1.npz", a=np.array([5.0]))
    user, locked = tmp_path / "user", tmp_path / "locked"
    user.mkdir()
    locked.mkdir()
    return shared, user, locked, uris


def _run_read_only(shared: Path, user: Path, locked: Path, uris: dict, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABUTILS_")}
    env.update(LABUTILS_DATA_DIR=str(shared), LABUTILS_USER_DATA_DIR=str(user), HOME=str(user),
               LABUTILS_DATA_MIRROR="", PYTHONDONTWRITEBYTECODE="1", TF_CPP_MIN_LOG_LEVEL="2",
               MPLCONFIGDIR=str(user / ".mpl"))
    cmd = [sys.executable, "-c", SCENARIO, str(shared), str(user), json.dumps(uris), str(locked)]
    if os.geteuid() == 0:  # root writes anywhere: run as a user the root-owned folders deny
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: no way to make a folder read-only for real")
        for p in [tmp_path, tmp_path / "origin", *(tmp_path / "origin").iterdir()]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        for p in [user, *user.rglob("*")]:
            os.chown(p, UNPRIVILEGED, UNPRIVILEGED)
        cmd = ["setpriv", f"--reuid={UNPRIVILEGED}", f"--regid={UNPRIVILEGED}", "--clear-groups", *cmd]
    for p in (shared, locked):
        for d in [p, *p.rglob("*")]:
            if d.is_dir():
                d.chmod(0o555)
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    line = next(l for l in r.stdout.splitlines() if l.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT ")) | {"stdout": r.stdout}


def test_read_only_data_folder(folders, base):
    shared, user, locked, uris = folders
    before = _files(shared)
    out = _run_read_only(shared, user, locked, uris, base)
    assert out["writable_shared"] is False and out["writable_user"] is True
    # a file present in the read-only folder is used (and was checked: its digest matched)
    assert out["present"] == str((shared / "downloads" / "present.bin").resolve())
    # a missing one is downloaded into the per-user folder
    assert out["missing"] == str((user / "downloads" / "missing.bin").resolve())
    assert (user / "downloads" / "missing.bin").read_bytes() == b"missing.bin" * 100
    # stand-ins: read from the shared folder, generated into the per-user one
    assert out["k1"] == [5.0] and out["k2"] == [7.0, 7.0]
    assert (user / "standins" / "k2.npz").exists()
    # nothing writable at all: the download falls back, saying why; a stand-in is not cached
    assert "not writable" in out["other"] and str(locked) in out["other"]
    assert out["k3"] == [1.0, 1.0, 1.0] and not list(locked.rglob("k3*"))
    assert out["sources"] == {"text_corpus": "stand-in"}
    assert "[STAND-IN DATA] text_corpus" in out["stdout"] and "not writable" in out["stdout"]
    assert _files(shared) == before, "the read-only folder was written to"


def test_data_dir_may_list_several_folders(tmp_path, monkeypatch):
    from labutils import _env

    a, b, u = tmp_path / "a", tmp_path / "b", tmp_path / "u"
    monkeypatch.setenv("LABUTILS_DATA_DIR", os.pathsep.join([str(a), str(b)]))
    monkeypatch.setenv("LABUTILS_USER_DATA_DIR", str(u))
    assert _env.data_dirs() == [a.resolve(), b.resolve(), u.resolve()]
    assert _env.data_dir() == a.resolve()
    monkeypatch.setenv("LABUTILS_USER_DATA_DIR", str(a))
    assert _env.data_dirs() == [a.resolve(), b.resolve()]  # listed once


def test_banner_says_where_new_files_go(tmp_path, monkeypatch):
    from labutils import _env

    monkeypatch.setenv("LABUTILS_DATA_DIR", str(tmp_path / "shared"))
    monkeypatch.setenv("LABUTILS_USER_DATA_DIR", str(tmp_path / "user"))
    real = _env.writable
    monkeypatch.setattr(_env, "writable", lambda p: False if "shared" in str(p) else real(p))
    text = _env.describe_dirs()
    assert "read-only" in text and str((tmp_path / "user").resolve()) in text


def test_output_dir_falls_back_when_the_build_folder_is_read_only(tmp_path, monkeypatch, capsys):
    import labutils
    from labutils import _env

    monkeypatch.setenv("LABUTILS_BUILD_DIR", str(tmp_path / "course-build"))
    monkeypatch.setenv("LABUTILS_USER_DATA_DIR", str(tmp_path / "user"))
    real = _env.writable
    monkeypatch.setattr(_env, "writable", lambda p: False if "course-build" in str(p) else real(p))
    path = labutils.output_dir("nb")
    assert path == (tmp_path / "user").resolve() / "build" / "nb" and path.is_dir()
    assert "cannot be written" in capsys.readouterr().out
