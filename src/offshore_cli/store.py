"""Safe writes to a plan file: append one result, atomically, under locks, onto
the very file that was read.

Nothing else in the package opens a plan for writing. The promises (each held by
a test named in docs/reliability.md):

- every byte already in the file stays as it was (comments, blank lines, key
  order); the new figure is appended as a ``[[results]]`` block, after proving
  that the new text parses to exactly the old plan plus that figure
  (``append_proof``); the block takes the plan's line endings (CRLF when its
  first line ends so), and a byte-order mark at its start stays;
- the file on disk is always either the old plan or the new one, whatever
  happens to the process (a temporary file in the same folder, synced, then
  renamed over the plan);
- the write lands on the file that was read, or not at all: the plan's folder
  is opened once and every later step names the plan relative to it, without
  following links; the plan's identity (device, inode, size, modification and
  change times) is taken from the descriptor its bytes were read from, and
  checked again under the locks just before the rename; a plan given as a
  symbolic link is written through to its target only if the link leads to the
  same file at read and at write;
- two writers never lose each other's figure (``locking.py``); a plan changed by
  anything else meanwhile is refused, never overwritten;
- the plan keeps its owner (where the system permits), its group and its
  permission bits; a plan with several names (hard links) is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import grp
import os
import pwd
import re
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
from offshore_cli.consistency import revision_problems
from offshore_cli.entry import LazyFigures
from offshore_cli.errors import PlanError, Problem, StoreError, quoted
from offshore_cli.files import abandoned, open_in, write_all
from offshore_cli.i18n import _
from offshore_cli.locking import Deadline, lock_file, wait_for
from offshore_cli.plan import (
    MAX_PLAN_BYTES,
    Identity,
    PlanDocument,
    cannot_be_opened,
    check_plan_file,
    document_from,
    no_such_file,
    read_descriptor,
)
from offshore_cli.rules import plain_figure
from offshore_cli.series import SeriesMap
from offshore_cli.spec import Figure, Plan, Revision

TEMP_SUFFIX = ".offshore-tmp"
DEFAULT_LOCK_TIMEOUT = 5.0


class Appended(NamedTuple):
    """What an append wrote (or, on a dry run, would write), and anything the user
    should know about how (``notes``: the plan changed owner)."""

    path: Path
    block: str
    entry: dict[str, Any]
    plan: Plan
    series: SeriesMap
    written: bool
    notes: tuple[str, ...] = ()
    entries: tuple[dict[str, Any], ...] = ()  # every entry appended (``append_results``)


def lock_timeout_from(text: str | None) -> float:
    """``$OFFSHORE_LOCK_TIMEOUT``: seconds to wait for the lock (default 5)."""
    if text is None or text == "":
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 <= seconds <= 3600:
        raise StoreError(Problem("OFFSHORE_LOCK_TIMEOUT", "",
                                 _("{value} is not a number of seconds").format(
                                     value=quoted(text)),
                                 _("use a number from 0 to 3600, e.g. 5")))
    return seconds


class _Opened(NamedTuple):
    """The plan as read for an append: its folder and name, its bytes, and its
    state when they were read."""

    folder: int
    name: str
    raw: bytes
    info: os.stat_result

    @property
    def identity(self) -> Identity:
        return Identity.of(self.info)


@contextlib.contextmanager
def _folder_of(path: Path, source: str) -> Iterator[tuple[int, str]]:
    """The descriptor of the folder holding the file ``path`` leads to, and the
    file's name in it. The path's links are resolved once, here."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        raise PlanError(no_such_file(source)) from None
    except OSError as exc:
        raise PlanError(Problem(source, "", _("cannot be resolved: {reason}").format(
            reason=exc.strerror), _("give the path of a plan file (a link must lead to one)"))
                        ) from None
    try:
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise PlanError(Problem(source, "", _("its folder cannot be opened: {reason}").format(
            reason=exc.strerror), _("check the path and its permissions"))) from None
    try:
        yield fd, target.name
    finally:
        os.close(fd)


def _open_in(folder: int, name: str, source: str) -> int:
    try:
        return open_in(folder, name)
    except FileNotFoundError:
        raise PlanError(no_such_file(source)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _changed(source, _("the plan was replaced by a link while it was being "
                                     "opened")) from None
        raise PlanError(cannot_be_opened(source, exc)) from None


def _changed(source: str, what: str) -> StoreError:
    return StoreError(Problem(source, "", what, _("try again; the file was not changed")))


def _same_file_behind(path: Path, identity: Identity, source: str) -> None:
    """The path given (perhaps a link) still leads to the file that was read."""
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not identity.same_file(info):
        raise _changed(source, _("the plan's path no longer leads to the file that was read"))


def _refuse_hard_links(info: os.stat_result, source: str) -> None:
    if info.st_nlink > 1:
        raise StoreError(Problem(
            source, "", _("the plan file has {count} names (hard links); replacing it would "
                          "leave the other names with the old plan").format(count=info.st_nlink),
            _("record into a plan with one name (copy it, or remove the other links); the "
              "file was not changed")))


def check_writable(folder: int, name: str, source: str) -> None:
    """Refuse early, before anything is written, when the plan cannot be replaced."""
    if not os.access(name, os.W_OK, dir_fd=folder, follow_symlinks=False):
        raise StoreError(Problem(source, "", _("the plan file is read-only"),
                                 _("make it writable (chmod u+w) or record elsewhere")))
    if not os.access(".", os.W_OK | os.X_OK, dir_fd=folder):
        raise StoreError(Problem(source, "", _("the plan's folder is read-only, so the plan "
                                               "cannot be replaced atomically"),
                                 _("make the folder writable")))


def _temporary_pattern(name: str) -> re.Pattern[str]:
    # This version's names carry the writer's pid; an earlier version's did not.
    return re.compile(rf"\.{re.escape(name)}\.(?:([0-9]{{1,7}})\.)?[0-9a-f]{{12}}"
                      rf"{re.escape(TEMP_SUFFIX)}")


def remove_stale_temporaries(folder: int, name: str) -> None:
    """Temporary files left by a writer of this plan that was killed; called under
    the locks. A file whose writer is still running is left alone."""
    pattern = _temporary_pattern(name)
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for item in entries:
            found = pattern.fullmatch(item.name)
            if found is None:
                continue
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                pid = int(found.group(1)) if found.group(1) else None
                if stat.S_ISREG(info.st_mode) and abandoned(pid, now - info.st_mtime):
                    os.unlink(item.name, dir_fd=folder)


class _Conflict(Exception):
    """The plan is not the file that was read any more."""

    def __init__(self, grown: bool) -> None:
        super().__init__()
        self.grown = grown  # the old bytes are still its beginning: another figure came


def _check_unchanged(opened: _Opened, path: Path) -> None:
    """Under the locks, just before the rename: the name still leads to the file
    that was read, in the state it was read in, and so does the path given."""
    try:
        now = os.stat(opened.name, dir_fd=opened.folder, follow_symlinks=False)
    except FileNotFoundError:
        raise _Conflict(grown=False) from None
    if Identity.of(now) != opened.identity:
        raise _Conflict(grown=_grown(opened))
    _same_file_behind(path, opened.identity, str(path))


def _still_named(folder: int, name: str, fd: int) -> bool:
    """Whether ``name`` in ``folder`` still leads to the open file ``fd``."""
    try:
        there = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)


def _grown(opened: _Opened) -> bool:
    """Whether the plan now there begins with the bytes that were read."""
    try:
        fd = open_in(opened.folder, opened.name)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(len(opened.raw)) == opened.raw
    finally:
        os.close(fd)


def _keep_owner(fd: int, info: os.stat_result, source: str) -> tuple[str, ...]:
    """Give the new file the plan's owner and group where permitted. Without the
    owner (a writer other than the owner, not root) the group is kept and the user
    told; a plan whose group has access is refused if even the group cannot be kept."""
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
        return ()
    except PermissionError:
        pass
    try:
        os.fchown(fd, -1, info.st_gid)
    except PermissionError:
        if info.st_mode & 0o070:
            raise StoreError(Problem(
                source, "", _("the plan belongs to the group {group}, which this user cannot "
                              "give the new file, so its members would lose access").format(
                    group=_group(info.st_gid)),
                _("record as a member of that group, or as the plan's owner; the file was "
                  "not changed"))) from None
    if info.st_uid == os.geteuid():
        return ()
    return (_("the plan now belongs to {user} (it belonged to {owner}); its group {group} and "
              "permissions {mode} are kept").format(
        user=_user(os.geteuid()), owner=_user(info.st_uid), group=_group(info.st_gid),
        mode=f"{stat.S_IMODE(info.st_mode):04o}"),)


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def _replace(opened: _Opened, path: Path, parts: Sequence[bytes]) -> tuple[str, ...]:
    """Write ``parts`` to a temporary file beside the plan, give it the plan's owner,
    group and mode, sync it, check the plan is unchanged, rename it over the plan
    and sync the folder. Returns the notes of ``_keep_owner``."""
    source = str(path)
    temp = f".{opened.name}.{os.getpid()}.{os.urandom(6).hex()}{TEMP_SUFFIX}"
    renamed = False
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600, dir_fd=opened.folder)
        try:
            for part in parts:
                write_all(fd, part)
            notes = _keep_owner(fd, opened.info, source)
            os.fchmod(fd, stat.S_IMODE(opened.info.st_mode))
            os.fsync(fd)
        finally:
            os.close(fd)
        _check_unchanged(opened, path)
        os.rename(temp, opened.name, src_dir_fd=opened.folder, dst_dir_fd=opened.folder)
        renamed = True
    except OSError as exc:
        raise StoreError(Problem(source, "", _("could not write the plan: {reason}").format(
            reason=_reason(exc)), _("the original file is unchanged"))) from None
    finally:
        if not renamed:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=opened.folder)
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder
        os.fsync(opened.folder)
    return notes


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("the disk is full")
    if exc.errno == errno.EFBIG:
        return _("the file size limit was reached")
    return exc.strerror or str(exc)


def _not_appendable(source: str) -> StoreError:
    return StoreError(Problem(
        source, "results", _("a [[results]] block appended at the end of this file would not "
                             "extend its list of results (results written inline as "
                             "`results = [...]`, or a layout that would capture the block)"),
        _("write results as [[results]] tables; the file was not changed")))


def append_result(path: Path, make_entry: Callable[[PlanDocument], dict[str, Any]], *,
                  dry_run: bool = False,
                  lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                  table: str = "results") -> Appended:
    """Append the entry ``make_entry`` builds from the current plan (read under the
    locks, so it sees every earlier writer's figure), after proving the result
    (see the module's docstring and ``append_proof``). A dry run takes no lock and
    writes nothing. ``table`` is the array the entry joins: ``results`` (a figure)
    or ``revisions`` (a revised target, ``revise-target``), with the same
    guarantees."""
    return _append(path, lambda document: [make_entry(document)], dry_run, lock_timeout,
                   table)


def append_results(path: Path,
                   make_entries: Callable[[PlanDocument], Sequence[dict[str, Any]]], *,
                   dry_run: bool = False,
                   lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Appended:
    """Append every ``[[results]]`` entry ``make_entries`` builds from the current
    plan in one write, with ``append_result``'s guarantees: all of them or none.
    No entries: nothing is written (``written`` is false), no lock is kept."""
    return _append(path, make_entries, dry_run, lock_timeout, "results")


def _append(path: Path, make_entries: Callable[[PlanDocument], Sequence[dict[str, Any]]],
            dry_run: bool, lock_timeout: float, table: str) -> Appended:
    source = str(path)
    deadline = Deadline.after(lock_timeout)
    with _folder_of(path, source) as (folder, name):
        while True:
            try:
                return _append_once(path, folder, name, make_entries, dry_run, deadline, table)
            except _Conflict as conflict:
                if not conflict.grown:
                    raise _changed(source, _("the plan was changed by another program while "
                                             "the figure was being recorded")) from None
                if time.monotonic() >= deadline.at:
                    raise _changed(source, _("the plan kept changing while the figure was "
                                             "being recorded, for {seconds} s").format(
                        seconds=f"{lock_timeout:g}")) from None


def _append_once(path: Path, folder: int, name: str,
                 make_entries: Callable[[PlanDocument], Sequence[dict[str, Any]]],
                 dry_run: bool, deadline: Deadline, table: str = "results") -> Appended:
    source = str(path)
    # Refuse a plan that cannot be read before a lock file is made beside it.
    fd = _open_in(folder, name, source)
    try:
        first = check_plan_file(os.fstat(fd), source)
        with contextlib.nullcontext() if dry_run else lock_file(folder, name, first, source,
                                                                deadline):
            os.close(fd)
            fd = -1
            fd = _open_in(folder, name, source)
            if not dry_run:
                wait_for(fd, deadline, source, _("the plan file"))
                if not _still_named(folder, name, fd):
                    # Replaced while we waited (possible only when a lock file was removed
                    # under another writer): nothing is read yet, so start again.
                    raise _Conflict(grown=True)
            raw, info = read_descriptor(fd, source)
            opened = _Opened(folder, name, raw, info)
            _same_file_behind(path, opened.identity, source)
            if not dry_run:
                _refuse_hard_links(info, source)
                remove_stale_temporaries(folder, name)
            document = document_from(raw, source, path, deciding=True)
            entries = list(make_entries(document))
            if not entries:
                return Appended(path=path, block="", entry={}, plan=document.plan,
                                series=document.series, written=False)
            block, tail, new_plan, new_series = _proven(document, entries, table)
            notes: tuple[str, ...] = ()
            if not dry_run:
                check_writable(folder, name, source)
                notes = _replace(opened, path, (raw, tail))
                hashed = document.hashed.copy()
                hashed.update(tail)
                cache.save(hashed.digest(), new_plan, new_series, deciding=True)
    finally:
        if fd >= 0:
            os.close(fd)
    return Appended(path=path, block=block, entry=entries[0], plan=new_plan,
                    series=new_series, written=not dry_run, notes=notes,
                    entries=tuple(entries))


def _proven(document: PlanDocument, entries: Sequence[dict[str, Any]],
            table: str = "results") -> tuple[str, bytes, Plan, SeriesMap]:
    """The blocks and the bytes to append for ``entries``, once every step of the
    proof holds, and the plan and series with the entries they add."""
    source = document.source
    if not takes_appends(document.text, table):
        if table != "results":
            raise StoreError(Problem(
                source, table, _("a [[{table}]] block appended at the end of this file would "
                                 "not extend its list of {table}").format(table=table),
                _("write {table} as [[{table}]] tables; the file was not changed").format(
                    table=table)))
        raise _not_appendable(source)
    if table == "revisions":
        (entry,) = entries
        new_plan, new_series = with_revision(document, entry)
    else:
        figures = []
        for entry in entries:
            _check_references(source, document.plan, entry)
            figure = plain_figure(entry)
            if figure is None:
                raise StoreError(Problem(source, "results", _("the new figure is not valid"),
                                         _("this is a bug; the file was not changed")))
            figures.append(figure)
        new_plan, new_series = with_figures(document, figures)
    block = "\n".join(result_block(entry, table) for entry in entries)
    tail = appended_tail(document.raw, block)
    try:
        prove_block(tail.decode("utf-8"), entries, table)  # the very bytes written
    except BlockMismatch:
        raise StoreError(Problem(source, "results", _("the new figure would not be written "
                                                      "as given"),
                                 _("this is a bug; the file was not changed"))) from None
    if len(document.raw) + len(tail) > MAX_PLAN_BYTES:
        raise StoreError(Problem(
            source, "results", _("the figure would take the plan over the {limit} MiB limit "
                                 "for a plan").format(limit=MAX_PLAN_BYTES // 2**20),
            _("archive old results in another file; the file was not changed")))
    return block, tail, new_plan, new_series


def _check_references(source: str, plan: Plan, entry: dict[str, Any]) -> None:
    """The plan-wide rules that concern a figure: its indicator and ecosystem exist."""
    indicator = entry.get("indicator")
    if indicator not in plan.indicators:
        raise StoreError(Problem(source, "results", _("unknown indicator {name}").format(
            name=quoted(str(indicator))), _("the file was not changed")))
    ecosystem = entry.get("ecosystem")
    if ecosystem is not None and ecosystem not in plan.ecosystems:
        raise StoreError(Problem(source, "results", _("unknown ecosystem {name}").format(
            name=quoted(str(ecosystem))), _("the file was not changed")))


def revision_entry(entry: dict[str, Any]) -> Revision | None:
    """The revision an entry built by ``recording.build_revision`` describes; ``None``
    for anything else (keys or types a revision does not have)."""
    known = {"indicator", "date", "reason", "target", "deadline", "source"}
    target, deadline = entry.get("target"), entry.get("deadline")
    if (set(entry) - known or not isinstance(entry.get("indicator"), str)
            or type(entry.get("date")) is not dt.date or not isinstance(entry.get("reason"), str)
            or not (target is None or type(target) in (int, float))
            or not (deadline is None or type(deadline) is dt.date)
            or not isinstance(entry.get("source", ""), str)
            or (target is None and deadline is None)):
        return None
    return Revision(entry["indicator"], entry["date"], entry["reason"],
                    None if target is None else float(target), deadline, entry.get("source"))


def with_revision(document: PlanDocument, entry: dict[str, Any]) -> tuple[Plan, SeriesMap]:
    """The plan with one more revision, once the plan-wide rules accept it (the
    same rules ``validate`` applies); its series as they were."""
    source = document.source
    revision = revision_entry(entry)
    if revision is None:
        raise StoreError(Problem(source, "revisions", _("the new revision is not valid"),
                                 _("this is a bug; the file was not changed")))
    found = revision_problems(document.plan, revision)
    if found:
        key, message, _hint = found[0]
        raise StoreError(Problem(source, "revisions" + (f".{key}" if key else ""), message,
                                 _("the file was not changed")))
    plan = document.plan
    return plan._replace(revisions=(*plan.revisions, revision)), document.series


def with_figure(document: PlanDocument, figure: Figure) -> tuple[Plan, SeriesMap]:
    """The plan and its series with one more figure, the others left packed."""
    return with_figures(document, [figure])


def with_figures(document: PlanDocument, figures: Sequence[Figure]
                 ) -> tuple[Plan, SeriesMap]:
    """The plan and its series with ``figures`` appended in order, the others left
    packed."""
    results = document.plan.results
    if isinstance(results, LazyFigures):
        new_results: Sequence[Figure] = results.extended(figures)
    else:
        new_results = (*results, *figures)
    return document.plan._replace(results=new_results), series.with_figures(document.series,
                                                                            figures)


def create_new(path: Path, text: str) -> None:
    """Write a new file, complete or not at all, and never over one that exists:
    the text goes to a temporary file that is then hard-linked to ``path``."""
    if path.exists() or path.is_symlink():
        raise StoreError(_already_exists(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(Problem(str(path), "", _("cannot create its folder: {reason}").format(
            reason=_reason(exc)), _("check the path and its permissions"))) from None
    temp = _temporary_beside(path)
    try:
        _write_synced(temp, text.encode("utf-8"), create=0o644)
        os.link(temp, path)
    except FileExistsError:
        raise StoreError(_already_exists(path)) from None
    except OSError as exc:
        raise StoreError(Problem(str(path), "", _("cannot be created: {reason}").format(
            reason=_reason(exc)), _("check the folder, its permissions and free space"))
                         ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _sync_folder(path.parent)


def _temporary_beside(path: Path) -> Path:
    """A new temporary name in ``path``'s folder (``remove_stale_temporaries``
    knows the pattern)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}{TEMP_SUFFIX}")


def _write_synced(temp: Path, data: bytes, *, create: int = 0o666,
                  mode: int | None = None) -> None:
    """Create ``temp`` (never an existing file, never through a link) with the mode
    ``create`` less the umask, or exactly ``mode`` when given, write ``data`` and
    sync it to disk."""
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 create)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Sync a folder, so that a name just created or replaced in it is on disk
    (some file systems cannot: then nothing more is done)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _already_exists(path: Path) -> Problem:
    return Problem(str(path), "", _("already exists and is never overwritten"),
                   _("choose another path, or remove the file first"))


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def now_recorded() -> dt.datetime:
    """The recording time stamp: local time with its offset, to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def write_replacing(path: Path, data: bytes, plan: Path | None = None) -> None:
    """Write ``data`` to ``path``, whole or not at all, over a file already there
    (a report written again): a temporary file in the same folder, synced, then
    renamed over ``path``, with the mode of the file it replaces. Never the plan
    (``plan``, the file the command read: that is ``append_result``'s), and never
    over anything but a regular file: a link, a pipe or a device at ``path`` is
    refused, not replaced."""
    try:
        there = path.lstat()
    except FileNotFoundError:
        there = None
    except OSError as exc:
        raise StoreError(Problem(str(path), "", _("cannot be written: {reason}").format(
            reason=_reason(exc)), _("check the folder and its permissions"))) from None
    if there is not None and not stat.S_ISREG(there.st_mode):
        raise StoreError(Problem(str(path), "", _(
            "is not a regular file (a link, a folder, a pipe or a device) and is not "
            "replaced"), _("give the path of a new or regular file")))
    if there is not None and plan is not None and _same_file(path, plan):
        raise StoreError(Problem(str(path), "", _(
            "is the plan file: the output would replace the plan"),
            _("give another path for the output")))
    temp = _temporary_beside(path)
    try:
        _write_synced(temp, data,
                      mode=stat.S_IMODE(there.st_mode) if there is not None else None)
        temp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StoreError(Problem(str(path), "", _("cannot be written: {reason}").format(
            reason=_reason(exc)), _("check the folder, its permissions and free space"))
        ) from None
    _sync_folder(path.parent)
