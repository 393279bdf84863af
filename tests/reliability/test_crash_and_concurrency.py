"""The store's promises under real processes: concurrent writers lose nothing,
readers never see a broken plan, a writer killed at any moment or stopped by a
full disk leaves the old plan or the new one, never a broken file."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from offshore_cli.__main__ import main
from offshore_cli.store import TEMP_SUFFIX

from .writers import HEADER, WRITER, results_block

READER = """
import sys
from offshore_cli.__main__ import main
import os
plan, stop = sys.argv[1], sys.argv[2]
sys.stdout = open(os.devnull, "w")
runs = 0
while not os.path.exists(stop) and runs < 2000:
    code = main(["status", "--plan", plan, "--as-of", "2020-12-31", "--format", "json"])
    if code != 0:
        sys.exit(f"reader saw a broken plan (exit {code})")
    runs += 1
print(runs, file=sys.__stdout__)
"""


@pytest.mark.parametrize("writers", [8, 16])
def test_concurrent_writers_lose_no_figure_and_readers_never_see_a_broken_plan(
        tmp_path: Path, writers: int) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER, encoding="utf-8")
    stop = tmp_path / "stop"
    env = {**os.environ, "OFFSHORE_LOCK_TIMEOUT": "120"}
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(plan), str(stop)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for _ in range(2)]
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(plan), str(w), "25"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for w in range(writers)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
    stop.touch()
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err.decode()
        assert int(out) > 0
    text = plan.read_text(encoding="utf-8")
    assert text.startswith(HEADER)
    values = sorted(r["value"] for r in tomllib.loads(text)["results"])
    assert values == sorted(w * 1000 + i for w in range(writers) for i in range(25))
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))


def add_result_args(day: str) -> list[str]:
    return ["add-result", "x", "7", "--date", day]


def revise_target_args(day: str) -> list[str]:
    return ["revise-target", "x", "--target", "2000000", "--date", day,
            "--reason", "killed or not"]


def import_args(day: str) -> list[str]:
    """An import of three figures, the last one dated ``day``: the sheet is written
    beside the test's files, named after the day."""
    first = dt.date.fromisoformat(day)
    sheet = Path(os.environ["OFFSHORE_TEST_SHEETS"]) / f"figures-{day}.csv"
    rows = [(first + dt.timedelta(days=days)).isoformat() for days in (800, 400, 0)]
    sheet.write_text("indicator;date;value\n" + "".join(f"x;{row};7\n" for row in rows),
                     encoding="utf-8")
    return ["import", str(sheet)]


def _fork(plan: Path, args: list[str]) -> int:
    """Fork a child that runs ``offshore ARGS --plan PLAN`` in-process; return its pid."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.environ["OFFSHORE_LOCK_TIMEOUT"] = "30"
            sink = os.open(os.devnull, os.O_WRONLY)
            os.dup2(sink, 1)
            os.dup2(sink, 2)
            code = main([*args, "--plan", str(plan)])
        finally:
            os._exit(code)
    return pid


# Each writing command appends blocks to its array, the last one dated on the day
# given: (command line for a date, the array, the seed of the kill times, the
# number of kills, the first date, the number of blocks one run appends).
WRITERS_KILLED = {
    "add-result": (add_result_args, "results", 20190423, 120, dt.date(2019, 1, 1), 1),
    "revise-target": (revise_target_args, "revisions", 20170630, 80, dt.date(2016, 1, 1), 1),
    "import": (import_args, "results", 20140101, 80, dt.date(2015, 1, 1), 3),
}


@pytest.mark.parametrize("command", list(WRITERS_KILLED))
def test_writer_killed_at_random_moments_leaves_old_or_new(tmp_path: Path, command: str,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    args_on, array, seed, kills, first, count = WRITERS_KILLED[command]
    monkeypatch.setenv("OFFSHORE_TEST_SHEETS", str(tmp_path))
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + "\n" + results_block(300), encoding="utf-8")
    rng = random.Random(seed)

    # How long one append takes: the window the kills must cover.
    began = time.perf_counter()
    _, status = os.waitpid(_fork(plan, args_on(first.isoformat())), 0)
    window = time.perf_counter() - began
    assert os.waitstatus_to_exitcode(status) == 0

    outcomes = {"old": 0, "new": 0}
    for run in range(kills):
        old = plan.read_text(encoding="utf-8")
        old_count = len(tomllib.loads(old).get(array, []))
        day = (first + dt.timedelta(days=1 + run)).isoformat()
        pid = _fork(plan, args_on(day))
        time.sleep(rng.uniform(0, window * 1.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        now = plan.read_text(encoding="utf-8")
        parsed = tomllib.loads(now)  # always a valid plan
        if now == old:
            outcomes["old"] += 1
        else:
            assert now.startswith(old)
            assert len(parsed[array]) == old_count + count
            assert parsed[array][-1]["date"].isoformat() == day
            outcomes["new"] += 1
    # The kills must have landed on both sides of the rename, or the test proved little.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes
    # The next writer sweeps temporaries a killed writer may have left.
    _, status = os.waitpid(_fork(plan, args_on((first + dt.timedelta(days=500)).isoformat())),
                           0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))
    print(f"kills before the rename: {outcomes['old']}, after: {outcomes['new']}")


FULL_DISK = """
import resource, signal, sys
from offshore_cli.__main__ import main
# Without this the kernel stops the process (SIGXFSZ) instead of failing the write.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(["add-result", "x", "5", "--date", "2019-06-30", "--plan", sys.argv[1]]))
"""


def test_a_full_disk_leaves_the_plan_intact(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(HEADER + "\n" + results_block(50), encoding="utf-8")
    before = plan.read_bytes()
    # Room for the old text but not for the new: the temporary file hits the limit.
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(plan), str(len(before) + 10)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"offshore: error: {plan}: could not write the plan: the file size "
                           "limit was reached (the original file is unchanged)\n")
    assert plan.read_bytes() == before
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions: the read-only "
                    "cases cannot be observed when the tests run as root")
@pytest.mark.parametrize("what", ["plan", "folder"])
def test_read_only_plan_or_folder_is_refused_before_writing(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    plan = folder / "plan.toml"
    plan.write_text(HEADER, encoding="utf-8")
    # The lock file is created first, as it would be by any earlier writer.
    (folder / "plan.toml.lock").touch()
    before = plan.read_bytes()
    (plan if what == "plan" else folder).chmod(0o555 if what == "folder" else 0o444)
    try:
        code = main(["add-result", "x", "5", "--date", "2019-06-30", "--plan", str(plan)])
    finally:
        folder.chmod(0o755)
        plan.chmod(0o644)
    assert code == 2
    assert plan.read_bytes() == before
    assert not list(folder.glob(f"*{TEMP_SUFFIX}"))
