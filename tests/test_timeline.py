"""Ecosystem breakdowns, pillars and axes, milestones and their countdowns."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offshore_cli import spec
from offshore_cli.progress import evaluate
from offshore_cli.series import build_series, value_on
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
    # A's figure and B's are of different dates and there is no sector figure: no
    # total of either date, so no share (a share is never of another date's total).
    assert [(e.share, e.share_from, e.share_reason) for e in jobs.breakdown] == [
        (None, None, "no sector total on 2020-01-31"),
        (None, None, "no sector total on 2020-01-21")]
    assert [e.ratio for e in jobs.breakdown] == [15 / 40, 20 / 60]
    # Increment: baseline + the flows up to the total's date (A's February flow waits
    # until B reports past it); each ecosystem's row shows all its own flows.
    assert flow.actual == 100 + 50 + 300
    assert flow.actual_date == D(2020, 1, 31)
    assert [e.actual for e in flow.breakdown] == [100, 300]
    assert [(e.share, e.share_reason) for e in flow.breakdown] == [
        (None, "no sector total on 2020-02-10"), (None, "no sector total on 2020-01-31")]
    assert flow.breakdown[0].ratio is None  # no per-ecosystem target


def test_a_sector_figure_is_the_total() -> None:
    text = BREAKDOWN_PLAN + ('\n[[results]]\nindicator = "jobs"\ndate = 2020-01-15\n'
                             "value = 70\n")
    jobs = evaluate(plan_of(text), D(2020, 2, 15)).indicators[0]
    assert jobs.total_from == "sector"
    assert jobs.actual == 70
    assert jobs.actual_date == D(2020, 1, 15)
    # The sector's figure is of 2020-01-15, the ecosystems' of other dates.
    assert [(e.share, e.share_reason) for e in jobs.breakdown] == [
        (None, "no sector total on 2020-01-31"), (None, "no sector total on 2020-01-21")]


def test_one_ecosystems_own_view() -> None:
    report = evaluate(plan_of(BREAKDOWN_PLAN), D(2020, 3, 15), ecosystem="B")
    jobs, flow = report.indicators
    assert report.ecosystem == "B"
    assert (jobs.actual, jobs.target, jobs.ratio) == (99, 60, 99 / 60)
    assert jobs.status == "achieved"
    assert flow.actual == 300
    assert flow.status == "tracked"


# Shares: an ecosystem's figure over a total of the same date, never of another date.

Row = tuple[dt.date, float] | tuple[dt.date, float, str]


def shares_plan(rows: list[Row], measure: str = "level") -> spec.Plan:
    """One indicator, ``x``, with ecosystems CRM and BPO; each row is (date, value)
    for a sector-wide figure or (date, value, ecosystem)."""
    return plan_from_data({
        "plan": {"title": "T", "start": D(2018, 1, 1), "deadline": D(2020, 12, 31)},
        "ecosystems": {"CRM": "C", "BPO": "B"},
        "indicators": {"x": {"label": "X", "unit": "u", "target": 1000, "baseline": 10,
                             "measure": measure}},
        "results": [{"indicator": "x", "date": row[0], "value": row[1],
                     **({"ecosystem": row[2]} if len(row) == 3 else {})} for row in rows],
    })


YEAR_END = D(2018, 12, 31)


def shares(plan: spec.Plan, as_of: dt.date = YEAR_END) -> list[tuple[Any, ...]]:
    (item,) = evaluate(plan, as_of).indicators
    return [(row.ecosystem, row.actual, row.actual_date, row.share, row.share_from,
             row.share_reason) for row in item.breakdown]


def test_a_share_of_another_dates_total_is_not_given() -> None:
    """The sector's latest figure, 100, is of 2017-12-31; CRM's 300 is of 2018-06-30.
    Divided, they made "300.0 % of total"; there is no total of 2018-06-30."""
    plan = shares_plan([(D(2017, 12, 31), 100), (D(2018, 6, 30), 300, "CRM"),
                        (D(2018, 3, 31), 50, "BPO")])
    assert evaluate(plan, D(2018, 12, 31)).indicators[0].total_from == "sector"
    assert shares(plan) == [
        ("CRM", 300, D(2018, 6, 30), None, None, "no sector total on 2018-06-30"),
        ("BPO", 50, D(2018, 3, 31), None, None, "no sector total on 2018-03-31"),
    ]


def test_a_share_is_of_the_sector_figure_of_its_own_date() -> None:
    """Not the sector's latest figure (900): the one of CRM's date, as revised."""
    plan = shares_plan([(D(2018, 6, 30), 500), (D(2018, 12, 31), 900),
                        (D(2018, 6, 30), 300, "CRM"), (D(2018, 6, 30), 400),
                        (D(2018, 3, 31), 50, "BPO")])
    assert shares(plan) == [
        ("CRM", 300, D(2018, 6, 30), 300 / 400, "sector", None),
        ("BPO", 50, D(2018, 3, 31), None, None, "no sector total on 2018-03-31"),
    ]
    # As of 2018-06-29, BPO is the only ecosystem with figures: the ecosystems' sum
    # of its date is its own figure.
    assert shares(plan, D(2018, 6, 29)) == [
        ("BPO", 50, D(2018, 3, 31), 1.0, "ecosystems", None)]


def test_without_a_sector_figure_the_ecosystems_sum_of_that_date() -> None:
    """Every ecosystem with figures reports on 2018-06-30 (BPO's is not its latest):
    CRM's share is of their sum on that date; BPO's latest date has no total."""
    plan = shares_plan([(D(2018, 6, 30), 300, "CRM"), (D(2018, 6, 30), 100, "BPO"),
                        (D(2018, 9, 30), 150, "BPO")])
    assert shares(plan) == [
        ("CRM", 300, D(2018, 6, 30), 300 / 400, "ecosystems", None),
        ("BPO", 150, D(2018, 9, 30), None, None, "no sector total on 2018-09-30"),
    ]
    # Reporting on the same date, they share out their sum: the shares add up to 1.
    both = shares_plan([(D(2018, 6, 30), 300, "CRM"), (D(2018, 6, 30), 100, "BPO")])
    assert [(row[3], row[4]) for row in shares(both)] == [(0.75, "ecosystems"),
                                                         (0.25, "ecosystems")]


def test_an_increment_share_is_of_the_flows_up_to_its_date() -> None:
    plan = shares_plan([(D(2018, 3, 31), 100), (D(2018, 6, 30), 200),
                        (D(2018, 3, 31), 50, "CRM"), (D(2018, 6, 30), 100, "CRM"),
                        (D(2018, 3, 31), 30, "BPO")], measure="increment")
    assert shares(plan) == [
        ("CRM", 150, D(2018, 6, 30), 150 / 300, "sector", None),
        ("BPO", 30, D(2018, 3, 31), 30 / 100, "sector", None),
    ]


def test_a_total_of_zero_or_a_share_beyond_the_floats_gives_a_reason() -> None:
    zero = shares_plan([(D(2018, 6, 30), 0), (D(2018, 6, 30), 0, "CRM")])
    assert shares(zero) == [("CRM", 0, D(2018, 6, 30), None, None,
                             "the total on 2018-06-30 is 0")]
    tiny = shares_plan([(D(2018, 6, 30), 1e-300), (D(2018, 6, 30), 1e18, "CRM")])
    assert shares(tiny) == [("CRM", 1e18, D(2018, 6, 30), None, None,
                             "the share is undefined")]


share_rows = st.lists(st.one_of(
    st.tuples(st.integers(0, 6), st.integers(-5, 50)),
    st.tuples(st.integers(0, 6), st.integers(-5, 50), st.sampled_from(["CRM", "BPO"]))),
    max_size=10)


@given(st.sampled_from(["level", "increment"]), share_rows, st.integers(0, 7))
def test_every_share_is_of_figures_of_one_date(measure: str, rows: list[tuple[Any, ...]],
                                               as_of_step: int) -> None:
    """A share is the ecosystem's figure over the sector's figure in force on the
    same date, or, with none, over the sum of every reporting ecosystem's figures of
    that date; else there is none, and a reason. Checked against the figures in
    force (``series.value_on``), dated at most the as-of date."""
    step = dt.timedelta(days=30)
    start = D(2018, 1, 1)
    plan = shares_plan([(start + step * row[0], *row[1:]) for row in rows], measure)
    as_of = start + step * as_of_step
    series = build_series(plan.results)

    def on(ecosystem: str | None, day: dt.date) -> float | None:
        """The series' total on ``day`` if it has a figure of that date by the as-of date."""
        if day > as_of or value_on(series, "x", ecosystem, day) is None:
            return None
        dates, values = series[("x", ecosystem)]
        kept = [value for when, value in zip(dates, values, strict=True)
                if when <= day.toordinal()]
        return math.fsum(kept) if measure == "increment" else kept[-1]

    reporting = [eco for eco in ("CRM", "BPO") if ("x", eco) in series
                 and series[("x", eco)][0][0] <= as_of.toordinal()]
    for row in evaluate(plan, as_of).indicators[0].breakdown:
        mine = on(row.ecosystem, row.actual_date)
        assert mine == row.actual
        sector = on(None, row.actual_date)
        same_day = [on(eco, row.actual_date) for eco in reporting]
        if sector is not None:
            whole, source = sector, "sector"
        elif all(value is not None for value in same_day):
            whole, source = math.fsum(v for v in same_day if v is not None), "ecosystems"
        else:
            assert (row.share, row.share_from, row.share_reason) == (
                None, None, f"no sector total on {row.actual_date}")
            continue
        if whole == 0:
            assert (row.share, row.share_reason) == (
                None, f"the total on {row.actual_date} is 0")
        else:
            assert (row.share, row.share_from, row.share_reason) == (
                mine / whole, source, None)


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
         "share": None, "target": 40, "ratio": 15 / 40, "share_from": None,
         "share_reason": "no sector total on 2020-01-31"},
        {"ecosystem": "B", "name": "Beta", "actual": 20, "actual_date": "2020-01-21",
         "share": None, "target": 60, "ratio": 20 / 60, "share_from": None,
         "share_reason": "no sector total on 2020-01-21"},
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
