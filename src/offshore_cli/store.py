"""Safe writes to a plan file: append one result, atomically, under a lock.

Nothing else in the package opens a plan for writing. The promise: every byte
already in the file stays as it was (comments, blank lines, key order); the new
figure is appended as a ``[[results]]`` block; the file on disk is always
either the old plan or the new one, whatever happens to the process; two
writers never lose each other's figure. Before replacing the file we prove that
the new text parses to exactly the old plan plus the one new figure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from offshore_cli import cache, series
from offshore_cli.append_proof import (
    BlockMismatch,
    appended_tail,
    prove_block,
    result_block,
    takes_appends,
)
from offshore_cli.errors import Problem, StoreError
from offshore_cli.plan import PlanDocument, load_document, read_bytes
from offshore_cli.rules import plain_figure
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Figure, Plan

LOCK_SUFFIX = ".lock"
TEMP_SUFFIX = ".offshore-tmp"
DEFAULT_LOCK_TIMEOUT = 5.0


class Appended(NamedTuple):
    """What an append wrote (or, on a dry run, would write)."""

    path: Path
    block: str
    entry: dict[str, Any]
    plan: Plan
    series: SeriesMap
    written: bool


def lock_timeout_from(text: str | None) -> float:
    """``$OFFSHORE_LOCK_TIMEOUT``: seconds to wait for the lock (default 5)."""
    if text is None or text == "":
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 <= seconds <= 3600:
        raise StoreError(Problem("OFFSHORE_LOCK_TIMEOUT", "", f"{text!r} is not a number of "
                                 "seconds", "use a number from 0 to 3600, e.g. 5"))
    return seconds


def lock_path(target: Path) -> Path:
    return target.with_name(target.name + LOCK_SUFFIX)


@contextlib.contextmanager
def locked(target: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on ``<plan>.lock`` (never on the plan itself, which
    is replaced by rename and so cannot carry a lock across writers)."""
    path = lock_path(target)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(Problem(str(target), "", f"cannot create the lock file {path.name}: "
                                 f"{exc.strerror}", "the plan's folder must be writable")) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(Problem(
                        str(target), "", f"another offshore process has held {path.name} for "
                        f"{timeout:g} s", "wait for it to finish and try again")) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def real_target(path: Path) -> Path:
    """The file behind ``path``: a symlinked plan is written through, the link kept."""
    return Path(os.path.realpath(path))


def remove_stale_temporaries(target: Path) -> None:
    """Temporary files left by a writer that was killed; called under the lock."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()


def check_writable(target: Path) -> None:
    """Refuse early, before anything is written, when the plan cannot be replaced."""
    if not os.access(target, os.W_OK):
        raise StoreError(Problem(str(target), "", "the plan file is read-only",
                                 "make it writable (chmod u+w) or record elsewhere"))
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise StoreError(Problem(str(target), "", "the plan's folder is read-only, so the plan "
                                 "cannot be replaced atomically", "make the folder writable"))


def _identity(target: Path, document: PlanDocument) -> tuple[int, int, int]:
    """The plan file as it was read: (inode, size, modification time). An editor
    writing in place while we read would leave a size that does not match."""
    info = target.stat()
    if info.st_size != len(document.raw):
        raise StoreError(Problem(str(target), "", "the plan changed while it was being read",
                                 "try again; the file was not changed"))
    return info.st_ino, info.st_size, info.st_mtime_ns


class _ChangedMeanwhile(Exception):
    pass


def write_atomic(target: Path, *parts: bytes,
                 unchanged_since: tuple[int, int, int] | None = None) -> None:
    """Replace ``target`` with the bytes ``parts`` join to: temp file in the same
    folder, fsync, rename, fsync the folder. The file's permission bits are kept.
    With ``unchanged_since``, refuse if the file is no longer the one read."""
    temp = target.with_name(f".{target.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            for part in parts:
                view = memoryview(part)
                while view:
                    view = view[os.write(fd, view):]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        if unchanged_since is not None:
            info = target.stat()
            if (info.st_ino, info.st_size, info.st_mtime_ns) != unchanged_since:
                raise _ChangedMeanwhile
        temp.replace(target)
    except _ChangedMeanwhile:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(Problem(str(target), "", "the plan was changed by another program "
                                 "while the figure was being recorded",
                                 "try again; that program's change is kept")) from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(Problem(str(target), "", f"could not write the plan: {_reason(exc)}",
                                 "the original file is unchanged")) from None
    _fsync_folder(target.parent)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EFBIG:
        return "the file size limit was reached"
    return exc.strerror or str(exc)


def _fsync_folder(folder: Path) -> None:
    # Some file systems cannot open or fsync a folder; the rename is done either way.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _not_appendable(source: str) -> StoreError:
    return StoreError(Problem(
        source, "results", "a [[results]] block appended at the end of this file would not "
        "extend its list of results (results written inline as `results = [...]`, or a "
        "layout that would capture the block)", "write results as [[results]] tables; "
        "the file was not changed"))


def append_result(path: Path, make_entry: Callable[[PlanDocument], dict[str, Any]], *,
                  dry_run: bool = False,
                  lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Appended:
    """Append the entry ``make_entry`` builds from the current plan (read under the
    lock, so it sees every earlier writer's figure), after proving the result.

    The proof that the new bytes parse to exactly the old plan plus the one figure:
    the old bytes were shown to take an appended ``[[results]]`` block when they were
    validated (``plan.appendable``, kept in the cache with their digest); the new
    block parses on its own to exactly the new figure; the new bytes are the old
    bytes followed by the block. TOML is read front to back and a block that opens
    a new ``[[results]]`` table cannot reach back, so the three give the whole."""
    target = real_target(path)
    source = str(path)
    # A plan that cannot be read is refused before a lock file is made beside it;
    # a dry run writes nothing, so it takes no lock either (a rename is atomic).
    read_bytes(target)
    with contextlib.nullcontext() if dry_run else locked(target, lock_timeout):
        if not dry_run:
            remove_stale_temporaries(target)
        document = load_document(path)
        entry = make_entry(document)
        if not takes_appends(document.text):
            raise _not_appendable(source)
        _check_references(source, document.plan, entry)
        figure = plain_figure(entry)
        if figure is None:
            raise StoreError(Problem(source, "results", f"the new figure {entry!r} is not "
                                     "valid", "this is a bug; the file was not changed"))
        block = result_block(entry)
        try:
            prove_block(block, entry)
        except BlockMismatch:
            raise StoreError(Problem(source, "results", "the new figure would not be written "
                                     "as given", "this is a bug; the file was not changed")
                             ) from None
        tail = appended_tail(document.raw, block)
        new_plan, new_series = with_figure(document, figure)
        if not dry_run:
            check_writable(target)
            write_atomic(target, document.raw, tail, unchanged_since=_identity(target, document))
            hashed = document.hashed.copy()
            hashed.update(tail)
            cache.save(hashed.digest(), new_plan, new_series)
    return Appended(path=path, block=block, entry=entry, plan=new_plan, series=new_series,
                    written=not dry_run)


def _check_references(source: str, plan: Plan, entry: dict[str, Any]) -> None:
    """The plan-wide rules that concern a figure: its indicator and ecosystem exist."""
    if entry.get("indicator") not in plan.indicators:
        raise StoreError(Problem(source, "results", f"unknown indicator {entry.get('indicator')!r}",
                                 "the file was not changed"))
    ecosystem = entry.get("ecosystem")
    if ecosystem is not None and ecosystem not in plan.ecosystems:
        raise StoreError(Problem(source, "results", f"unknown ecosystem {ecosystem!r}",
                                 "the file was not changed"))


def with_figure(document: PlanDocument, figure: Figure) -> tuple[Plan, SeriesMap]:
    """The plan and its series with one more figure, the others left packed."""
    results = document.plan.results
    if isinstance(results, cache.LazyFigures):
        new_results: Sequence[Figure] = results.extended([figure])
    else:
        new_results = (*results, figure)
    return document.plan._replace(results=new_results), series.with_figure(document.series,
                                                                           figure)


def create_new(path: Path, text: str) -> None:
    """Write a new file, complete or not at all, and never over one that exists:
    the text goes to a temporary file that is then hard-linked to ``path``."""
    if path.exists() or path.is_symlink():
        raise StoreError(Problem(str(path), "", "already exists and is never overwritten",
                                 "choose another path, or remove the file first"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(Problem(str(path), "", f"cannot create its folder: {_reason(exc)}",
                                 "check the path and its permissions")) from None
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(text.encode("utf-8"))
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(temp, path)
    except FileExistsError:
        raise StoreError(Problem(str(path), "", "already exists and is never overwritten",
                                 "choose another path, or remove the file first")) from None
    except OSError as exc:
        raise StoreError(Problem(str(path), "", f"cannot be created: {_reason(exc)}",
                                 "check the folder, its permissions and free space")) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _fsync_folder(path.parent)


def now_recorded() -> dt.datetime:
    """The recording time stamp: local time with its offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)

