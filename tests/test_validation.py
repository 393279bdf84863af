"""`offshore validate` and the validator: every problem in one run, each with its
line, in plain words, in file order, and of bounded length."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

EDGES = """\
[plan]
title = "Edges"
start = 0001-01-01
deadline = 9998-12-31

[indicators.x]
label = "X"
unit = "u"
target = 10

[[milestones]]
date = "0001"
title = "First year"

[[milestones]]
date = "9998-12"
title = "Last month"

[[milestones]]
date = "9998"
title = "Last year"

[[pillars]]
name = "P"
[[pillars.axes]]
name = "a"
due = 9998-12-31

[[results]]
indicator = "x"
date = 0001-01-01
value = 1
"""


def test_dates_at_the_edges_of_the_years_allowed_are_counted_with(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = str(write_plan(EDGES))
    assert run("validate", "--plan", path).code == 0
    assert run("history", "x", "--plan", path).code == 0
    for command in (["status"], ["status", "-f", "json"], ["milestones"], ["pillars"],
                    ["check"]):
        for as_of in ("0001-01-01", "2020-01-01", "9998-12-31"):
            result = run(*command, "--plan", path, "--as-of", as_of)
            # `check` may fail its gate (1); no command may fail to count (70, which
            # the `run` fixture turns into a test failure).
            assert result.code in ((0, 1) if command == ["check"] else (0,)), (
                command, as_of, result.err)


OUT_OF_RANGE = "is out of range: a plan's dates fall in the years 0001 to 9998"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('date = "0001"', 'date = "0000"', f"milestones[0].date (line 12): '0000' {OUT_OF_RANGE}"),
    ('date = "0001"', 'date = "0000-05"',
     f"milestones[0].date (line 12): '0000-05' {OUT_OF_RANGE}"),
    ('date = "9998-12"', 'date = "9999-12"',
     f"milestones[1].date (line 16): '9999-12' {OUT_OF_RANGE}"),
    ('date = "9998"', 'date = "9999"', f"milestones[2].date (line 20): '9999' {OUT_OF_RANGE}"),
    ('date = "9998"', "date = 9999-01-01",
     f"milestones[2].date (line 20): 9999-01-01 {OUT_OF_RANGE}"),
    ("deadline = 9998-12-31", "deadline = 9999-12-31",
     f"plan.deadline (line 4): 9999-12-31 {OUT_OF_RANGE}"),
    ("target = 10", "target = 10\nstart = 9999-01-01",
     f"indicators.x.start (line 10): 9999-01-01 {OUT_OF_RANGE}"),
    ("due = 9998-12-31", "due = 9999-12-31",
     f"pillars[0].axes[0].due (line 27): 9999-12-31 {OUT_OF_RANGE}"),
    ("date = 0001-01-01", "date = 9999-06-30",
     f"results[0].date (line 31): 9999-06-30 {OUT_OF_RANGE}"),
    ('date = "0001"', 'date = "١٩٩٩"',
     'milestones[0].date (line 12): must be a TOML date (2019-04-23), or a string "2016"'),
])
def test_dates_outside_the_years_allowed_are_refused_with_their_line(
        run: Callable[..., Run], write_plan: Callable[[str], Path], old: str, new: str,
        expected: str) -> None:
    assert old in EDGES
    path = write_plan(EDGES.replace(old, new, 1))
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert result.err.splitlines()[0].startswith(f"offshore: error: {path}: {expected}")
    assert result.err.splitlines()[1] == "1 problem found"
