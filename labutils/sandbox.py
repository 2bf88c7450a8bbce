"""Least privilege for the kernels that run graded submissions (used by :mod:`labutils.coursework`).

A graded submission is hostile code. Its kernel is started through :func:`kernel_command`, which
uses what Linux already offers, in this order of preference:

``root``
    The grader runs as root: ``unshare`` gives the kernel new mount, PID, IPC, UTS and network
    namespaces; it sees a new root file system that holds only the operating system (read-only),
    the Python installation and virtual environment (read-only), the ``labutils`` package
    (read-only), the data cache (read-only) and its own working folder; then ``setpriv`` drops it
    to a dedicated unprivileged uid/gid (chosen at grading time, in no group), with no
    capabilities and ``no_new_privs``.
``userns``
    The grader is not root but the kernel allows unprivileged user namespaces: the same
    namespaces and the same file system view, inside a user namespace; the kernel keeps the
    grader's uid outside that namespace and has no capabilities inside it.
``none``
    Neither is available: the kernel runs as the grader's user with only the resource limits.
    It can read whatever that user can read and reach the network. :func:`plan` says so in
    ``Isolation.missing``, and the grade report repeats it.

In every case the kernel gets a minimal environment (no variables of the grader's beyond
``LABUTILS_*``, ``TF_*``, ``ONEDNN_*``, thread and locale settings), its own working folder, and
``resource`` limits on open files, file size, core dumps and (with a dedicated uid) processes.
The network namespace has only its own loopback device, brought up so that a notebook can talk to
a server it starts itself on 127.0.0.1 (10's model server); it reaches nothing outside the
namespace, not even the grader's loopback. The kernel talks to the grader over Unix sockets in its
working folder (ZeroMQ's ``ipc`` transport).

Run as ``python -m labutils.sandbox SPEC_JSON -- KERNEL_ARGV...``, this module is the launcher
that builds the file system view inside the new namespaces, then executes ``setpriv``.
"""
from __future__ import annotations

import json
import os
import pwd
import resource
import shutil
import subprocess
import sys
import sysconfig
import threading
from dataclasses import dataclass, field
from pathlib import Path

#: Read-only system folders of the kernel's root file system (those that exist).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
#: Device nodes the kernel gets (bound from the host's /dev); nothing else of /dev.
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
#: uids tried for the kernel when the grader is root: the first with no passwd entry and no process.
UID_RANGE = range(61000, 62000)
#: Environment variables passed from the grader to the kernel (prefixes or exact names).
ENV_PREFIXES = ("LABUTILS_", "TF_", "ONEDNN_", "OMP_", "KMP_", "MKL_", "OPENBLAS_", "CUDA_",
                "XLA_", "LC_")
ENV_NAMES = ("LANG", "TZ", "KERAS_BACKEND")
#: Resource limits of the kernel: open files, largest file written, core dumps, processes+threads.
LIMITS = {"RLIMIT_NOFILE": 4096, "RLIMIT_FSIZE": 2 * 2**30, "RLIMIT_CORE": 0}
NPROC_LIMIT = 1024


@dataclass
class Isolation:
    """What the kernel of a graded submission is confined by (see the module docstring)."""

    mode: str                      # "root", "userns" or "none"
    uid: int | None = None         # the kernel's uid when the grader is root
    readonly: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.mode == "root":
            return (f"kernel as uid {self.uid} in new mount/PID/network namespaces, seeing only the "
                    "system, Python, labutils, the data cache and its working folder")
        if self.mode == "userns":
            return ("kernel in a user namespace without capabilities, with new mount/PID/network "
                    "namespaces, seeing only the system, Python, labutils, the data cache and its "
                    "working folder")
        return "kernel as the grader's own user, with resource limits only"


def _runs(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


_IN_USE: set[int] = set()
_LOCK = threading.Lock()


def _free_uid() -> int:
    """A uid with no passwd entry, no process and no other grading of this process using it.

    The search starts at an offset derived from the process id, so that two graders started at
    once are unlikely to try the same uids first."""
    import psutil

    taken = {p.pw_uid for p in pwd.getpwall()}
    for proc in psutil.process_iter(["uids"]):
        try:
            taken.update(proc.info["uids"] or ())
        except psutil.Error:
            pass
    offset = (os.getpid() * 37) % len(UID_RANGE)
    with _LOCK:
        for i in range(len(UID_RANGE)):
            uid = UID_RANGE[(offset + i) % len(UID_RANGE)]
            if uid not in taken and uid not in _IN_USE:
                _IN_USE.add(uid)
                return uid
    raise RuntimeError(f"no free uid in {UID_RANGE.start}..{UID_RANGE.stop - 1} for the kernel")


def _needs() -> list[str]:
    return ["unshare", "setpriv", "mount"]


def plan(readonly: list[Path | str], mode: str | None = None) -> Isolation:
    """Decide how to confine the kernel on this machine.

    ``readonly`` are the folders, besides the system's and Python's, that the kernel may read
    (the ``labutils`` package, the data cache). ``mode`` forces ``"root"``, ``"userns"`` or
    ``"none"`` (tests use it); by default the strongest that works here is chosen.
    """
    if mode not in (None, "root", "userns", "none"):
        raise ValueError(f"mode must be 'root', 'userns', 'none' or None; got {mode!r}")
    keep = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
            *sysconfig.get_paths().values(), *map(str, readonly)]
    keep = sorted({os.path.realpath(p) for p in keep if p and os.path.exists(p)})
    have_tools = all(shutil.which(t) for t in _needs())
    missing = []
    if mode is None:
        if have_tools and os.geteuid() == 0 and _runs(["unshare", "--mount", "--net", "--pid",
                                                       "--fork", "true"]):
            mode = "root"
        elif have_tools and _runs(["unshare", "--user", "--map-root-user", "--mount", "--net",
                                   "--pid", "--fork", "true"]):
            mode = "userns"
        else:
            mode = "none"
    elif mode == "root" and os.geteuid() != 0:
        raise ValueError("mode 'root' needs the grader to run as root")
    if mode == "none":
        missing = ["the kernel runs as the grader's user: it can read and write what that user "
                   "can (the course checkout, the instructor notebooks, other submissions)",
                   "the kernel can reach the network"]
    uid = _free_uid() if mode == "root" else None
    return Isolation(mode=mode, uid=uid, readonly=keep, missing=missing)


def release(isolation: Isolation) -> None:
    """Give back the uid that :func:`plan` reserved (after the kernel and its processes ended)."""
    with _LOCK:
        _IN_USE.discard(isolation.uid)


def kernel_env(work: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The kernel's whole environment: nothing of the grader's but the allowed settings."""
    env = {k: v for k, v in os.environ.items()
           if k.startswith(ENV_PREFIXES) or k in ENV_NAMES}
    env.update({
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin",
                                 "/bin"]),
        "HOME": str(work), "USER": "student", "LOGNAME": "student", "TMPDIR": str(work / "tmp"),
        "IPYTHONDIR": str(work / ".ipython"), "MPLCONFIGDIR": str(work / ".config" / "matplotlib"),
        "KERAS_HOME": str(work / ".keras"), "XDG_CACHE_HOME": str(work / ".cache"),
        "LABUTILS_HEADLESS": "1", "LABUTILS_BUILD_DIR": str(work / "build"),
        "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
    })
    env.update(extra or {})
    return env


def prepare_work_dir(work: Path, isolation: Isolation) -> None:
    """Create the kernel's working folder (and its sub-folders), owned by the kernel's uid."""
    for sub in ("", "tmp", ".ipython", ".config/matplotlib", ".keras", ".cache", "build"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    if isolation.uid is not None:
        for root, dirs, files in os.walk(work):
            for name in [root, *(os.path.join(root, d) for d in dirs),
                         *(os.path.join(root, f) for f in files)]:
                os.chown(name, isolation.uid, isolation.uid)
    work.chmod(0o700)


def kernel_command(isolation: Isolation, work: Path, new_root: Path, argv: list[str]) -> list[str]:
    """``argv`` (the kernel's command) wrapped so that it runs confined as ``isolation`` says.

    ``new_root`` is an empty folder that only the grader can reach; the kernel's root file
    system is mounted there, inside the kernel's own mount namespace.
    """
    if isolation.mode == "none":
        spec = {"limits": _limits(isolation), "work": str(work)}
        return [sys.executable, "-m", "labutils.sandbox", json.dumps(spec), "--", *argv]
    spec = {"root": str(new_root), "work": str(work), "readonly": isolation.readonly,
            "uid": isolation.uid, "limits": _limits(isolation)}
    unshare = ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork",
               "--kill-child"]
    if isolation.mode == "userns":
        unshare[1:1] = ["--user", "--map-root-user"]
    return [*unshare, "--", sys.executable, "-I", "-m", "labutils.sandbox", json.dumps(spec), "--",
            *argv]


def _limits(isolation: Isolation) -> dict[str, int]:
    limits = dict(LIMITS)
    if isolation.uid is not None:  # RLIMIT_NPROC counts every process of the uid
        limits["RLIMIT_NPROC"] = NPROC_LIMIT
    return limits


# ------------------------------------------------------------------ the launcher (inside)
def _mount(*args: str) -> None:
    r = subprocess.run(["mount", *args], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode:
        raise OSError(f"mount {' '.join(args)}: {r.stderr.strip()}")


def _bind(src: str, root: str, readonly: bool) -> None:
    dst = root + src
    if os.path.islink(src):
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if not os.path.lexists(dst):
            os.symlink(os.readlink(src), dst)
        return
    if os.path.isdir(src):
        os.makedirs(dst, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        open(dst, "a").close()
    _mount("--bind", src, dst)
    if readonly:
        _mount("-o", "remount,bind,ro,nosuid,nodev", dst)


def _build_root(spec: dict) -> None:
    root = spec["root"]
    _mount("--make-rprivate", "/")
    _mount("-t", "tmpfs", "-o", "mode=755,size=16m,nosuid,nodev", "tmpfs", root)
    os.makedirs(root + "/dev", exist_ok=True)
    _mount("-t", "tmpfs", "-o", "mode=755,size=1m,nosuid,noexec", "tmpfs", root + "/dev")
    for dev in DEVICES:
        if os.path.exists("/dev/" + dev):
            _bind("/dev/" + dev, root, readonly=False)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{root}/dev/{name}")
    os.makedirs(root + "/dev/shm")
    _mount("-t", "tmpfs", "-o", "mode=1777,size=1g,nosuid,nodev", "tmpfs", root + "/dev/shm")
    os.makedirs(root + "/tmp", exist_ok=True)
    _mount("-t", "tmpfs", "-o", "mode=1777,size=2g,nosuid,nodev", "tmpfs", root + "/tmp")
    done: list[str] = []
    for src in [d for d in SYSTEM_DIRS if os.path.lexists(d)] + spec["readonly"]:
        if any(src == d or src.startswith(d.rstrip("/") + "/") for d in done):
            continue  # already visible through a folder bound before
        _bind(src, root, readonly=True)
        if not os.path.islink(src):
            done.append(src)
    _bind(spec["work"], root, readonly=False)
    os.makedirs(root + "/proc", exist_ok=True)
    _mount("-t", "proc", "-o", "nosuid,nodev,noexec", "proc", root + "/proc")
    if os.path.isdir("/sys"):  # CPU topology for TensorFlow and oneDNN; read-only
        os.makedirs(root + "/sys", exist_ok=True)
        try:
            _mount("--bind", "/sys", root + "/sys")
            _mount("-o", "remount,bind,ro,nosuid,nodev,noexec", root + "/sys")
        except OSError:  # not read-only here (a user namespace): no /sys at all
            subprocess.run(["umount", "-l", root + "/sys"], capture_output=True)
    os.chroot(root)


def _loopback_up() -> None:
    """Bring up ``lo`` of the new network namespace (SIOCGIFFLAGS / SIOCSIFFLAGS with IFF_UP);
    without the privilege for it, loopback stays down and localhost servers fail as before."""
    import fcntl
    import socket
    import struct

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            flags = struct.unpack("16sH", fcntl.ioctl(s, 0x8913, struct.pack("16sH", b"lo", 0)))[1]
            fcntl.ioctl(s, 0x8914, struct.pack("16sH", b"lo", flags | 0x1))
    except OSError:
        pass


def _launch(spec: dict, argv: list[str]) -> None:
    if "root" in spec:
        _build_root(spec)
        _loopback_up()
    os.chdir(spec["work"])
    for name, value in spec["limits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
    os.umask(0o077)
    if "root" not in spec:
        os.execvp(argv[0], argv)
    drop = ["setpriv", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all"]
    if spec.get("uid") is not None:
        drop += [f"--reuid={spec['uid']}", f"--regid={spec['uid']}", "--clear-groups"]
    os.execvp(drop[0], [*drop, "--", *argv])


if __name__ == "__main__":
    sep = sys.argv.index("--")
    _launch(json.loads(sys.argv[1]), sys.argv[sep + 1:])
