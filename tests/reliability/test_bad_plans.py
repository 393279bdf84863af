"""Every command, given a bad plan: exit 2, one line naming the file (and the line
where TOML gives it), no traceback, nothing written, nothing on stdout but the
annotations of ``check --format github``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli.plan import MAX_PLAN_BYTES
from offshore_cli.render.check_view import escape_property
from tests.conftest import Run

from .bad_plans import CASES, CORPUS

COMMANDS: list[list[str]] = [
    ["status"], ["status", "--format", "json"], ["status", "--by-ecosystem"],
    ["check"], ["check", "--format", "github"], ["history", "jobs"], ["pillars"],
    ["milestones"], ["add-result", "jobs", "5", "--date", "2018-06-30"],
]


def test_the_corpus_is_large_and_matches_its_source() -> None:
    assert len(CASES) >= 40
    on_disk = {path.name: path.read_bytes() for path in CORPUS.iterdir()}
    assert on_disk == {name: content for name, (content, _) in CASES.items()}, (
        "run `python -m tests.reliability.bad_plans` to rewrite the corpus")


def assert_refused(result: Run, plan: Path, expected: str,
                   command: list[str] | None = None) -> None:
    assert result.code == 2, (result.out, result.err)
    if command == ["check", "--format", "github"]:
        # A CI format reports the error on stdout too (docs/check.md).
        annotations = result.out.splitlines()
        assert annotations, result.out
        assert all(line.startswith(f"::error file={escape_property(str(plan))},")
                   for line in annotations), annotations
    else:
        assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"offshore: error: {plan}: "), lines[0]
    assert expected in lines[0], lines[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_command_refuses_a_bad_plan(run: Callable[..., Run], tmp_path: Path,
                                          name: str) -> None:
    content, expected = CASES[name]
    plan = tmp_path / name
    shutil.copyfile(CORPUS / name, plan)
    for command in COMMANDS:
        result = run(*command, "--plan", str(plan))
        assert_refused(result, plan, expected, command)
        assert plan.read_bytes() == content
    validate = run("validate", "--plan", str(plan))
    assert validate.code == 2
    errors = validate.err.splitlines()
    assert errors[-1].endswith("found")
    assert all(line.startswith(f"offshore: error: {plan}: ") for line in errors[:-1])
    assert any(expected in line for line in errors[:-1])
    # The plan is intact and nothing but the (empty) lock file was created beside it.
    assert plan.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) in ([name], sorted([name, name + ".lock"]))
    lock = tmp_path / (name + ".lock")
    assert not lock.exists() or lock.stat().st_size == 0


def special_plans(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_PLAN_BYTES + 1)
    missing = tmp_path / "missing.toml"
    return {
        "folder": (folder, "is a folder, not a plan file"),
        "fifo": (fifo, "is not a regular file"),
        "huge": (huge, "over the 64 MiB limit for a plan"),
        "missing": (missing, "no such file"),
    }


@pytest.mark.parametrize("kind", ["folder", "fifo", "huge", "missing"])
def test_folders_fifos_and_huge_files_are_refused_without_hanging(
        run: Callable[..., Run], tmp_path: Path, kind: str) -> None:
    plan, expected = special_plans(tmp_path)[kind]
    for command in [*COMMANDS, ["validate"]]:
        result = run(*command, "--plan", str(plan))
        if command == ["validate"]:
            assert result.code == 2
            assert expected in result.err
            continue
        assert_refused(result, plan, expected, command)
    assert not list(tmp_path.glob("*.offshore-tmp"))
