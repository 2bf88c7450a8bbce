"""Import TensorFlow without its C++ start-up chatter in the notebook.

TensorFlow 2.21 writes oneDNN and CUDA-probe messages to the process's stderr before its
logging is configured (``TF_CPP_MIN_LOG_LEVEL`` does not reach them). In a notebook they land
in the output of whichever cell first imports TensorFlow, and nbgrader scores a graded cell
that writes to stderr as zero. ``import labutils`` inside a kernel therefore imports
TensorFlow once with file descriptor 2 pointed at /dev/null. Python exceptions still propagate.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def silenced_fd2() -> Iterator[None]:
    """Redirect the OS-level stderr (fd 2) to /dev/null for the duration of the block."""
    try:
        sys.stderr.flush()
    except Exception:  # pragma: no cover - a closed stream
        pass
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow and probe the GPUs once (both chatter on fd 2), silently."""
    if "tensorflow" in sys.modules:
        return
    with silenced_fd2():
        import tensorflow as tf

        tf.config.list_physical_devices("GPU")
