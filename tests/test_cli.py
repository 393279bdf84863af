"""The command line: outputs (golden files), exit codes and one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli import __version__
from offshore_cli.cli import app

from .conftest import MINIMAL, SEED, Run, check_golden

REVIEW = "2019-04-23"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_status_golden(run: Callable[..., Run], fmt: str) -> None:
    result = run("status", "--plan", str(SEED), "--as-of", REVIEW, "--format", fmt)
    assert result.code == 0, result.err
    suffix = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}[fmt]
    check_golden(f"status-seed.{suffix}", result.out)


def test_status_uses_the_embedded_seed_plan_by_default(run: Callable[..., Run]) -> None:
    result = run("status", "--as-of", REVIEW, "--format", "json")
    document = json.loads(result.out)
    assert document["schema"] == 4
    assert document["days_left"] == 618
    by_id = {i["id"]: i for i in document["indicators"]}
    assert by_id["investment"]["remaining"] == 500_000_000
    assert by_id["investment"]["status"] == "at-risk"


def test_table_shows_the_review_figures(run: Callable[..., Run]) -> None:
    out = run("status", "--as-of", REVIEW).out
    assert "618 days left (1 year 8 months)" in out
    for shown in ("116.5%", "66.7%", "55.6%", "1.00\u00a0bn MAD", "1.50\u00a0bn MAD",
                  "69,900 jobs"):
        assert shown in out
    assert "\x1b[" not in out  # no colour codes in a pipe


def test_french_locale_formats_numbers(run: Callable[..., Run], seed_copy: Path) -> None:
    seed_copy.write_text(seed_copy.read_text().replace('locale = "en"', 'locale = "fr"'))
    out = run("status", "--plan", str(seed_copy), "--as-of", REVIEW).out
    assert "1,00\u00a0Md MAD" in out
    assert "69\u202f900 emplois" in out  # a French run shows the plan's French text
    assert "66,7\u202f%" in out


def test_after_the_deadline(run: Callable[..., Run]) -> None:
    out = run("status", "--as-of", "2026-01-01").out
    assert "ended 5 years ago" in out
    assert "overdue" in out


def test_bad_plan_is_one_line_and_exit_2(run: Callable[..., Run],
                                         write_plan: Callable[[str], Path]) -> None:
    path = write_plan(MINIMAL.replace("target = 100", "target = 100\ntargte = 3"))
    result = run("status", "--plan", str(path))
    assert result.code == 2
    assert result.out == ""
    assert result.err == (f"offshore: error: {path}: indicators.x.targte (line 10): "
                          "unknown key (did you mean 'target'?)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--as-of", "2019-02-30"], "--as-of: '2019-02-30' is not a date"),
        (["status", "--format", "xml"], "'xml' is not one of"),
        (["status", "--nope"], "No such option: --nope"),
        (["status", "--plan", "missing.toml"], "missing.toml: no such file"),
        (["frobnicate"], "No such command 'frobnicate'"),
        (["status", "--ecosystem", "BP0"],
         "--ecosystem: unknown ecosystem 'BP0' (did you mean 'BPO'?)"),
        (["history", "jobs", "--ecosystem", "BP0"],
         "--ecosystem: unknown ecosystem 'BP0' (did you mean 'BPO'?)"),
        (["history", "jobs", "--ecosystem", "NOPE"],
         "--ecosystem: unknown ecosystem 'NOPE' (known: CRM, BPO, ITO, ESO, KPO)"),
    ],
)
def test_usage_errors_exit_2(run: Callable[..., Run], args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.err.startswith("offshore: error: ")
    assert message in result.err
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_validate_reports_every_problem(run: Callable[..., Run],
                                        write_plan: Callable[[str], Path]) -> None:
    path = write_plan("[plan]\ntitle = 'T'\nstart = 2021-01-01\ndeadline = 2020-01-01\n"
                      "[indicators.a]\nlabel = 'A'\nunit = 'u'\ntarget = 0\n"
                      "[[results]]\nindicator = 'b'\ndate = 2020-05-01\nvalue = 1\n")
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 4
    assert lines[-1] == "3 problems found"
    assert all(line.startswith(f"offshore: error: {path}: ") for line in lines[:3])


def test_validate_clean_plan(run: Callable[..., Run]) -> None:
    result = run("validate", "--plan", str(SEED))
    assert result.code == 0
    assert result.out == f"{SEED}: valid: 4 indicators, 4 results, 5 milestones, 7 pillars\n"


def test_version(run: Callable[..., Run]) -> None:
    assert run("--version").out == f"offshore {__version__}\n"


def test_no_arguments_print_the_help_and_succeed(run: Callable[..., Run]) -> None:
    result = run()
    assert (result.code, result.err) == (0, "")
    assert "Usage: offshore [OPTIONS] COMMAND [ARGS]..." in result.out
    assert "history" in result.out
    assert result.out == run("--help").out


def test_no_arguments_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "offshore_cli"], capture_output=True,
                          text=True, cwd=tmp_path, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert "Usage: offshore [OPTIONS] COMMAND [ARGS]..." in done.stdout


def test_every_command_help_shows_an_example(run: Callable[..., Run]) -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands  # type: ignore[union-attr]
             ]
    assert names
    for name in names:
        result = run(name, "--help")
        assert result.code == 0
        assert "Example: offshore " + name.replace("_", "-") in result.out, name


def test_a_command_line_built_for_one_command_behaves_as_the_whole_app(
        capsys: pytest.CaptureFixture[str]) -> None:
    import typer.main

    from offshore_cli.cli import command_line

    whole = typer.main.get_command(app)
    names = sorted(whole.commands)  # type: ignore[attr-defined]
    assert len(names) == len(app.registered_commands)
    for name in names:
        lean = command_line([name])
        assert lean is not app
        assert list(typer.main.get_command(lean).commands) == [name]  # type: ignore[attr-defined]
        for args in ([name, "--help"], [name, "--no-such-option"]):
            seen = []
            for command in (whole, typer.main.get_command(lean)):
                try:
                    command.main(args=args, prog_name="offshore", standalone_mode=False)
                    seen.append(capsys.readouterr().out)
                except Exception as exc:  # the parser's usage error, as main prints it
                    ctx = getattr(exc, "ctx", None)
                    path = ctx.command_path if ctx is not None else None
                    seen.append(f"{type(exc).__name__}: {exc} ({path}) "
                                f"{capsys.readouterr().out!r}")
            assert seen[0] == seen[1], args
            assert (f"Usage: offshore {name} " if args[1] == "--help" else "NoSuchOption"
                    ) in seen[0]
    for args in ([], ["--help"], ["--help", "status"], ["nope"], ["add_result"]):
        assert command_line(args) is app


def test_installed_entry_points(tmp_path: Path) -> None:
    """One real process: the console script and ``python -m`` both work."""
    exe = Path(sys.executable).parent / "offshore"
    commands = [[sys.executable, "-m", "offshore_cli"]]
    if exe.exists():
        commands.append([str(exe)])
    for command in commands:
        done = subprocess.run([*command, "status", "--as-of", REVIEW, "--format", "json"],
                              capture_output=True, text=True, cwd=tmp_path, check=False)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["days_left"] == 618
        done = subprocess.run([*command, "status", "--plan", "nope.toml"],
                              capture_output=True, text=True, cwd=tmp_path, check=False)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr


def test_the_program_exits_at_once_with_its_output_whole(tmp_path: Path) -> None:
    """``run`` skips the interpreter's clean-up: output still arrives whole, in a pipe
    and in a file, and every exit code is kept."""
    start = dt.date(2000, 1, 1)
    rows = "".join(f'[[results]]\nindicator = "jobs"\ndate = {start + dt.timedelta(n)}\n'
                   f'value = {n}\nnote = "{"x" * 200}"\n\n' for n in range(3000))
    plan = tmp_path / "plan.toml"
    plan.write_text(SEED.read_text(encoding="utf-8").split("[[results]]")[0] + rows,
                    encoding="utf-8")
    # Buffered output, as in a user's shell: what is not flushed would be lost.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    for command in ([sys.executable, "-m", "offshore_cli"], [sys.executable, "-c",
                    "from offshore_cli.__main__ import run; run()"]):
        done = subprocess.run([*command, "history", "jobs", "--plan", str(plan), "--format",
                               "csv"], capture_output=True, text=True, check=False, env=env)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) == 3001  # header and every figure
        assert done.stdout.endswith("\n")
        with (tmp_path / "out.json").open("w") as out:
            done = subprocess.run([*command, "status", "--plan", str(plan), "--format", "json",
                                   "--as-of", REVIEW], stdout=out, text=True, check=False, env=env)
        assert done.returncode == 0
        assert json.loads((tmp_path / "out.json").read_text())["as_of"] == REVIEW
        done = subprocess.run([*command, "check", "--as-of", REVIEW, "--min-ratio", "0.6"],
                              capture_output=True, text=True, check=False, cwd=tmp_path, env=env)
        assert done.returncode == 1
        assert done.stdout.splitlines()[-1].startswith("check failed: 1 failed")
        done = subprocess.run([*command, "check", "--min-ratio", "x"], capture_output=True,
                              text=True, check=False, cwd=tmp_path, env=env)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr.startswith("offshore: error: --min-ratio")
        done = subprocess.run([*command, "--version"], capture_output=True, text=True,
                              check=False, env=env)  # printed, not flushed, by the command
        assert (done.returncode, done.stdout) == (0, f"offshore {__version__}\n")


def test_each_json_document_carries_its_own_schema(run: Callable[..., Run]) -> None:
    """status, check and history moved to schema 3 with trajectories, and to 4 with
    revised targets (docs/json.md says what changed); pillars and milestones are
    unchanged at 1."""
    schemas = {}
    for command in (["status"], ["check"], ["history", "jobs"], ["pillars"], ["milestones"]):
        result = run(*command, "--plan", str(SEED), "--format", "json",
                     *(["--as-of", REVIEW] if command[0] != "history" else []))
        schemas[command[0]] = json.loads(result.out)["schema"]
    assert schemas == {"status": 4, "check": 4, "history": 4, "pillars": 1, "milestones": 1}
