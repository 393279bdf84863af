"""The line locator: every header, key and prefix found, in time linear in the text."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from offshore_cli.errors import Problem
from offshore_cli.locator import MAX_LINE_EXAMINED, LineLocator, in_file_order
from tests.conftest import Run


def test_every_prefix_of_a_header_or_dotted_key_is_located() -> None:
    text = ("[plan]\ntitle = 'x'\nbands.on_track = 0.9\n\n[indicator.typo]\nlabel = 'T'\n"
            "[indicators.jobs]\nlabel = 'J'\n")
    locate = LineLocator(text).line_of
    assert locate(("indicator",)) == 5
    assert locate(("indicator", "typo")) == 5
    assert locate(("indicator", "typo", "label")) == 6
    assert locate(("plan", "bands")) == 3
    assert locate(("plan", "bands", "on_track")) == 3
    assert locate(("indicators",)) == 7
    assert locate(("indicators", "jobs", "unit")) == 7  # absent: its table's line


def test_quoted_keys_as_toml_reads_them() -> None:
    text = ('[plan]\n"\\u001b]0;title\\u0007" = 1\n\'lit\\eral\' = 2\n'
            'a."b.c" . \'d\' = 3\n"x=y" = 4\n[ "q]x" . y ] # comment\nz = 5\n')
    locate = LineLocator(text).line_of
    assert locate(("plan", "\x1b]0;title\x07")) == 2
    assert locate(("plan", "lit\\eral")) == 3
    assert locate(("plan", "a", "b.c", "d")) == 4
    assert locate(("plan", "a", "b.c")) == 4
    assert locate(("plan", "x=y")) == 5
    assert locate(("q]x", "y", "z")) == 7


def test_what_is_not_a_header_or_key_is_skipped() -> None:
    text = ("[plan]\nvalues = [\n[1, 2],\n]\nnote = '''\nsaid \"a = b\"\n'''\n"
            "[ [ odd ]\nlabel = 'L'\n")
    locate = LineLocator(text).line_of
    assert locate(("plan", "label")) == 9  # "[1, 2]," and "[ [ odd ]" left the table alone
    assert locate(("plan", "said")) == 1


def test_lines_are_counted_as_toml_counts_them() -> None:
    # A line separator inside a string is text, not a new line, for TOML.
    text = "[plan]\ntitle = 'a\u2028b\x0cc'\nstart = 2020-01-01\n"
    assert LineLocator(text).line_of(("plan", "start")) == 3


def test_arrays_of_tables_and_their_sub_tables() -> None:
    text = ("[[pillars]]\nname = 'a'\n[pillars.meta]\nx = 1\n[[pillars]]\nname = 'b'\n"
            "[[pillars.axes]]\nname = 'c'\n[[pillars.axes]]\nname = 'd'\n")
    locate = LineLocator(text).line_of
    assert locate(("pillars", 0, "meta", "x")) == 4
    assert locate(("pillars", 1, "name")) == 6
    assert locate(("pillars", 1, "axes", 0, "name")) == 8
    assert locate(("pillars", 1, "axes", 1, "name")) == 10
    assert locate(("pillars", 1, "axes", 1)) == 9


HOSTILE = [
    "a" * 100_000 + " = 1",
    "." * 50_000 + " = 1",
    "a." * 50_000 + "a = 1",
    "a ." * 1_000 + " = 1",
    "[" * 50_000,
    "[[" + "a." * 20_000 + "]]",
    "[" + "a" * 3_000 + "]" + " x" * 3_000,
    '"' * 50_000 + " = 1",
    '"' + "\\" * 50_000 + '" = 1',
    '"' + '\\"' * 25_000 + " = 1",
    "'" + "x" * 50_000,
    '["a' + "]" * 50_000,
    '[ "' + '.' * 2_000 + '" ' + '. "a"' * 500 + " ]",
    'a."' + "b." * 1_000 + '" = 1',
    " " * 8_000,
    "\t" * 8_000 + "= 1",
    " " * 8_000 + "k = 1",
    "=" * 50_000,
    "#" + "[" * 50_000,
]


def test_hostile_lines_cost_linear_time_and_break_nothing() -> None:
    """Long keys, many dots, unbalanced brackets and quotes: each line is looked at
    once, to at most MAX_LINE_EXAMINED characters, and the places after it are
    still found (the old patterns took minutes on such lines)."""
    text = "[plan]\n" + "\n".join(HOSTILE) + "\n[[pillars]]\nname = 'p'\n"
    started = time.process_time()
    locator = LineLocator(text)
    spent = time.process_time() - started
    assert spent < 1.0, spent
    after = len(HOSTILE) + 2
    assert locator.line_of(("pillars", 0)) == after
    assert locator.line_of(("pillars", 0, "name")) == after + 1
    assert locator.line_of(("plan", "a" * 100_000)) == 1


def test_within_the_limit_a_long_key_is_found_past_it_its_table_stands_in() -> None:
    quoted = 'a."' + "b." * 1_000 + '" = 1'
    text = "\n".join(["[plan]", quoted, "c" * MAX_LINE_EXAMINED + " = 1",
                      " " * MAX_LINE_EXAMINED + "k = 1", "j = 1"])
    locator = LineLocator(text)
    assert locator.line_of(("plan", "a", "b." * 1_000)) == 2
    assert locator.line_of(("plan", "c" * MAX_LINE_EXAMINED)) == 1
    assert locator.line_of(("plan", "k")) == 1
    assert locator.line_of(("plan", "j")) == 5


def test_keys_after_a_header_too_long_to_read_belong_to_no_known_table() -> None:
    text = "[plan]\ntitle = 'x'\n[" + "t" * MAX_LINE_EXAMINED + "]\nlabel = 'L'\n[ok]\nk = 1\n"
    locate = LineLocator(text).line_of
    assert locate(("plan", "label")) == 1  # not line 4, which is in the long table
    assert locate(("ok", "k")) == 6


def test_problems_in_file_order() -> None:
    problems = [Problem("p", "b", "m", line=9), Problem("p", "a", "m", line=2),
                Problem("p", "", "whole file"), Problem("p", "c", "m", line=2)]
    assert [p.place for p in in_file_order(problems)] == ["", "a", "c", "b"]


WARNED_PLAN = """\
[plan]
title = "T"
start = 2020-01-01
deadline = 2021-01-01

[ecosystems]
A = "A"

[indicators.x]
label = "X"
unit = "u"
target = 100
ecosystem_targets = { A = 60 }
"""


def test_a_megabyte_of_whitespace_validates_in_linear_time(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    """A complexity guard, not a benchmark: the old line patterns backtracked
    cubically and took 272 s on one line of 8,000 spaces; linear code takes a few
    milliseconds, so one second of CPU is a bound no machine should reach. The plan
    draws a warning, so that `validate` runs the locator over the whole text."""
    blank = (" " * 1_000 + "\n") * 1_000 + " " * 8_000 + "\n" + ("\t \n" * 10_000)
    assert len(blank) > 1_000_000
    path = write_plan(WARNED_PLAN + blank)
    run("validate", "--plan", str(write_plan(WARNED_PLAN)))  # imports outside the timing
    started = time.process_time()
    result = run("validate", "--plan", str(path))
    spent = time.process_time() - started
    assert result.code == 0, result.err
    assert result.err == (f"offshore: warning: {path}: indicators.x.ecosystem_targets (line 13): "
                          "add up to 60 u, not the target 100 u (per-ecosystem targets usually "
                          "share out the indicator's target)\n")
    assert spent < 1.0, spent


@pytest.mark.parametrize("line", HOSTILE)
def test_a_plan_with_a_hostile_line_is_refused_or_read_quickly(
        run: Callable[..., Run], write_plan: Callable[[str], Path], line: str) -> None:
    path = write_plan(WARNED_PLAN + line + "\n")
    started = time.process_time()
    result = run("validate", "--plan", str(path))
    assert time.process_time() - started < 1.0
    assert result.code in (0, 2)
    assert all(len(text) < 1_000 for text in result.err.splitlines())
