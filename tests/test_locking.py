"""The writers' locks: the lock file is made with the plan's group and mode, never
followed through a link, taken again when it was removed, and a lock held too long
is reported with the process holding it."""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

import pytest

from offshore_cli import files
from offshore_cli.errors import StoreError
from offshore_cli.locking import Deadline, holder_of, lock_file, wait_for


@pytest.fixture
def folder(tmp_path: Path) -> int:
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    yield fd  # type: ignore[misc]
    os.close(fd)


def plan_in(tmp_path: Path, mode: int = 0o640) -> os.stat_result:
    plan = tmp_path / "plan.toml"
    plan.write_text("")
    plan.chmod(mode)
    return plan.stat()


def test_the_lock_file_takes_the_plans_mode(tmp_path: Path, folder: int) -> None:
    plan = plan_in(tmp_path, 0o660)
    with lock_file(folder, "plan.toml", plan, "plan.toml", Deadline.after(1)):
        made = (tmp_path / "plan.toml.lock").stat()
    assert stat.S_IMODE(made.st_mode) == 0o660
    assert (made.st_uid, made.st_gid) == (plan.st_uid, plan.st_gid)


def test_a_lock_file_removed_while_waiting_is_taken_anew(tmp_path: Path, folder: int) -> None:
    plan = plan_in(tmp_path)
    lock = tmp_path / "plan.toml.lock"
    with lock_file(folder, "plan.toml", plan, "plan.toml", Deadline.after(1)):
        first = lock.stat().st_ino
        lock.unlink()  # a cleaner removes it under the writer
        # The next writer makes and locks a new file (the removed one, still open, keeps
        # its inode number), which is really the one at the name.
        with lock_file(folder, "plan.toml", plan, "plan.toml", Deadline.after(1)):
            assert lock.stat().st_ino != first


def test_a_lock_file_that_is_a_link_is_refused(tmp_path: Path, folder: int) -> None:
    plan = plan_in(tmp_path)
    (tmp_path / "plan.toml.lock").symlink_to(tmp_path / "target")
    with pytest.raises(StoreError, match="is a symbolic link"), \
            lock_file(folder, "plan.toml", plan, "plan.toml", Deadline.after(1)):
        pass
    assert not (tmp_path / "target").exists()


def test_a_lock_held_too_long_names_its_holder(tmp_path: Path) -> None:
    path = tmp_path / "held"
    path.write_text("")
    with path.open() as holder, path.open() as waiter:
        fcntl.flock(holder, fcntl.LOCK_SH)
        assert holder_of(os.fstat(holder.fileno())) is not None
        assert f"process {os.getpid()} (" in (holder_of(os.fstat(holder.fileno())) or "")
        with pytest.raises(StoreError, match=f"locked for 0.05 s by process {os.getpid()}"):
            wait_for(waiter.fileno(), Deadline.after(0.05), "plan.toml", "the plan file")


def test_no_holder_is_named_for_a_file_nobody_locks(tmp_path: Path) -> None:
    path = tmp_path / "free"
    path.write_text("")
    assert holder_of(path.stat()) is None


@pytest.mark.parametrize(("pid", "expected"), [(os.getpid(), True), (0, False), (-1, False),
                                               (2**31, False), (9_999_999_999, False)])
def test_which_pids_name_a_process(pid: int, expected: bool) -> None:
    assert files.process_exists(pid) is expected


def test_a_temporary_file_is_abandoned_when_its_writer_is_gone_or_it_is_old() -> None:
    assert files.abandoned(None, 0)  # a name from an earlier version, without a pid
    assert not files.abandoned(os.getpid(), 10)
    assert files.abandoned(os.getpid(), files.STALE_SECONDS + 1)
    assert files.abandoned(2**31, 10)
