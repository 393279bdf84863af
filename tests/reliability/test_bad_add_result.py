"""Bad ``add-result`` and ``revise-target`` invocations: each exits 2 with one
clear line that says its hint once, and the plan is byte-identical afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

PLAN = """\
# Comments stay.
[plan]
title = "Add-result corpus"
start = 2014-01-01
deadline = 2020-12-31
currency = "MAD"

[ecosystems]
CRM = "Customer relationship management"

[indicators.investment]
label = "Investment"
unit = "MAD"
target = 1_500_000_000

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 60000
start = 2016-01-01

[[results]]
indicator = "jobs"
date = 2018-12-31
value = 69900
"""

D = ["--date", "2018-06-30"]

BAD: list[tuple[list[str], str]] = [
    (["jobz", "5", *D], "unknown indicator 'jobz' (did you mean 'jobs'?)"),
    (["", "5", *D], "unknown indicator ''"),
    (["jobs", "5", "--ecosystem", "BPO", *D], "unknown ecosystem 'BPO'"),
    (["jobs", "5", "--date", "2015-06-30"], "is before jobs's start 2016-01-01"),
    (["jobs", "5", "--date", "2999-12-31"], "is in the future"),
    (["jobs", "5", "--date", "2018-02-30"], "is not a date"),
    (["jobs", "5", "--date", "tomorrow"], "is not a date"),
    (["jobs", "nan", *D], "nan"),
    (["jobs", "inf", *D], "inf"),
    (["jobs", "Infinity", *D], "Infinity"),
    (["jobs", "1e999", *D], "1e999"),
    (["jobs", "12abc", *D], "12abc"),
    (["jobs", "1.500", "--locale", "en", *D], "ambiguous"),
    (["jobs", "1,5 MMDH", *D], "MMDH"),
    (["jobs", "50%", *D], "percent"),
    (["jobs", "1 2", *D], "1 2"),
    (["investment", "1,5 MMDH", "--locale", "de", *D], "'de' is not one of"),
    (["jobs", "69900", "--date", "2018-12-31"], "already has a figure"),
    (["jobs", "5", "--revise", *D], "has no figure to revise"),
    (["jobs", "5", "--note", "x" * 1001, *D], "is 1001 characters long"),
    (["jobs", "5", "--source", "\x1b[31mred", *D], "U+001B"),
    (["jobs", "5", "--note", "evil\u202etxt", *D], "U+202E"),
    (["jobs", "5", "--bogus", *D], "No such option: --bogus"),
    (["jobs", *D], "Missing argument"),
]


R = ["--date", "2018-06-30", "--reason", "Mid-term review"]

# The same refusals for a revision: its target is read as a figure is.
REVISE_BAD: list[tuple[list[str], str]] = [
    (["jobz", "--target", "5", *R], "unknown indicator 'jobz' (did you mean 'jobs'?)"),
    (["jobs", "--target", "5", "--date", "2015-06-30", "--reason", "x"],
     "is before the indicator's start 2016-01-01"),
    (["jobs", "--target", "5", "--date", "2999-12-31", "--reason", "x"], "is in the future"),
    (["jobs", "--target", "5", "--date", "2018-02-30", "--reason", "x"], "is not a date"),
    (["jobs", "--target", "nan", *R], "not a finite number"),
    (["jobs", "--target", "inf", *R], "not a finite number"),
    (["jobs", "--target", "1e999", *R], "too large to be a number"),
    (["jobs", "--target", "12abc", *R], "unknown word 'abc'"),
    (["jobs", "--target", "1.500", "--locale", "en", *R], "ambiguous"),
    (["jobs", "--target", "1,5 MMDH", *R], "groups digits under locale en"),
    (["jobs", "--target", "50%", *R], "a percentage"),
    (["investment", "--target", "1,5 MMDH", "--locale", "de", *R], "'de' is not one of"),
    (["jobs", *R], "give --target, --deadline or both"),
    (["jobs", "--target", "5", "--date", "2018-06-30"], "Missing option '--reason'"),
    (["jobs", "--target", "5", "--date", "2018-06-30", "--reason", ""], "--reason: is empty"),
    (["jobs", "--target", "5", "--date", "2018-06-30", "--reason", "x" * 1001],
     "is 1001 characters long"),
    (["jobs", "--target", "5", *R, "--source", "\x1b[31mred"], "U+001B"),
    (["jobs", "--target", "5", "--date", "2018-06-30", "--reason", "evil\u202etxt"], "U+202E"),
    (["jobs", "--target", "5", *R, "--bogus"], "No such option: --bogus"),
    (["jobs", "--deadline", "2017-01-01", *R], "is not after the revision date"),
    (["jobs", "--deadline", "2018-13-01", *R], "is not a date"),
    (["jobs", "--target", "0", *R], "equals the baseline"),
]


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_there_are_at_least_twenty() -> None:
    assert len(BAD) >= 20
    assert len(REVISE_BAD) >= 20


CASES = [("add-result", args, message) for args, message in BAD] + [
    ("revise-target", args, message) for args, message in REVISE_BAD]


@pytest.mark.parametrize(("command", "args", "message"), CASES,
                         ids=[f"{c} {' '.join(a)}"[:50] for c, a, _ in CASES])
def test_bad_invocation(run: Callable[..., Run], plan_file: Path, command: str,
                        args: list[str], message: str) -> None:
    before = plan_file.read_bytes()
    result = run(command, *args, "--plan", str(plan_file))
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("offshore: error: ")
    assert message in lines[0], lines[0]
    # A hint is said once, not also in the message's own words ("...; use plain
    # printable text (give plain printable text)").
    hint_end = " ".join(lines[0].rsplit(" (", 1)[-1].rstrip(")").split()[-3:])
    assert lines[0].count(hint_end) == 1, lines[0]
    assert "Traceback" not in result.err
    assert plan_file.read_bytes() == before
    assert not list(plan_file.parent.glob("*.offshore-tmp"))
