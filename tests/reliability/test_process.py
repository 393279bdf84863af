"""The process contract: exit codes, pipes, encodings and terminal settings."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli.__main__ import main
from tests.conftest import SEED, Run

OFFSHORE = [sys.executable, "-m", "offshore_cli"]


def test_a_bug_is_exit_70_with_a_hint_and_no_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import offshore_cli.progress

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(offshore_cli.progress, "evaluate", broken)
    assert main(["status", "--plan", str(SEED)]) == 70
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "offshore: error: internal error: RuntimeError: boom",
        "offshore: this is a bug; please report it with the command you ran "
        "(add --debug for the traceback)",
    ]
    assert main(["status", "--plan", str(SEED), "--debug"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: boom" in err


def test_exit_codes_are_defined_once() -> None:
    from offshore_cli import errors

    assert (errors.EXIT_OK, errors.EXIT_CHECK_FAILED, errors.EXIT_USAGE, errors.EXIT_INTERNAL,
            errors.EXIT_OUTPUT, errors.EXIT_INTERRUPTED) == (0, 1, 2, 70, 74, 130)
    assert errors.OutputError("No space left on device").exit_code == 74


def big_plan(tmp_path: Path) -> Path:
    lines = ['[plan]\ntitle = "Big"\nstart = 2000-01-01\ndeadline = 2030-12-31\n',
             '[indicators.x]\nlabel = "X"\nunit = "u"\ntarget = 1000000\n']
    for i in range(3000):
        day = f"{2000 + i // 365:04d}-{(i % 12) + 1:02d}-{(i % 28) + 1:02d}"
        lines.append(f'[[results]]\nindicator = "x"\ndate = {day}\nvalue = {i}\n'
                     f'source = "a long source text to fill the pipe {i}"\n')
    path = tmp_path / "big.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, fmt: str) -> None:
    """``offshore history x | head -1``: the reader leaves early; no error, exit 0."""
    plan = big_plan(tmp_path)
    proc = subprocess.Popen([*OFFSHORE, "history", "x", "--plan", str(plan), "--format", fmt],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()  # like head -1
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0
    assert err == b""


def test_status_into_head(tmp_path: Path) -> None:
    done = subprocess.run(f"set -o pipefail; {sys.executable} -m offshore_cli status | head -1",
                          shell=True, executable="/bin/bash", capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0
    assert done.stdout == "Offshoring: Industrial Acceleration Plan 2014-2020\n"
    assert done.stderr == ""


def test_a_non_utf8_terminal_gets_replacement_characters(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "200"}
    done = subprocess.run([*OFFSHORE, "history", "investment"], capture_output=True,
                          env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert b"?co-Business" in done.stdout  # "Éco-Business" in an ASCII terminal
    assert done.stderr == b""
    french = Path(__file__).parent.parent / "plans" / "fr-edges.toml"
    done = subprocess.run([*OFFSHORE, "status", "--plan", str(french), "--as-of", "2022-08-01"],
                          capture_output=True, env=env, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    # The no-break spaces of French figures read as plain spaces, not as "?".
    assert b"45 000 emplois" in done.stdout and b"5,20 Md MAD" in done.stdout
    assert b"104,0 %" in done.stdout


def test_no_color_term_dumb_and_columns(run: Callable[..., Run],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # as if on a terminal
    monkeypatch.delenv("NO_COLOR")
    coloured = run("status", "--as-of", "2019-04-23").out
    assert "\x1b[" in coloured and "█" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain_colours = run("status", "--as-of", "2019-04-23").out
    assert "\x1b[3" not in plain_colours  # no foreground colour at all
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    dumb = run("status", "--as-of", "2019-04-23").out
    assert "\x1b[" not in dumb and "█" not in dumb
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.delenv("TERM")
    for width in (70, 100, 160):
        monkeypatch.setenv("COLUMNS", str(width))
        out = run("status", "--as-of", "2019-04-23").out
        assert max(len(line) for line in out.splitlines()) <= width


# Honest exits (issue 11, section 7): output that cannot be written, stderr that cannot
# be written, Ctrl-C, and what the program prints about the files it was given.

FULL = f"cannot write the output: {os.strerror(errno.ENOSPC)}"
CLOSED = f"cannot write the output: {os.strerror(errno.EBADF)}"


def _close_stdout() -> None:
    os.close(1)


def _close_stderr() -> None:
    os.close(2)


def _buffered() -> dict[str, str]:
    # Output buffered as in a user's shell, so that what a command prints is still
    # waiting to be written when `run` flushes it at exit.
    return {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}


def _unbuffered() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


def _offshore(args: list[str], *, stdout: object = subprocess.PIPE,
              stderr: object = subprocess.PIPE, close: Callable[[], None] | None = None,
              env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*OFFSHORE, *args], stdout=stdout, stderr=stderr,  # type: ignore[call-overload]
                          preexec_fn=close, env=env, cwd=cwd, check=False, timeout=120)


@pytest.mark.parametrize(("args", "env"), [
    (["status", "--as-of", "2019-04-23"], _unbuffered),
    (["status", "--format", "json"], _unbuffered),
    (["history", "investment"], _unbuffered),
    (["milestones", "--format", "csv"], _unbuffered),
    (["validate"], _unbuffered),
    (["check", "--as-of", "2019-04-23", "--min-ratio", "0.6"], _unbuffered),  # 74, not 1
    (["--version"], _unbuffered),
    (["--help"], _unbuffered),
    ([], _unbuffered),  # no arguments: the help
    (["status", "--help"], _unbuffered),
    # Buffered: what `--version` prints is still in the buffer when `run` flushes it
    # at exit; the commands flush their own output as they write it.
    (["--version"], _buffered),
    (["status", "--as-of", "2019-04-23"], _buffered),
])
def test_output_that_cannot_be_written_is_exit_74(tmp_path: Path, args: list[str],
                                                  env: Callable[[], dict[str, str]]) -> None:
    """stdout on a full device or closed: one line naming the reason, exit 74, and no
    "this is a bug"; buffered, the failure comes from the flush at exit and follows
    the same rule."""
    with Path(os.devnull).open("w") as null, Path("/dev/full").open("w") as full:
        for stdout, close, reason in ((full, None, FULL), (null, _close_stdout, CLOSED)):
            done = _offshore(args, stdout=stdout, close=close, env=env(), cwd=tmp_path)
            assert (done.returncode, done.stderr.decode()) == (74, f"offshore: error: {reason}\n")


def test_a_closed_stdout_never_lends_its_number_to_a_file(tmp_path: Path,
                                                          seed_copy: Path) -> None:
    """With descriptor 1 closed, the plan and its lock opened by `add-result` would get
    that number, and a careless print would write into them: the plan must come out
    as the old text plus one figure, with the figure's line on stderr."""
    before = seed_copy.read_bytes()
    done = _offshore(["add-result", "jobs", "70000", "--date", "2019-12-31", "--plan",
                      str(seed_copy)], close=_close_stdout, stdout=None)
    assert done.returncode == 0
    assert done.stderr.decode() == (
        "offshore: recorded jobs = 70,000 jobs on 2019-12-31, but the output could not be "
        f"written: {os.strerror(errno.EBADF)}\n")
    after = seed_copy.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].count(b"[[results]]") == 1
    assert b"Recorded" not in after


@pytest.mark.parametrize("env", [_unbuffered, _buffered], ids=["unbuffered", "buffered"])
def test_a_recorded_figure_is_exit_0_even_when_its_output_fails(
        seed_copy: Path, env: Callable[[], dict[str, str]]) -> None:
    """The figure is in the plan: a script retrying on a failure must not record it
    twice, so the run succeeds and stderr says what was recorded. A dry run records
    nothing and fails as any other output does."""
    with Path(os.devnull).open("w") as null, Path("/dev/full").open("w") as full:
        dry = _offshore(["add-result", "investment", "1.5bn", "--date", "2019-12-31",
                         "--plan", str(seed_copy), "--dry-run"], stdout=full, env=env())
        assert (dry.returncode, dry.stderr.decode()) == (74, f"offshore: error: {FULL}\n")
        assert seed_copy.read_bytes() == SEED.read_bytes()
        for day, stdout, close, reason in (("2019-12-31", full, None, errno.ENOSPC),
                                           ("2020-06-30", null, _close_stdout, errno.EBADF)):
            done = _offshore(["add-result", "investment", "1.5bn", "--date", day, "--plan",
                              str(seed_copy)], stdout=stdout, close=close, env=env())
            assert done.returncode == 0
            assert done.stderr.decode() == (
                f"offshore: recorded investment = 1.50\u00a0bn MAD on {day}, but the output could "
                f"not be written: {os.strerror(reason)}\n")
    history = subprocess.run([*OFFSHORE, "history", "investment", "--plan", str(seed_copy),
                              "--format", "json"], capture_output=True, check=True)
    dates = [row["date"] for row in json.loads(history.stdout)["figures"]]
    assert dates.count("2019-12-31") == 1 and dates.count("2020-06-30") == 1


@pytest.mark.parametrize("args", [
    ["validate", "--plan", "PLAN"],
    ["status", "--plan", "PLAN"],
    ["check", "--plan", "PLAN"],
    ["add-result", "jobs", "5", "--date", "2019-01-01", "--plan", "PLAN"],
    ["status", "--nope"],
])
def test_a_broken_plan_is_exit_2_whatever_happens_to_stderr(
        write_plan: Callable[[str], Path], args: list[str]) -> None:
    """stderr on a full device: the message is lost, the exit code is not (never 1 or
    70). stderr closed: nothing reaches stdout instead."""
    plan = write_plan('[plan]\ntitle = "T"\nstart = 2020-01-01\n')
    args = [str(plan) if arg == "PLAN" else arg for arg in args]
    with Path("/dev/full").open("w") as full:
        done = _offshore(args, stderr=full)
    assert (done.returncode, done.stdout) == (2, b"")
    done = _offshore(args, stderr=None, close=_close_stderr)
    assert (done.returncode, done.stdout, done.stderr) == (2, b"", None)


@pytest.mark.parametrize("format", ["json", "junit", "github", "markdown"])
def test_a_broken_plan_stays_exit_2_when_its_ci_report_cannot_be_written(
        write_plan: Callable[[str], Path], format: str) -> None:
    """``check`` writes a broken plan's report in a CI format too; should that output
    fail (a full device, a reader gone), the plan's error still decides: its one
    line, exit 2, not 74 and not a quiet 0."""
    plan = write_plan('[plan]\ntitle = "T"\nstart = 2020-01-01\n')
    args = ["check", "--plan", str(plan), "--format", format]
    line = (f"offshore: error: {plan}: plan.deadline (line 1): is required (see "
            "docs/plan-format.md)\n")
    with Path("/dev/full").open("w") as full:
        done = _offshore(args, stdout=full)
    assert (done.returncode, done.stderr.decode()) == (2, line)
    read, write = os.pipe()
    os.close(read)
    try:
        done = _offshore(args, stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode()) == (2, line)


def test_a_reader_gone_before_the_flush_at_exit_is_quiet() -> None:
    """A pipe whose reader has already left: buffered or not, exit 0 and nothing said."""
    for env in (_unbuffered(), _buffered()):
        for args in (["--version"], ["status", "--format", "json"], ["--help"], []):
            read, write = os.pipe()
            os.close(read)
            try:
                done = _offshore(args, stdout=write, env=env)
            finally:
                os.close(write)
            assert (done.returncode, done.stderr) == (0, b""), args


def _open_in(pid: int, path: Path) -> bool:
    folder = Path(f"/proc/{pid}/fd")
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if entry.readlink() == path:
                return True
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see the lock")
def test_ctrl_c_while_waiting_for_the_lock(seed_copy: Path) -> None:
    """Ctrl-C while `add-result` waits for another writer: one line, exit 130, the plan
    as it was and no temporary file."""
    lock_path = seed_copy.with_name(seed_copy.name + ".lock")
    lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        proc = subprocess.Popen([*OFFSHORE, "add-result", "jobs", "70000", "--date",
                                 "2019-12-31", "--plan", str(seed_copy)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "OFFSHORE_LOCK_TIMEOUT": "60"})
        # Once the lock file is open in the child, the child is inside `main`.
        while not _open_in(proc.pid, lock_path):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(lock)
    assert (proc.returncode, out, err.decode()) == (130, b"", "offshore: error: interrupted\n")
    assert seed_copy.read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in seed_copy.parent.iterdir()) == ["plan.toml", "plan.toml.lock"]


def test_ctrl_c_while_writing_a_long_table(tmp_path: Path) -> None:
    """Ctrl-C while the table is being written to a reader that has stopped reading:
    one line, exit 130, no traceback, and the rest of the output dropped."""
    plan = big_plan(tmp_path)
    proc = subprocess.Popen([*OFFSHORE, "history", "x", "--plan", str(plan)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline()  # it is writing: inside `main`, blocked on a full pipe
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err.decode()) == (130, "offshore: error: interrupted\n")
    assert len(out) < len(plan.read_bytes())  # stopped well before the end


@pytest.mark.parametrize("args", [
    ["status", "--as-of", "2019-04-23"], ["status", "--by-ecosystem", "--as-of", "2019-04-23"],
    ["history", "investment"], ["milestones", "--as-of", "2019-04-23"],
    ["pillars", "--as-of", "2019-04-23"],
])
def test_a_columns_under_20_is_taken_as_unknown(run: Callable[..., Run],
                                                monkeypatch: pytest.MonkeyPatch,
                                                args: list[str]) -> None:
    """COLUMNS=0 drew nothing at all (exit 0), COLUMNS=5 a column of five letters: any
    value under 20, or not a number, is read as if COLUMNS were not set."""
    monkeypatch.delenv("COLUMNS")
    unknown = run(*args)
    assert unknown.code == 0 and len(unknown.out.splitlines()) > 5
    for columns in ("0", "5", "19", "abc", "-3", ""):
        monkeypatch.setenv("COLUMNS", columns)
        assert run(*args) == unknown, columns
    monkeypatch.setenv("COLUMNS", "20")
    assert run(*args) != unknown


def test_paths_in_success_lines_are_escaped(run: Callable[..., Run], tmp_path: Path) -> None:
    """A file name with a terminal control sequence (one sets the window title) is
    shown escaped by `init`, `validate` and `add-result --dry-run`, as errors do."""
    path = tmp_path / "plan\x1b]0;owned\x07\r.toml"
    shown = str(tmp_path) + "/plan\\x1b]0;owned\\x07\\x0d.toml"
    written = run("init", str(path))
    assert written.out == (f"Wrote the seed plan to {shown}; check it with "
                           f"`offshore validate --plan {shown}`\n")
    valid = run("validate", "--plan", str(path))
    assert valid.out == f"{shown}: valid: 4 indicators, 4 results, 5 milestones, 7 pillars\n"
    dry = run("add-result", "jobs", "5", "--date", "2019-12-31", "--plan", str(path),
              "--dry-run")
    assert dry.out.startswith(f"Dry run: would append to {shown}:\n")
    for result in (written, valid, dry):
        assert "\x1b" not in result.out + result.err and "\r" not in result.out + result.err
