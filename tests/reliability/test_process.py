"""The process contract: exit codes, pipes, encodings and terminal settings."""

from __future__ import annotations

import os
import subprocess
import sys
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

    assert (errors.EXIT_OK, errors.EXIT_CHECK_FAILED, errors.EXIT_USAGE,
            errors.EXIT_INTERNAL) == (0, 1, 2, 70)


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
