"""Running ``offshore`` as other, unprivileged users, for the attacks of several
local users on shared folders.

The tests run as root in CI. A case runs each party in a forked child that drops
to its own user and groups (``os.setgroups``, ``setgid``, ``setuid``), then calls
``main`` in-process. The modules a command imports lazily are imported first, as
root, by running each command once (``preload``): the child may not be allowed to
read the virtual environment (CI makes it in a private temporary folder). Where
the tests do not run as root the cases are skipped, with that reason.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from offshore_cli.__main__ import main
from tests.conftest import SEED, Run

AS_ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(
    not AS_ROOT, reason="several users are simulated with setuid, which needs root; "
    "CI runs the tests as root")


class User(NamedTuple):
    name: str
    uid: int
    gid: int
    groups: tuple[int, ...] = ()


TEAM = 2000
ALICE = User("alice", 1001, 1001, (TEAM,))
BOB = User("bob", 1002, 1002, (TEAM,))
MALLORY = User("mallory", 1003, 1003)


def spawn_as(user: User, work: Callable[[], int]) -> int:
    """Fork a child that drops to ``user`` and runs ``work``, whose return value is the
    child's exit code; returns the child's pid (reap it with ``os.waitpid``)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        try:
            os.setgroups(list(user.groups))
            os.setgid(user.gid)
            os.setuid(user.uid)
            code = work()
        except BaseException as exc:  # report anything, then leave without pytest
            os.write(2, f"child failed: {exc!r}\n".encode())
        finally:
            os._exit(code)
    return pid


def in_child(user: User, work: Callable[[], int]) -> int:
    """Run ``work`` as ``user`` in a forked child; its return value is the exit code."""
    _, status = os.waitpid(spawn_as(user, work), 0)
    return os.waitstatus_to_exitcode(status)


def run_as(user: User, *args: str, env: dict[str, str] | None = None,
           cwd: Path = Path("/")) -> Run:
    """``offshore ARGS`` as ``user`` in ``cwd``, with ``env`` added to a clean
    environment (the cache off unless ``env`` sets ``OFFSHORE_CACHE``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        def work() -> int:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            # Unbuffered: the child leaves with os._exit, which flushes nothing.
            sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0, closefd=False),
                                          encoding="utf-8", write_through=True)
            sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0, closefd=False),
                                          encoding="utf-8", write_through=True)
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update({"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "120",
                               "HOME": "/nonexistent", "OFFSHORE_CACHE": "off",
                               **(env or {})})
            return main(list(args))

        code = in_child(user, work)
        out.seek(0)
        err.seek(0)
        return Run(code, out.read().decode(), err.read().decode())


_PRELOADED = False


def preload(folder: Path) -> None:
    """Import, as root, every module the commands below import on first use."""
    global _PRELOADED
    if _PRELOADED:
        return
    import difflib  # noqa: F401 - suggestions on errors
    import encodings.ascii  # text files opened with an encoding
    import encodings.latin_1  # noqa: F401
    import fcntl  # noqa: F401
    import grp  # noqa: F401
    import pwd  # noqa: F401

    plan = folder / "preload.toml"
    shutil.copyfile(SEED, plan)
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = io.StringIO()
    try:
        for args in (["status", "--as-of", "2019-04-23"], ["status", "-f", "json"],
                     ["history", "jobs"], ["check", "--as-of", "2019-04-23"],
                     ["validate"], ["add-result", "jobs", "1", "--date", "2019-01-01"],
                     ["add-result", "jobs", "2", "--date", "2019-01-02", "--dry-run"],
                     ["add-result", "nope", "1"]):
            main([*args, "--plan", str(plan)])
    finally:
        sys.stdout, sys.stderr = saved
    _PRELOADED = True


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder every simulated user can reach (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="offshore-users-"))
    folder.chmod(0o755)
    preload(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_folder(path: Path, user: User, mode: int, group: int | None = None) -> Path:
    path.mkdir()
    os.chown(path, user.uid, user.gid if group is None else group)
    path.chmod(mode)
    return path


def make_file(path: Path, data: bytes, user: User, mode: int, group: int | None = None) -> Path:
    path.write_bytes(data)
    os.chown(path, user.uid, user.gid if group is None else group)
    path.chmod(mode)
    return path
