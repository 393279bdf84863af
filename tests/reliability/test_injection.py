"""Hostile text from a plan is shown literally or refused; it never drives the
terminal, a CI log or a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HOSTILE = "[red]alarm[/red] [link=https://example.invalid]click[/link] [bold]"
PLAN = f"""\
[plan]
title = "{HOSTILE} | title"
start = 2014-01-01
deadline = 2020-12-31

[indicators.x]
label = "{HOSTILE}"
unit = "u"
target = 100

[indicators.formula]
label = "=HYPERLINK(\\"http://example.invalid\\",\\"x\\")"
unit = "@SUM(A1)"
target = 100

[[results]]
indicator = "x"
date = 2015-01-01
value = 1
source = "{HOSTILE}"
note = "+cmd|' /C calc'!A0"
"""


@pytest.fixture
def plan(write_plan: Callable[[str], Path]) -> Path:
    return write_plan(PLAN)


@pytest.mark.parametrize("terminal", [False, True])
def test_rich_markup_is_shown_literally(run: Callable[..., Run], plan: Path,
                                        monkeypatch: pytest.MonkeyPatch, terminal: bool) -> None:
    if terminal:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("COLUMNS", "200")
    for command in (["status", "--as-of", "2016-01-01"], ["history", "x"],
                    ["status", "--format", "markdown"]):
        result = run(*command, "--plan", str(plan))
        assert result.code == 0, result.err
        shown = ANSI.sub("", result.out).replace("\\", "")
        assert "[red]alarm[/red]" in shown
        assert "[link=https://example.invalid]click[/link]" in shown
        assert "\x1b]8;" not in result.out  # no terminal hyperlink was made
        assert "\x1b[31malarm" not in result.out  # "[red]" did not colour the label


def test_markdown_cells_cannot_break_the_table(run: Callable[..., Run], plan: Path) -> None:
    out = run("status", "--plan", str(plan), "--as-of", "2016-01-01", "--format", "markdown").out
    header, _rule, *rows = [line for line in out.splitlines() if line.startswith("|")]
    columns = header.count(" | ")
    for row in rows:
        assert row.replace("\\|", "").count(" | ") == columns, row


def test_csv_neutralises_formulas_but_not_numbers(run: Callable[..., Run], plan: Path) -> None:
    out = run("status", "--plan", str(plan), "--as-of", "2016-01-01", "--format", "csv").out
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["formula"]["label"] == "'=HYPERLINK(\"http://example.invalid\",\"x\")"
    assert rows["formula"]["unit"] == "'@SUM(A1)"
    assert rows["x"]["days_ahead"].startswith("-")  # a negative number stays a number
    float(rows["x"]["days_ahead"])
    history = run("history", "x", "--plan", str(plan), "--format", "csv").out
    (figure,) = csv.DictReader(io.StringIO(history))
    assert figure["note"] == "'+cmd|' /C calc'!A0"
    assert figure["value"] == "1"


def test_github_output_cannot_start_a_command(run: Callable[..., Run], plan: Path) -> None:
    out = run("check", "--plan", str(plan), "--as-of", "2016-01-01", "--format", "github").out
    for line in out.splitlines():
        assert line.startswith(("::error file=", "::warning file=", "check ")), line
        if line.startswith("::"):
            _, command, rest = line.split("::", 2)
            properties = command.partition(" ")[2]
            assert [name.partition("=")[0] for name in properties.split(",")] == [
                "file", "line", "title"]
            assert ":" not in properties
            assert "\n" not in rest and "\r" not in rest


@pytest.mark.parametrize("text", ["\x1b[31mred", "a\u202eb", "a\u2066b", "a\u200bb", "a\x07b"])
def test_terminal_controls_in_a_plan_are_refused(run: Callable[..., Run],
                                                 write_plan: Callable[[str], Path],
                                                 text: str) -> None:
    escaped = text.encode("unicode_escape").decode().replace("\\x", "\\u00")
    path = write_plan(PLAN.replace('unit = "u"', f'unit = "{escaped}"'))
    result = run("status", "--plan", str(path))
    assert result.code == 2
    assert "indicators.x.unit" in result.err
    assert "control or format character" in result.err
