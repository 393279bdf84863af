"""Attacks on the files the tool reads and writes, run as an adversary would:
several local users, a shared folder, a CI cache, an editor saving at the wrong
moment, a cleaner removing lock files. No file the tool reads can run code,
redirect a write or lose an acknowledged figure (docs/reliability.md)."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli import cache, entry, validation
from offshore_cli.plan import seed_bytes
from offshore_cli.series import build_series
from offshore_cli.store import TEMP_SUFFIX
from offshore_cli.validation import plan_from_data
from tests.conftest import SEED, Run

from .users import ALICE, BOB, MALLORY, TEAM, make_file, make_folder, needs_root, run_as, spawn_as
from .writers import HEADER, WRITER, results_block

pytestmark = needs_root

PLAN = b"""\
# Bob's plan.
[plan]
title = "Bob's plan"
start = 2014-01-01
deadline = 2020-12-31

[indicators.x]
label = "X"
unit = "things"
target = 1000
"""


class _Touch:
    """A pickle that, when loaded, creates ``marker``: what a planted entry did."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def forged_seed_entry(jobs: float) -> bytes:
    """A well-formed entry for the embedded seed plan saying jobs stood at ``jobs``."""
    plan = plan_from_data(tomllib.loads(seed_bytes().decode()))
    figures = [f._replace(value=jobs) if f.indicator == "jobs" else f for f in plan.results]
    return b"".join(entry.encode(cache.key(), cache.digest(seed_bytes()),
                                 plan._replace(results=tuple(figures)), build_series(figures),
                                 [entry.pack(figures)]))


def test_a_cache_entry_planted_in_another_users_folder_is_never_read(shared_tmp: Path) -> None:
    # Mallory makes a cache folder anyone can write, and plants an entry named after
    # the seed plan's digest (public) in today's format and in the old one (a pickle).
    home = make_folder(shared_tmp / "xdg", MALLORY, 0o777)
    folder = make_folder(home / "offshore", MALLORY, 0o777)
    digest = cache.digest(seed_bytes()).hex()
    marker = shared_tmp / "ran-as-bob"
    make_file(folder / f"{digest}.entry", forged_seed_entry(1.0), MALLORY, 0o666)
    make_file(folder / f"{digest}.pickle", pickle.dumps(_Touch(marker)), MALLORY, 0o666)
    before = sorted(folder.iterdir())
    result = run_as(BOB, "status", "--as-of", "2019-04-23", "--format", "json",
                    env={"XDG_CACHE_HOME": str(home), "OFFSHORE_CACHE": "on"})
    assert result.code == 0, result.err
    jobs = json.loads(result.out)["indicators"][0]
    assert (jobs["id"], jobs["actual"]) == ("jobs", 69900)  # the true figure
    assert not marker.exists()
    assert sorted(folder.iterdir()) == before  # Bob wrote nothing there either
    # Bob's own private folder is used as usual.
    own = make_folder(shared_tmp / "bobcache", BOB, 0o700)
    for _ in range(2):
        assert run_as(BOB, "status", env={"XDG_CACHE_HOME": str(own),
                                          "OFFSHORE_CACHE": "on"}).code == 0
    (made,) = (own / "offshore").iterdir()
    assert made.name == f"{digest}.entry"
    assert (made.stat().st_uid, made.stat().st_mode & 0o777) == (BOB.uid, 0o600)


def _padded(text: bytes, size: int) -> bytes:
    padding = size - len(text) - 2
    assert padding >= 0
    return text + b"#" + b"m" * padding + b"\n"


def test_a_link_flipped_during_add_result_never_redirects_the_write(shared_tmp: Path) -> None:
    # Bob's protected plan, which Mallory cannot write; a folder Mallory owns where
    # "plan.toml" flips between a link to Bob's plan and Mallory's own plan padded to
    # the same size. Bob records figures into that "plan.toml" again and again.
    mine = make_folder(shared_tmp / "bob", BOB, 0o755)
    protected = make_file(mine / "protected.toml", PLAN, BOB, 0o644)
    shared = make_folder(shared_tmp / "shared", MALLORY, 0o777)
    theirs = PLAN.replace(b"Bob's plan", b"Mallory's plan")
    make_file(shared / "mallory.toml", _padded(theirs, len(PLAN) + 60), MALLORY, 0o644)
    stop = shared_tmp / "stop"

    def flip() -> int:
        plan, link, copy = shared / "plan.toml", shared / ".link", shared / ".copy"
        data = (shared / "mallory.toml").read_bytes()
        while not stop.exists():
            link.unlink(missing_ok=True)
            link.symlink_to(protected)
            link.replace(plan)
            copy.write_bytes(data)
            copy.replace(plan)
        return 0

    flipper = spawn_as(MALLORY, flip)
    outcomes: dict[str, int] = {}
    expected = PLAN
    try:
        for attempt in range(40):
            day = (dt.date(2015, 1, 1) + dt.timedelta(days=attempt)).isoformat()
            result = run_as(BOB, "add-result", "x", "7", "--date", day, "--plan",
                            str(shared / "plan.toml"), env={"OFFSHORE_LOCK_TIMEOUT": "30"})
            assert result.code in (0, 2), result.err
            now = protected.read_bytes()
            if now != expected:  # only ever Bob's own plan plus Bob's own figure
                assert now.startswith(expected), now.decode()
                parsed = tomllib.loads(now.decode())
                assert parsed["plan"]["title"] == "Bob's plan"
                assert parsed["results"][-1]["date"].isoformat() == day
                expected = now
                outcomes["into Bob's plan"] = outcomes.get("into Bob's plan", 0) + 1
            elif result.code == 0:
                outcomes["into Mallory's plan"] = outcomes.get("into Mallory's plan", 0) + 1
            else:
                outcomes["refused"] = outcomes.get("refused", 0) + 1
    finally:
        stop.touch()
        os.waitpid(flipper, 0)
    assert b"Mallory" not in protected.read_bytes()
    assert protected.stat().st_uid == BOB.uid
    print(f"40 attempts: {outcomes}")
    # The race was run: figures went into Bob's plan while the link was in place,
    # and other attempts met Mallory's file or a swap (about a quarter here).
    assert outcomes.get("into Bob's plan", 0) > 0
    assert outcomes.get("refused", 0) + outcomes.get("into Mallory's plan", 0) > 0


EDITED = (b"value = 69900", b"value = 69901")  # same size


@pytest.mark.parametrize("how", ["in place, times restored", "by rename"])
def test_an_edit_saved_while_a_figure_is_recorded_is_kept(
        how: str, run: Callable[..., Run], seed_copy: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves while ``add-result`` validates the plan it read."""
    monkeypatch.setenv("OFFSHORE_CACHE", "off")
    edited = seed_copy.read_bytes().replace(*EDITED)
    real_build = validation.build

    def build_while_an_editor_saves(*args: object) -> object:
        done = real_build(*args)  # type: ignore[arg-type]
        if how == "by rename":
            temp = seed_copy.with_name("plan.toml.swp")
            temp.write_bytes(edited)
            temp.replace(seed_copy)
        else:
            info = seed_copy.stat()
            with seed_copy.open("r+b") as handle:
                handle.write(edited)
            os.utime(seed_copy, ns=(info.st_atime_ns, info.st_mtime_ns))
        return done

    monkeypatch.setattr(validation, "build", build_while_an_editor_saves)
    result = run("add-result", "jobs", "70000", "--date", "2019-01-31", "--plan",
                 str(seed_copy))
    assert result.code == 2
    assert "changed by another program while the figure was being recorded" in result.err
    assert seed_copy.read_bytes() == edited
    assert not list(seed_copy.parent.glob(f"*{TEMP_SUFFIX}"))


def _has_read(pid: int, plan: Path) -> bool:
    """Whether process ``pid`` holds ``plan`` open with every byte read."""
    size = plan.stat().st_size
    try:
        for link in Path(f"/proc/{pid}/fd").iterdir():
            with Path(f"/proc/{pid}/fdinfo/{link.name}").open() as info:
                position = int(info.readline().split()[1])
            if link.readlink() == plan and position == size:
                return True
    except (OSError, ValueError, IndexError):
        pass
    return False


@pytest.mark.slow
@pytest.mark.parametrize("how", ["in place", "by rename"])
def test_an_editor_saving_during_a_slow_validation_is_not_overwritten(
        how: str, tmp_path: Path) -> None:
    """A real process on a plan large enough to give the window (a cold cache)."""
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + "\n" + results_block(60_000), encoding="utf-8")
    edited = plan.read_bytes().replace(b"bulk figure 7 ", b"bulk figure 8 ", 1)
    env = {**os.environ, "OFFSHORE_CACHE": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "offshore_cli", "add-result", "x", "5",
                             "--date", "2019-06-30", "--plan", str(plan)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    began = time.monotonic()
    while not _has_read(proc.pid, plan) and proc.poll() is None:
        assert time.monotonic() - began < 60
        time.sleep(0.001)
    # Read; now parsing and validating 60,000 figures (most of a second).
    time.sleep(0.05)
    if how == "by rename":
        (tmp_path / "plan.toml.new").write_bytes(edited)
        (tmp_path / "plan.toml.new").replace(plan)
    else:
        with plan.open("r+b") as handle:
            handle.write(edited)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err.decode()
    assert b"changed by another program" in err
    assert plan.read_bytes() == edited


DELETER = """
import os, sys, time
lock, stop = sys.argv[1], sys.argv[2]
removed = 0
while not os.path.exists(stop):
    try:
        os.unlink(lock)
        removed += 1
    except FileNotFoundError:
        pass
    time.sleep(0.0005)
print(removed)
"""


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(3))
def test_writers_lose_nothing_while_their_lock_file_is_removed(tmp_path: Path,
                                                               round_: int) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER, encoding="utf-8")
    stop = tmp_path / "stop"
    env = {**os.environ, "OFFSHORE_LOCK_TIMEOUT": "120"}
    deleter = subprocess.Popen([sys.executable, "-c", DELETER, str(tmp_path / "plan.toml.lock"),
                                str(stop)], stdout=subprocess.PIPE, text=True)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(plan), str(w), "25"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for w in range(16)]
    try:
        for writer in writers:
            _, err = writer.communicate(timeout=600)
            assert writer.returncode == 0, err.decode()
    finally:
        stop.touch()
        removed = int(deleter.communicate(timeout=60)[0])
    text = plan.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    values = sorted(r["value"] for r in tomllib.loads(text)["results"])
    assert values == sorted(w * 1000 + i for w in range(16) for i in range(25))
    assert removed > 0  # the lock file was removed under the writers
    print(f"round {round_}: lock file removed {removed} times, 400 figures kept")


def _team_plan(shared_tmp: Path) -> Path:
    folder = make_folder(shared_tmp / "team", ALICE, 0o2775, group=TEAM)
    return make_file(folder / "plan.toml", PLAN, ALICE, 0o664, group=TEAM)


def test_a_team_members_write_keeps_the_plans_group_and_mode(shared_tmp: Path) -> None:
    plan = _team_plan(shared_tmp)
    result = run_as(BOB, "add-result", "x", "5", "--date", "2016-06-30", "--plan", str(plan))
    assert result.code == 0, result.err
    assert result.err == ("offshore: note: the plan now belongs to 1002 (it belonged to "
                          "1001); its group 2000 and permissions 0664 are kept\n")
    info = plan.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (BOB.uid, TEAM, 0o664)
    lock = plan.with_name("plan.toml.lock").stat()
    assert (lock.st_gid, lock.st_mode & 0o777) == (TEAM, 0o664)
    # The owner can still record.
    again = run_as(ALICE, "add-result", "x", "6", "--date", "2016-07-31", "--plan", str(plan))
    assert again.code == 0, again.err
    assert plan.stat().st_gid == TEAM
    assert [r["value"] for r in tomllib.loads(plan.read_text())["results"]] == [5, 6]


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_roots_write_keeps_the_owner(shared_tmp: Path, run: Callable[..., Run],
                                     mode: int) -> None:
    folder = make_folder(shared_tmp / "alice", ALICE, 0o700)
    plan = make_file(folder / "plan.toml", PLAN, ALICE, mode)
    result = run("add-result", "x", "5", "--date", "2016-06-30", "--plan", str(plan))
    assert result.code == 0, result.err
    assert result.err == ""
    info = plan.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o7777) == (ALICE.uid, ALICE.gid, mode)
    lock = plan.with_name("plan.toml.lock").stat()
    assert (lock.st_uid, lock.st_gid) == (ALICE.uid, ALICE.gid)  # root made it, for Alice
    status = run_as(ALICE, "status", "--plan", str(plan), "--as-of", "2017-01-01")
    assert status.code == 0, status.err
    again = run_as(ALICE, "add-result", "x", "6", "--date", "2016-07-31", "--plan", str(plan))
    assert again.code == 0, again.err


def test_a_group_the_writer_cannot_give_is_refused(shared_tmp: Path) -> None:
    # Mallory may write the plan and its folder (both open to all) but is not in the
    # team: the team would lose access to a plan that became Mallory's group's.
    folder = make_folder(shared_tmp / "open", ALICE, 0o777, group=TEAM)
    plan = make_file(folder / "plan.toml", PLAN, ALICE, 0o666, group=TEAM)
    result = run_as(MALLORY, "add-result", "x", "5", "--date", "2016-06-30", "--plan",
                    str(plan))
    assert result.code == 2
    assert "belongs to the group 2000, which this user cannot give the new file" in result.err
    assert plan.read_bytes() == PLAN


def test_a_reader_holding_the_lock_file_cannot_block_writers_forever(shared_tmp: Path) -> None:
    plan = _team_plan(shared_tmp)
    lock = plan.with_name("plan.toml.lock")
    make_file(lock, b"", ALICE, 0o644, group=TEAM)
    ready_read, ready_write = os.pipe()
    release_read, release_write = os.pipe()

    def hold() -> int:
        fd = os.open(lock, os.O_RDONLY)  # Bob can only read it
        fcntl.flock(fd, fcntl.LOCK_SH)
        os.write(ready_write, b"x")
        os.read(release_read, 1)
        return 0

    holder = spawn_as(BOB, hold)
    try:
        assert os.read(ready_read, 1) == b"x"
        result = run_as(ALICE, "add-result", "x", "5", "--date", "2016-06-30", "--plan",
                        str(plan), env={"OFFSHORE_LOCK_TIMEOUT": "0.5"})
    finally:
        os.write(release_write, b"x")
        os.waitpid(holder, 0)
    assert result.code == 2
    assert re.search(rf"the lock file plan.toml.lock has been locked for 0.5 s by process "
                     rf"{holder} \(", result.err), result.err
    assert plan.read_bytes() == PLAN


def test_a_dangling_lock_link_is_refused_and_creates_nothing(
        run: Callable[..., Run], seed_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "created-by-the-writer"
    target.parent.mkdir()
    seed_copy.with_name("plan.toml.lock").symlink_to(target)
    before = seed_copy.read_bytes()
    result = run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan", str(seed_copy))
    assert result.code == 2
    assert "the lock file plan.toml.lock is a symbolic link" in result.err
    assert not target.exists()
    assert seed_copy.read_bytes() == before


def test_a_hard_linked_plan_is_refused(run: Callable[..., Run], seed_copy: Path) -> None:
    other = seed_copy.with_name("other-name.toml")
    os.link(seed_copy, other)
    before = seed_copy.read_bytes()
    result = run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan", str(seed_copy))
    assert result.code == 2
    assert "the plan file has 2 names (hard links)" in result.err
    assert seed_copy.read_bytes() == other.read_bytes() == before


def test_an_append_over_the_size_limit_is_refused(run: Callable[..., Run],
                                                  tmp_path: Path) -> None:
    from offshore_cli.plan import MAX_PLAN_BYTES

    plan = tmp_path / "plan.toml"
    head = SEED.read_bytes()
    # A plan a few bytes under the limit: the figure's block would take it over.
    plan.write_bytes(head + b"#" * (MAX_PLAN_BYTES - len(head) - 40) + b"\n")
    before_size = plan.stat().st_size
    result = run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan", str(plan))
    assert result.code == 2
    assert "would take the plan over the 64 MiB limit" in result.err
    assert plan.stat().st_size == before_size
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)


@pytest.mark.parametrize("step", ["write", "fsync", "rename"])
def test_an_interrupt_while_the_plan_is_written_leaves_no_temporary_file(
        step: str, run: Callable[..., Run], seed_copy: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C at each step of the write: the old plan stays, its temporary file goes."""
    import offshore_cli.files
    import offshore_cli.store

    before = seed_copy.read_bytes()
    real = {"write": offshore_cli.files.write_all, "fsync": os.fsync, "rename": os.rename}

    def interrupted(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, as the terminal sends it
        time.sleep(1)  # the handler interrupts this

    if step == "write":
        monkeypatch.setattr(offshore_cli.store, "write_all", interrupted)
    else:
        monkeypatch.setattr(offshore_cli.store.os, step, interrupted)
    result = run("add-result", "jobs", "5", "--date", "2018-06-30", "--plan", str(seed_copy))
    monkeypatch.undo()
    assert real  # the real functions are back for what follows
    assert result.code == 130
    assert result.err == "offshore: error: interrupted\n"
    assert seed_copy.read_bytes() == before
    assert not list(seed_copy.parent.glob(f"*{TEMP_SUFFIX}"))
