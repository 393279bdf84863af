"""Ecosystem breakdowns, pillars and axes, milestones and their countdowns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from offshore_cli import spec
from offshore_cli.progress import evaluate
from offshore_cli.timeline import due_date, milestones, next_milestone, pillars
from offshore_cli.validation import plan_from_data

from .conftest import Run, check_golden

D = dt.date

BREAKDOWN_PLAN = """\
[plan]
title = "Breakdown"
start = 2020-01-01
deadline = 2020-04-10

[ecosystems]
A = "Alpha"
B = "Beta"

[indicators.jobs]
label = "Jobs"
unit = "jobs"
target = 100
ecosystem_targets = { A = 40, B = 60 }

[indicators.flow]
label = "Flow"
unit = "MAD"
target = 1000
baseline = 100
measure = "increment"

[[results]]
indicator = "jobs"
ecosystem = "A"
date = 2020-01-11
value = 10

[[results]]
indicator = "jobs"
ecosystem = "A"
date = 2020-01-31
value = 15

[[results]]
indicator = "jobs"
ecosystem = "B"
date = 2020-01-21
value = 20

[[results]]
indicator = "jobs"
ecosystem = "B"
date = 2020-03-01
value = 99

[[results]]
indicator = "flow"
ecosystem = "A"
date = 2020-01-11
value = 50

[[results]]
indicator = "flow"
ecosystem = "A"
date = 2020-02-10
value = 50

[[results]]
indicator = "flow"
ecosystem = "B"
date = 2020-01-31
value = 300
"""


def plan_of(text: str) -> spec.Plan:
    import tomllib

    return plan_from_data(tomllib.loads(text))


def test_total_is_the_sum_of_latest_ecosystem_figures_dated_by_the_oldest() -> None:
    report = evaluate(plan_of(BREAKDOWN_PLAN), D(2020, 2, 15))
    jobs, flow = report.indicators
    # Level: A's latest (15, Jan 31) + B's latest by the as-of date (20, Jan 21).
    assert jobs.total_from == "ecosystems"
    assert jobs.actual == 35
    assert jobs.actual_date == D(2020, 1, 21)
    assert jobs.ratio == 0.35
    assert [(e.ecosystem, e.actual, e.actual_date) for e in jobs.breakdown] == [
        ("A", 15, D(2020, 1, 31)), ("B", 20, D(2020, 1, 21))]
    assert [e.share for e in jobs.breakdown] == [15 / 35, 20 / 35]
    assert [e.ratio for e in jobs.breakdown] == [15 / 40, 20 / 60]
    # Increment: baseline + the flows up to the total's date (A's February flow waits
    # until B reports past it); each ecosystem's row shows all its own flows.
    assert flow.actual == 100 + 50 + 300
    assert flow.actual_date == D(2020, 1, 31)
    assert [e.actual for e in flow.breakdown] == [100, 300]
    assert [e.share for e in flow.breakdown] == [0.25, 0.75]
    assert flow.breakdown[0].ratio is None  # no per-ecosystem target


def test_a_sector_figure_is_the_total() -> None:
    text = BREAKDOWN_PLAN + ('\n[[results]]\nindicator = "jobs"\ndate = 2020-01-15\n'
                             "value = 70\n")
    jobs = evaluate(plan_of(text), D(2020, 2, 15)).indicators[0]
    assert jobs.total_from == "sector"
    assert jobs.actual == 70
    assert jobs.actual_date == D(2020, 1, 15)
    assert [e.share for e in jobs.breakdown] == [15 / 70, 20 / 70]


def test_one_ecosystems_own_view() -> None:
    report = evaluate(plan_of(BREAKDOWN_PLAN), D(2020, 3, 15), ecosystem="B")
    jobs, flow = report.indicators
    assert report.ecosystem == "B"
    assert (jobs.actual, jobs.target, jobs.ratio) == (99, 60, 99 / 60)
    assert jobs.status == "achieved"
    assert flow.actual == 300
    assert flow.status == "tracked"


def test_validate_warns_when_ecosystem_targets_do_not_add_up(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN.replace("B = 60 }", "B = 50 }"))
    result = run("validate", "--plan", str(path))
    assert result.code == 0
    assert (f"offshore: warning: {path}: indicators.jobs.ecosystem_targets (line 14): add up "
            "to 90 jobs, not the target 100 jobs") in result.err


def test_status_by_ecosystem_golden(run: Callable[..., Run],
                                    write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN)
    table = run("status", "--plan", str(path), "--as-of", "2020-02-15", "--by-ecosystem")
    assert table.code == 0
    check_golden("status-by-ecosystem.txt", table.out.replace(str(path), "PLAN"))
    document = json.loads(run("status", "--plan", str(path), "--as-of", "2020-02-15",
                              "--format", "json").out)
    assert document["indicators"][0]["breakdown"] == [
        {"ecosystem": "A", "name": "Alpha", "actual": 15, "actual_date": "2020-01-31",
         "share": 15 / 35, "target": 40, "ratio": 15 / 40},
        {"ecosystem": "B", "name": "Beta", "actual": 20, "actual_date": "2020-01-21",
         "share": 20 / 35, "target": 60, "ratio": 20 / 60},
    ]
    assert document["indicators"][0]["total_from"] == "ecosystems"
    one = run("status", "--plan", str(path), "--as-of", "2020-02-15", "--ecosystem", "A")
    assert "Ecosystem A: Alpha" in one.out
    bad = run("status", "--plan", str(path), "--ecosystem", "C")
    assert bad.code == 2
    assert "unknown ecosystem 'C'" in bad.err


def make_plan(**parts: Any) -> spec.Plan:
    return plan_from_data({
        "plan": {"title": "T", "start": D(2019, 1, 1), "deadline": D(2021, 12, 31)}, **parts})


@pytest.mark.parametrize(
    ("written", "due", "precision"),
    [
        ("2016", D(2016, 12, 31), "year"),
        ("2016-02", D(2016, 2, 29), "month"),
        ("2019-02", D(2019, 2, 28), "month"),
        ("2019-12", D(2019, 12, 31), "month"),
        (D(2019, 4, 23), D(2019, 4, 23), "day"),
    ],
)
def test_milestone_precision(written: dt.date | str, due: dt.date, precision: str) -> None:
    assert due_date(written)[:2] == (due, precision)


@pytest.mark.parametrize(
    ("written", "as_of", "days_left", "state"),
    [
        ("2020", D(2020, 12, 31), 0, "today"),       # a year is due on its last day
        ("2020", D(2021, 1, 1), -1, "overdue"),      # one day after the year ends
        ("2020", D(2019, 12, 31), 366, "upcoming"),  # 2020 is a leap year
        ("2020-02", D(2020, 1, 31), 29, "upcoming"),  # to the end of a leap February
        ("2021-02", D(2021, 2, 28), 0, "today"),
        (D(2021, 1, 1), D(2020, 12, 31), 1, "upcoming"),
    ],
)
def test_countdowns_around_month_and_year_ends(written: dt.date | str, as_of: dt.date,
                                               days_left: int, state: str) -> None:
    (view,) = milestones(make_plan(milestones=[{"date": written, "title": "M"}]), as_of)
    assert (view.days_left, view.state) == (days_left, state)


def test_done_milestones_are_not_overdue_and_next_skips_them() -> None:
    plan = make_plan(milestones=[
        {"date": "2019", "title": "early", "done": True},
        {"date": D(2020, 6, 1), "title": "done early", "done": True},
        {"date": "2020-07", "title": "next"},
        {"date": "2019-05", "title": "late"},
    ])
    views = milestones(plan, D(2020, 1, 1))
    assert [v.title for v in views] == ["late", "early", "done early", "next"]
    assert [v.state for v in views] == ["overdue", "done", "done", "upcoming"]
    upcoming = next_milestone(views)
    assert upcoming is not None and upcoming.title == "next"
    assert upcoming.days_left == (D(2020, 7, 31) - D(2020, 1, 1)).days


def test_axes_counts() -> None:
    plan = make_plan(pillars=[
        {"name": "Counted", "axes": 4},
        {"name": "Listed", "axis_count": 5, "axes": [
            {"name": "a", "status": "done"},
            {"name": "b", "status": "in-progress", "due": D(2019, 6, 30)},
            {"name": "c", "due": D(2019, 6, 30)},
            {"name": "d", "due": D(2021, 6, 30)},
            {"name": "e", "status": "dropped", "due": D(2019, 1, 31)},
        ]},
    ])
    report = pillars(plan, D(2020, 1, 1))
    counted, listed = (p.counts for p in report.pillars)
    assert (counted.axes, counted.itemised, counted.progress) == (4, 0, None)
    assert (listed.axes, listed.done, listed.in_progress, listed.planned, listed.dropped,
            listed.overdue) == (5, 1, 1, 2, 1, 2)
    assert listed.progress == 1 / 4  # dropped axes leave the denominator
    assert report.total.axes == 9


def test_axis_count_must_agree_with_the_list(run: Callable[..., Run],
                                             write_plan: Callable[[str], Path]) -> None:
    path = write_plan('[plan]\ntitle = "T"\nstart = 2019-01-01\ndeadline = 2020-01-01\n\n'
                      '[[pillars]]\nname = "P"\naxis_count = 3\n\n[[pillars.axes]]\nname = "a"\n')
    result = run("validate", "--plan", str(path))
    assert result.code == 2
    assert "pillars[0].axis_count (line 8): says 3 axes but 1 is listed" in result.err


@pytest.mark.parametrize("command", ["pillars", "milestones"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_seed_goldens(run: Callable[..., Run], command: str, fmt: str) -> None:
    result = run(command, "--as-of", "2019-04-23", "--format", fmt)
    assert result.code == 0
    suffix = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}[fmt]
    check_golden(f"{command}-seed.{suffix}", result.out)


def test_seed_footer_and_counts(run: Callable[..., Run]) -> None:
    out = run("status", "--as-of", "2019-04-23").out
    assert ("Next milestone: 2020-12-31 Plan deadline: 60,000 jobs, 18 bn MAD exports, "
            "1.5 bn MAD investment, in 618 days (1 year 8 months)") in " ".join(out.split())
    assert "Pillars: 7 pillars, 37 axes (37 not itemised: counts only)" in out
    pillars_json = json.loads(run("pillars", "--format", "json").out)
    assert [p["axes"] for p in pillars_json["pillars"]] == [3, 4, 4, 8, 7, 7, 4]
    assert pillars_json["total"]["axes"] == 37
    views = json.loads(run("milestones", "--as-of", "2019-04-23", "--format", "json").out)
    contract = next(m for m in views["milestones"] if "contract programme" in m["title"])
    assert (contract["date"], contract["precision"], contract["due"]) == (
        "2016", "year", "2016-12-31")


def test_a_zero_ecosystem_target_is_refused(run: Callable[..., Run],
                                            write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN.replace("A = 40, B = 60", "A = 0, B = 100"))
    result = run("status", "--plan", str(path), "--ecosystem", "A")
    assert result.code == 2
    assert "indicators.jobs.ecosystem_targets.A (line 14): is 0" in result.err


def test_history_of_one_ecosystem_uses_its_own_target(run: Callable[..., Run],
                                                      write_plan: Callable[[str], Path]) -> None:
    path = write_plan(BREAKDOWN_PLAN)
    history = json.loads(run("history", "jobs", "--ecosystem", "A", "--plan", str(path),
                             "--format", "json").out)
    assert [(f["value"], f["ratio"]) for f in history["figures"]] == [(10, 10 / 40),
                                                                       (15, 15 / 40)]
    status = json.loads(run("status", "--ecosystem", "A", "--plan", str(path), "--as-of",
                            "2020-02-15", "--format", "json").out)
    jobs = status["indicators"][0]
    assert (jobs["actual"], jobs["target"], jobs["ratio"], jobs["total_from"]) == (
        15, 40, 15 / 40, "ecosystem")
