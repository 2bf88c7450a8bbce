"""Kernels that talk to their client over Unix sockets (ZeroMQ's ``ipc`` transport), not TCP.

A kernel started over TCP without CurveZMQ keys warns "Kernel is running over TCP without
encryption" (ipykernel), once per notebook, and anyone on the machine could connect to its ports.
Over ``ipc`` the sockets are files in the Jupyter runtime folder, readable by their owner only,
and the warning is not raised. Used by the runner (papermill), the tests (nbval, nbclient) and
``make lab``; the grader confines its kernels with the same transport (:mod:`labutils.coursework`).
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager, KernelManager


#: A Unix socket's path may hold at most 107 bytes; the socket files are "<stem>-ipc-<port>".
_SOCKET_PATH_MAX = 100


def _paths() -> tuple[str, str]:
    import os
    import tempfile

    from jupyter_core.paths import jupyter_runtime_dir

    runtime = Path(jupyter_runtime_dir())
    name = f"kernel-{uuid.uuid4().hex[:12]}"
    if len(str(runtime / name)) + len("-ipc-65535") > _SOCKET_PATH_MAX:  # a deep home or test folder
        runtime = Path(tempfile.gettempdir()) / f"labutils-kernels-{os.getuid()}"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = runtime / name
    return str(stem) + ".json", str(stem) + "-ipc"


def ipc_settings(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with ``transport="ipc"`` and a connection file and socket prefix of its own in
    the runtime folder (unless given)."""
    if kwargs.get("transport", "ipc") != "ipc":
        return kwargs
    connection_file, ip = _paths()
    return {"transport": "ipc", "connection_file": kwargs.get("connection_file") or connection_file,
            "ip": kwargs.get("ip") or ip, **{k: v for k, v in kwargs.items()
                                            if k not in ("transport", "connection_file", "ip")}}


class _QuietShutdown:
    """jupyter_client interrupts a kernel before shutting it down, and ipykernel then logs
    "KeyboardInterrupt caught in kernel" at ERROR level once per notebook, although nothing was
    running. A finished notebook's kernel is idle: the shutdown request alone stops it (and one that
    is still busy is killed after ``shutdown_wait_time`` seconds, as before)."""

    async def _async_interrupt_kernel(self) -> None:
        if getattr(self, "shutting_down", False):
            return
        await super()._async_interrupt_kernel()  # type: ignore[misc]


class IPCKernelManager(_QuietShutdown, KernelManager):
    """A blocking kernel manager over Unix sockets (nbval)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**ipc_settings(kwargs))


class AsyncIPCKernelManager(_QuietShutdown, AsyncKernelManager):
    """An asynchronous kernel manager over Unix sockets (nbclient, papermill)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**ipc_settings(kwargs))


def use_ipc_in_nbval() -> None:
    """Make nbval start its kernels with :class:`IPCKernelManager` (called from conftest.py)."""
    try:
        import nbval.kernel
    except ImportError:  # nbval is a test dependency
        return
    nbval.kernel.KernelManager = IPCKernelManager
