"""File primitives shared by the cache and the store: one way to open a file in a
folder without following links, to write all of a buffer, and to tell a
temporary file left by a killed writer from one a running writer is filling.

A data-layer module, below ``cache.py`` and ``store.py``; it knows nothing of
plans.
"""

from __future__ import annotations

import errno
import os

# Linux gives process ids up to 2**22; anything larger names no process.
_MAX_PID = 1 << 22
# A temporary file whose pid is in use (perhaps by another process since the
# writer died) is swept once it is this old: no save takes a day.
STALE_SECONDS = 24 * 3600


def open_in(folder: int, name: str) -> int:
    """A read-only descriptor of ``name`` in the folder ``folder``: never through a
    link (``ELOOP``), never blocking on a FIFO. Raises ``OSError``."""
    return os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                   dir_fd=folder)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (``os.write`` may write fewer)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def process_exists(pid: int) -> bool:
    """Whether a process with this pid exists (perhaps another user's)."""
    if not 0 < pid <= _MAX_PID:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


def abandoned(pid: int | None, age_seconds: float) -> bool:
    """Whether a temporary file written by process ``pid`` (``None``: a name without
    one, from an earlier version) ``age_seconds`` ago was left by a writer that is
    gone, and may be removed."""
    return pid is None or not process_exists(pid) or age_seconds > STALE_SECONDS
