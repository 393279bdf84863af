"""Locks that keep writers of one plan in turn, and survive their lock file's removal.

A writer holds two advisory locks (``flock``) from reading the plan to replacing
it:

- the **lock file** ``<plan>.lock`` beside the plan, which keeps writers in
  turn. It is opened relative to the plan's folder without following links, and
  created with the plan's owner (where permitted), group and permission bits so
  that everyone who may write the plan may take it. After locking, the writer checks that the name
  still leads to the file it locked; if the file was removed or replaced
  meanwhile (``git clean``, ``rm *.lock``, a temp cleaner), it locks the file
  that is there now.
- the **plan file itself**, the very file whose bytes were read. A writer that
  locked a lock file removed under it may run beside another one; both then lock
  the plan they read, and the second to get it finds that the plan was replaced
  meanwhile (``store.py`` checks the file's identity under both locks), so no
  acknowledged figure is lost even then.

Anyone who can read a lock file can hold it; a writer therefore never waits more
than its timeout, and the timeout's message names the process holding the lock
where the system tells (``/proc/locks``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from offshore_cli.errors import Problem, StoreError, escaped
from offshore_cli.i18n import _

LOCK_SUFFIX = ".lock"
POLL_SECONDS = 0.02


class Deadline(NamedTuple):
    """When a writer stops waiting for its locks (``time.monotonic`` seconds)."""

    at: float
    timeout: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds, seconds)


def wait_for(fd: int, deadline: Deadline, source: str, what: str) -> None:
    """Take an exclusive ``flock`` on ``fd``, polling until ``deadline``. ``what``: the
    file as the message names it (``the plan file``), in the run's language."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline.at:
                raise _still_locked(fd, deadline, source, what) from None
            time.sleep(POLL_SECONDS)


def _still_locked(fd: int, deadline: Deadline, source: str, what: str) -> StoreError:
    holder = holder_of(os.fstat(fd))
    seconds = f"{deadline.timeout:g}"
    message = (_("{what} has been locked for {seconds} s by {holder}") if holder
               else _("{what} has been locked for {seconds} s"))
    return StoreError(Problem(
        source, "", message.format(what=what, seconds=seconds, holder=holder),
        _("wait for it to finish and try again; OFFSHORE_LOCK_TIMEOUT sets the wait")))


def holder_of(info: os.stat_result) -> str | None:
    """``process 1234 (offshore)`` holding a lock on the file ``info`` describes,
    read from ``/proc/locks``; ``None`` where the system does not tell."""
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        with Path("/proc/locks").open("rb") as handle:
            lines = handle.read(1 << 20).decode("ascii", "replace").splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 6 or fields[5] != wanted:
            continue  # "->" marks a process waiting for the lock, not holding it
        pid = fields[4]
        if not pid.isdigit() or pid == "0":
            return _("another process")
        name = ""
        with contextlib.suppress(OSError), Path(f"/proc/{pid}/comm").open("rb") as comm:
            name = escaped(comm.read(64).decode("utf-8", "replace").strip())
        return (_("process {pid} ({name})") if name else _("process {pid}")).format(
            pid=pid, name=name)
    return None


def _open_lock_file(folder: int, name: str, plan: os.stat_result, source: str,
                    deadline: Deadline) -> int:
    """The lock file's descriptor, created if missing with the plan's group and
    permission bits (readable by whoever may read the plan: ``flock`` needs no
    write access), never through a link."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    mode = stat.S_IMODE(plan.st_mode) & 0o666
    while True:
        try:
            fd = os.open(name, flags | os.O_CREAT | os.O_EXCL, mode, dir_fd=folder)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _lock_error(source, name, exc) from None
        else:
            # The plan's owner and group, so that whoever may write the plan may take
            # the lock (a lock file root made for a private plan stays the owner's).
            try:
                os.fchown(fd, plan.st_uid, plan.st_gid)
            except OSError:
                with contextlib.suppress(OSError):
                    os.fchown(fd, -1, plan.st_gid)
            with contextlib.suppress(OSError):
                os.fchmod(fd, mode)
            return fd
        try:
            fd = os.open(name, flags, dir_fd=folder)
        except FileNotFoundError:
            if time.monotonic() >= deadline.at:  # removed again and again
                raise _kept_removed(source, name, deadline) from None
            continue  # removed since: create it
        except OSError as exc:
            raise _lock_error(source, name, exc) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise StoreError(Problem(source, "", _("the lock file {name} is not a regular "
                                                   "file").format(name=name),
                                     _("remove it; the plan was not changed")))
        return fd


def _kept_removed(source: str, name: str, deadline: Deadline) -> StoreError:
    return StoreError(Problem(source, "", _("the lock file {name} kept being removed for "
                                            "{seconds} s").format(
        name=name, seconds=f"{deadline.timeout:g}"),
        _("stop whatever removes it and try again; the plan was not changed")))


def _lock_error(source: str, name: str, exc: OSError) -> StoreError:
    if exc.errno == errno.ELOOP or isinstance(exc, FileExistsError):
        return StoreError(Problem(source, "", _("the lock file {name} is a symbolic "
                                                "link").format(name=name),
                                  _("remove the link; the plan was not changed")))
    return StoreError(Problem(source, "", _("cannot open the lock file {name}: {reason}").format(
        name=name, reason=exc.strerror), _("the plan's folder must be writable, and the lock "
                                           "file readable, by whoever records figures")))


@contextlib.contextmanager
def lock_file(folder: int, plan_name: str, plan: os.stat_result, source: str,
              deadline: Deadline) -> Iterator[None]:
    """Hold ``<plan>.lock`` in the folder ``folder`` (see the module's docstring)."""
    name = plan_name + LOCK_SUFFIX
    while True:
        fd = _open_lock_file(folder, name, plan, source, deadline)
        try:
            wait_for(fd, deadline, source, _("the lock file {name}").format(name=name))
            held = os.fstat(fd)
            try:
                there = os.stat(name, dir_fd=folder, follow_symlinks=False)
            except FileNotFoundError:
                there = None
        except BaseException:
            os.close(fd)
            raise
        if there is not None and (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
            break
        os.close(fd)  # removed or replaced while we waited: lock the one there now
        if time.monotonic() >= deadline.at:
            raise _kept_removed(source, name, deadline)
    try:
        yield
    finally:
        os.close(fd)  # closing releases the lock
