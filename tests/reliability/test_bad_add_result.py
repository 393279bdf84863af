"""Bad ``add-result`` invocations: each exits 2 with one clear line, and the plan
is byte-identical afterwards."""

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


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_there_are_at_least_twenty() -> None:
    assert len(BAD) >= 20


@pytest.mark.parametrize(("args", "message"), BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_bad_invocation(run: Callable[..., Run], plan_file: Path, args: list[str],
                        message: str) -> None:
    before = plan_file.read_bytes()
    result = run("add-result", *args, "--plan", str(plan_file))
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("offshore: error: ")
    assert message in lines[0], lines[0]
    assert "Traceback" not in result.err
    assert plan_file.read_bytes() == before
    assert not list(plan_file.parent.glob("*.offshore-tmp"))
