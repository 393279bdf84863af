"""The progress engine: each formula with exact expectations, the window's edges (figures
before the start, after the deadline), and properties."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from offshore_cli import spec
from offshore_cli.errors import PlanError
from offshore_cli.plan import load_plan
from offshore_cli.progress import (
    REASONS,
    STATUSES,
    ExactSum,
    IndicatorProgress,
    evaluate,
    evaluate_indicator,
    round_half_away,
)
from offshore_cli.series import Cut, build_series
from offshore_cli.validation import plan_from_data

from .conftest import SEED, Run

D = dt.date
START, DEADLINE = D(2020, 1, 1), D(2020, 4, 10)  # a 100-day plan


def make_plan(indicator: dict[str, Any], results: list[dict[str, Any]],
              bands: dict[str, float] | None = None) -> spec.Plan:
    meta: dict[str, Any] = {"title": "T", "start": START, "deadline": DEADLINE}
    if bands:
        meta["bands"] = bands
    return plan_from_data({
        "plan": meta,
        "indicators": {"x": {"label": "X", "unit": "u", **indicator}},
        "results": [{"indicator": "x", **r} for r in results],
    })


def progress(indicator: dict[str, Any], results: list[dict[str, Any]], as_of: dt.date,
             **kw: Any) -> IndicatorProgress:
    return evaluate(make_plan(indicator, results, **kw), as_of).indicators[0]


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def test_seed_plan_on_review_day() -> None:
    report = evaluate(load_plan(SEED), D(2019, 4, 23))
    by_id = {i.id: i for i in report.indicators}
    assert report.days_left == 618
    jobs, exports, invest = by_id["jobs"], by_id["exports"], by_id["investment"]
    assert jobs.ratio == 69900 / 60000
    assert round(jobs.ratio * 100, 1) == 116.5
    assert jobs.status == "achieved"
    assert jobs.remaining == 0
    assert invest.ratio == 1e9 / 1.5e9
    assert round(invest.ratio * 100, 1) == 66.7
    assert invest.remaining == 500_000_000
    assert invest.status == "at-risk"
    # Figures dated 2018-12-31: 1825 of the plan's 2556 days had elapsed.
    assert invest.expected_ratio == 1825 / 2556
    assert invest.pace == (1e9 / 1.5e9) / (1825 / 2556)
    assert exports.ratio == 10 / 18
    assert round(exports.ratio * 100, 1) == 55.6
    assert round(exports.pace * 100, 1) == 77.8  # type: ignore[operator]
    assert exports.status == "at-risk"
    assert by_id["contract_jobs"].status == "tracked"
    assert by_id["contract_jobs"].start == D(2016, 1, 1)


def test_every_formula_on_the_straight_line() -> None:
    p = progress({"target": 100}, [{"date": day(25), "value": 25}], day(40))
    assert p.actual == 25
    assert p.actual_date == day(25)
    assert p.ratio == 0.25
    assert p.expected_ratio == 0.25
    assert p.pace == 1.0
    assert p.projected == 100.0
    assert p.days_ahead == 0
    assert p.remaining == 75
    assert p.achieved_per_year == 365.25  # 25 in 25 days
    assert p.required_per_year == 365.25  # 75 in the 75 days left after the figure
    assert p.days_left == 60
    assert p.status == "on-track"


def test_ahead_and_behind_in_days() -> None:
    ahead = progress({"target": 100}, [{"date": day(20), "value": 30}], day(20))
    assert ahead.days_ahead == 10
    behind = progress({"target": 100}, [{"date": day(20), "value": 5}], day(20))
    assert behind.days_ahead == -15
    assert behind.pace == 0.25
    assert behind.status == "off-track"


def test_lower_is_better() -> None:
    p = progress({"baseline": 100, "target": 50}, [{"date": day(50), "value": 80}], day(50))
    assert p.ratio == pytest.approx(0.4)
    assert p.expected_ratio == 0.5
    assert p.pace == pytest.approx(0.8)
    assert p.projected == pytest.approx(60.0)
    assert p.remaining == 30
    assert p.achieved_per_year == pytest.approx(-20 / (50 / 365.25))
    assert p.status == "at-risk"
    worse = progress({"baseline": 100, "target": 50}, [{"date": day(50), "value": 120}], day(50))
    assert worse.ratio == pytest.approx(-0.4)
    assert worse.remaining == 70
    assert worse.status == "off-track"


def test_increment_sums_from_the_baseline() -> None:
    p = progress({"baseline": 10, "target": 110, "measure": "increment"},
                 [{"date": day(10), "value": 20}, {"date": day(50), "value": 30}], day(60))
    assert p.actual == 60
    assert p.actual_date == day(50)
    assert p.ratio == 0.5
    assert p.pace == 1.0


def test_revised_figure_wins_and_later_dates_are_ignored() -> None:
    results = [{"date": day(30), "value": 10}, {"date": day(30), "value": 40},
               {"date": day(90), "value": 99}]
    p = progress({"target": 100}, results, day(60))
    assert p.actual == 40
    assert p.actual_date == day(30)
    inc = progress({"target": 100, "measure": "increment"}, results, day(60))
    assert inc.actual == 40  # the revised figure replaces, it does not add


def test_ecosystem_figures_are_not_the_total() -> None:
    plan = plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": DEADLINE},
        "ecosystems": {"A": "Alpha"},
        "indicators": {"x": {"label": "X", "unit": "u", "target": 100}},
        "results": [{"indicator": "x", "date": day(10), "value": 7, "ecosystem": "A"},
                    {"indicator": "x", "date": day(5), "value": 3}],
    })
    assert evaluate(plan, day(20)).indicators[0].actual == 3


def test_indicator_dates_override_the_plan() -> None:
    p = progress({"target": 100, "start": day(50), "deadline": day(150)},
                 [{"date": day(75), "value": 25}], day(80))
    assert p.start == day(50)
    assert p.deadline == day(150)
    assert p.expected_ratio == 0.25
    assert p.pace == 1.0
    assert p.days_left == 70


@pytest.mark.parametrize(
    ("value", "figure_day", "as_of", "status"),
    [
        (50, 100, 101, "missed"),      # figure on the deadline, below target
        (50, 99, 101, "overdue"),      # deadline passed, no figure from the deadline on
        (100, 60, 200, "achieved"),    # achieved stays achieved after the deadline
        (50, 50, 100, "on-track"),     # on the deadline day itself, still judged by pace
    ],
)
def test_statuses_around_the_deadline(value: int, figure_day: int, as_of: int,
                                      status: str) -> None:
    assert progress({"target": 100}, [{"date": day(figure_day), "value": value}],
                    day(as_of)).status == status


def test_no_data_and_tracked() -> None:
    assert progress({"target": 100}, [], day(10)).status == "no-data"
    assert progress({"target": 100}, [{"date": day(20), "value": 1}], day(10)).status == "no-data"
    tracked = progress({}, [{"date": day(20), "value": 5}], day(30))
    assert tracked.status == "tracked"
    assert tracked.ratio is None
    assert tracked.achieved_per_year == 5 / (20 / 365.25)


def test_no_time_elapsed_at_the_figure() -> None:
    p = progress({"target": 100}, [{"date": day(0), "value": 10}], day(5))
    assert p.ratio == 0.1
    assert p.expected_ratio == 0.0
    assert p.pace is None
    assert p.projected is None
    assert p.projected_ratio is None
    assert p.achieved_per_year is None
    assert p.days_ahead == 10
    # Five days into the window, a figure dated on the start measures nothing in it.
    assert (p.status, p.reason) == ("no-data", "no figure since the start")


@pytest.mark.parametrize(("value", "status"), [(10, "on-track"), (0, "on-track"),
                                               (-10, "off-track")])
def test_nothing_is_expected_before_the_start(value: int, status: str) -> None:
    on_start = progress({"target": 100}, [{"date": day(0), "value": value}], day(0))
    before = progress({"target": 100}, [{"date": day(-40), "value": value}], day(-10))
    for p in (on_start, before):
        assert (p.status, p.reason) == (status, "nothing expected before the start")
        assert p.pace is None


def test_no_time_left_after_the_figure() -> None:
    p = progress({"target": 100}, [{"date": day(100), "value": 90}], day(100))
    assert p.required_per_year is None
    assert p.expected_ratio == 1.0


@pytest.mark.parametrize(("pace_value", "status"), [(95, "on-track"), (94, "at-risk"),
                                                   (50, "at-risk"), (49, "off-track")])
def test_band_edges(pace_value: int, status: str) -> None:
    # At day 100 of 100, expected is 1, so pace equals ratio.
    p = progress({"target": 100}, [{"date": day(100), "value": pace_value}], day(100))
    assert p.status == status


def test_custom_bands() -> None:
    p = progress({"target": 100}, [{"date": day(100), "value": 80}], day(100),
                 bands={"on_track": 0.8, "at_risk": 0.7})
    assert p.status == "on-track"


def test_round_half_away() -> None:
    assert [round_half_away(x) for x in (2.5, -2.5, 0.4999, -0.5, 0.0)] == [3, -3, 0, -1, 0]


targets = st.tuples(st.integers(-10**9, 10**9), st.integers(-10**9, 10**9)).filter(
    lambda bt: bt[0] != bt[1])


@given(targets, st.integers(-10**9, 10**9), st.integers(1, 10**9), st.integers(1, 365 * 20),
       st.integers(0, 365 * 20))
def test_ratio_rises_with_actual_in_the_targets_direction(
        bt: tuple[int, int], actual: int, step: int, span: int, elapsed: int) -> None:
    base, target = bt
    direction = 1 if target > base else -1
    ind = spec.Indicator(label="X", unit="u", baseline=float(base), target=float(target))
    plan = make_plan({"baseline": base, "target": target}, [])
    when = START + dt.timedelta(days=min(elapsed, span))

    def ratio(value: float) -> float:
        used = Cut([when.toordinal()], [float(value)], 1)
        got = evaluate_indicator("x", ind, plan, when, used).ratio
        assert got is not None
        return got

    assert ratio(actual + direction * step) > ratio(actual)


@given(targets, st.integers(1, 365 * 30), st.data())
def test_a_figure_on_the_straight_line_has_pace_one(bt: tuple[int, int], span: int,
                                                    data: st.DataObject) -> None:
    base, target = bt
    elapsed = data.draw(st.integers(1, span))
    start = D(2000, 1, 1)
    deadline = start + dt.timedelta(days=span)
    when = start + dt.timedelta(days=elapsed)
    value = base + (target - base) * elapsed / span
    ind = spec.Indicator(label="X", unit="u", baseline=float(base), target=float(target),
                         start=start, deadline=deadline)
    plan = make_plan({}, [])
    p = evaluate_indicator("x", ind, plan, when, Cut([when.toordinal()], [value], 1))
    # Float noise: the value carries the rounding of the larger of b and t, which
    # weighs on (value - b) in proportion to their size over the distance moved.
    noise = 8 * math.ulp(max(abs(base), abs(target), 1.0))
    rel = 1e-12 + noise / abs(value - base)
    assert p.pace == pytest.approx(1.0, rel=rel)
    assert p.days_ahead == 0
    assert p.projected == pytest.approx(target, abs=abs(target - base) * rel + noise)


def test_a_figure_before_the_start_counts_no_progress_in_the_window() -> None:
    p = progress({"target": 100}, [{"date": START - dt.timedelta(days=31), "value": 5}],
                 day(10))
    assert p.ratio == 0.05
    assert p.expected_ratio == 0.0
    assert p.pace is None
    assert p.projected_ratio is None
    assert p.days_ahead == 36  # 5 % of 100 days, and the 31 days before the start
    assert (p.status, p.reason) == ("no-data", "no figure since the start")


def test_figures_that_cannot_be_measured_are_null_not_infinite() -> None:
    # A target a hair's breadth from the baseline: the ratio leaves the floats.
    p = progress({"target": 1e-300}, [{"date": day(50), "value": 1e18}], day(60))
    assert p.ratio is None
    assert p.pace is None
    assert p.days_ahead is None
    assert p.status == "no-data"


def test_huge_figures_are_refused_before_they_can_overflow() -> None:
    with pytest.raises(PlanError, match="at most 1e18"):
        make_plan({"target": 100, "measure": "increment"}, [{"date": day(1), "value": 1e308}])


# The window's edges (issue 12): figures after the deadline, figures before the start.

LATE_PLAN = """\
[plan]
title = "Window edges"
start = 2018-01-01
deadline = 2020-12-31
currency = "MAD"

[indicators.exports]
label = "Exports"
unit = "MAD"
target = 5_000_000_000

[[results]]
indicator = "exports"
date = {date}
value = {value}
"""
WINDOW = (D(2020, 12, 31) - D(2018, 1, 1)).days  # 1095 days


def status_json(run: Callable[..., Run], path: Path, as_of: str) -> dict[str, Any]:
    result = run("status", "--plan", str(path), "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    assert document["schema"] == 4
    return document["indicators"][0]  # type: ignore[no-any-return]


def test_a_target_reached_18_months_late(run: Callable[..., Run],
                                         write_plan: Callable[[str], Path]) -> None:
    path = write_plan(LATE_PLAN.format(date="2022-06-30", value="5_200_000_000"))
    item = status_json(run, path, "2022-08-01")
    elapsed = (D(2022, 6, 30) - D(2018, 1, 1)).days  # 1641 days
    assert item["status"] == "achieved-late"
    assert item["reason"] == "target reached after the deadline"
    assert item["ratio"] == 1.04
    assert item["expected_ratio"] == 1
    assert item["pace"] == 1.04
    assert item["days_ahead"] == -502 == round_half_away(1.04 * WINDOW - elapsed)
    assert item["projected"] == 5.2e9 * WINDOW / elapsed
    assert item["projected_ratio"] == pytest.approx(1.04 * WINDOW / elapsed, rel=1e-15)
    assert item["required_per_year"] is None
    assert item["remaining"] == 0


def test_the_same_figure_on_time_is_achieved(run: Callable[..., Run],
                                             write_plan: Callable[[str], Path]) -> None:
    path = write_plan(LATE_PLAN.format(date="2020-12-31", value="5_200_000_000"))
    item = status_json(run, path, "2022-08-01")
    assert (item["status"], item["reason"]) == ("achieved", None)
    assert item["days_ahead"] == round_half_away(1.04 * WINDOW - WINDOW) == 44


def test_only_figure_before_the_start(run: Callable[..., Run],
                                      write_plan: Callable[[str], Path]) -> None:
    path = write_plan(LATE_PLAN.format(date="2017-06-30", value="500_000_000"))
    item = status_json(run, path, "2019-12-31")
    assert (item["status"], item["reason"]) == ("no-data", "no figure since the start")
    assert item["ratio"] == 0.1
    assert item["expected_ratio"] == 0
    assert item["days_ahead"] == 295 == round_half_away(0.1 * WINDOW + 185)
    for name in ("pace", "projected", "projected_ratio", "achieved_per_year"):
        assert item[name] is None, name


def test_after_the_deadline_pace_and_projection_differ() -> None:
    # 4.0 bn of a 5 bn target, dated six months after the deadline.
    start, deadline = D(2018, 1, 1), D(2020, 12, 31)
    p = progress({"target": 5e9, "start": start, "deadline": deadline},
                 [{"date": D(2021, 6, 30), "value": 4e9}], D(2021, 8, 1))
    elapsed = (D(2021, 6, 30) - start).days
    assert p.pace == 0.8
    assert p.projected == 4e9 * WINDOW / elapsed
    assert p.projected_ratio == pytest.approx(0.8 * WINDOW / elapsed, rel=1e-15)
    assert round(p.projected_ratio, 3) == 0.687  # type: ignore[arg-type]
    assert p.days_ahead == round_half_away(0.8 * WINDOW - elapsed) == -400
    assert (p.status, p.reason) == ("missed", None)


def test_required_per_year_ends_with_the_deadline() -> None:
    figure = [{"date": day(50), "value": 40}]
    on_the_day = progress({"target": 100}, figure, day(100))
    assert on_the_day.required_per_year == 60 / (50 / 365.25)
    after = progress({"target": 100}, figure, day(101))
    assert after.required_per_year is None
    assert after.status == "overdue"


def test_tracked_indicators_are_projected_too() -> None:
    p = progress({}, [{"date": day(20), "value": 5}], day(30))
    assert p.projected == 5 * 100 / 20
    assert p.projected_ratio is None
    assert (p.status, p.reason) == ("tracked", None)


@pytest.mark.parametrize(
    ("indicator", "results", "as_of", "status", "reason"),
    [
        ({"target": 100}, [], day(10), "no-data", "no figure up to the as-of date"),
        ({"target": 1e-300}, [{"date": day(50), "value": 1e10}], day(60), "no-data",
         "the ratio is undefined"),
        ({"target": 100}, [{"date": day(50), "value": 50}], day(60), "on-track", None),
    ],
)
def test_reasons(indicator: dict[str, Any], results: list[dict[str, Any]], as_of: dt.date,
                 status: str, reason: str | None) -> None:
    p = progress(indicator, results, as_of)
    assert (p.status, p.reason) == (status, reason)


# When the target was reached: level, increment and ecosystem-derived totals.

def eco_plan(measure: str, results: list[tuple[int, float, str | None]]) -> spec.Plan:
    return plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": DEADLINE},
        "ecosystems": {"CRM": "C", "BPO": "B"},
        "indicators": {"x": {"label": "X", "unit": "u", "target": 100, "measure": measure}},
        "results": [{"indicator": "x", "date": day(n), "value": value,
                     **({"ecosystem": eco} if eco else {})} for n, value, eco in results],
    })


@pytest.mark.parametrize(
    ("measure", "results", "status"),
    [
        # Level: reached before the deadline, dipped, back above after it.
        ("level", [(50, 105, None), (100, 90, None), (150, 101, None)], "achieved"),
        ("level", [(50, 95, None), (150, 101, None)], "achieved-late"),
        # Increment: the running total reaches the target with a flow after the deadline.
        ("increment", [(50, 60, None), (150, 50, None)], "achieved-late"),
        ("increment", [(50, 60, None), (90, 50, None), (150, 10, None)], "achieved"),
        # ... and a total that fell back below it after the deadline is not achieved.
        ("increment", [(50, 60, None), (90, 50, None), (150, -20, None)], "missed"),
        # Derived from ecosystems: reached on the date of the figure that completed the
        # sum (BPO's, after the deadline), not the total's own, older date.
        ("level", [(50, 60, "CRM"), (150, 50, "BPO")], "achieved-late"),
        ("level", [(50, 60, "CRM"), (80, 50, "BPO")], "achieved"),
        # An increment total derived from ecosystems counts the flows up to its date, the
        # oldest of the ecosystems' latest: here 110 only once BPO reports on day 160.
        ("increment", [(50, 60, "CRM"), (60, 10, "BPO"), (150, 40, "CRM"), (160, 5, "BPO")],
         "achieved-late"),
        ("increment", [(50, 60, "CRM"), (60, 50, "BPO"), (90, 0, "CRM"), (95, 0, "BPO")],
         "achieved"),
        # Before the first sector-wide figure, the ecosystems' total counts.
        ("level", [(50, 60, "CRM"), (80, 50, "BPO"), (150, 102, None)], "achieved"),
    ],
)
def test_when_the_target_was_reached(measure: str, results: list[tuple[int, float, str | None]],
                                     status: str) -> None:
    item = evaluate(eco_plan(measure, results), day(200)).indicators[0]
    assert item.status == status


def test_a_derived_total_is_dated_by_its_oldest_figure_yet_reached_by_its_newest() -> None:
    item = evaluate(eco_plan("level", [(50, 60, "CRM"), (150, 50, "BPO")]),
                    day(200)).indicators[0]
    assert (item.total_from, item.actual, item.actual_date) == ("ecosystems", 110, day(50))
    assert (item.status, item.reason) == ("achieved-late", "target reached after the deadline")


# Properties.

@given(targets, st.integers(-10**9, 10**9), st.integers(1, 20_000), st.data())
def test_days_ahead_is_the_formula_for_any_date(bt: tuple[int, int], actual: int, span: int,
                                               data: st.DataObject) -> None:
    base, target = bt
    elapsed = data.draw(st.integers(-2 * span, 3 * span), label="a - s")
    start = D(2000, 1, 1)
    when = start + dt.timedelta(days=elapsed)
    ind = spec.Indicator(label="X", unit="u", baseline=float(base), target=float(target),
                         start=start, deadline=start + dt.timedelta(days=span))
    p = evaluate_indicator("x", ind, make_plan({}, []), max(when, start),
                           Cut([when.toordinal()], [float(actual)], 1))
    assert p.ratio == (actual - base) / (target - base)
    ahead = Decimal(p.ratio * span - elapsed)
    assert p.days_ahead == int(ahead.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(targets, st.integers(-10**9, 10**9), st.integers(1, 20_000), st.data())
def test_inside_the_window_the_projection_is_the_pace(bt: tuple[int, int], actual: int,
                                                      span: int, data: st.DataObject) -> None:
    base, target = bt
    elapsed = data.draw(st.integers(1, span))
    start = D(2000, 1, 1)
    when = start + dt.timedelta(days=elapsed)
    ind = spec.Indicator(label="X", unit="u", baseline=float(base), target=float(target),
                         start=start, deadline=start + dt.timedelta(days=span))
    p = evaluate_indicator("x", ind, make_plan({}, []), when,
                           Cut([when.toordinal()], [float(actual)], 1))
    assert p.pace is not None and p.projected is not None and p.projected_ratio is not None
    # projected - b cancels the baseline's rounding; allow for it.
    noise = 8 * math.ulp(max(abs(base), abs(target), abs(p.projected), 1.0)) / abs(target - base)
    assert p.projected_ratio == pytest.approx(p.pace, rel=1e-12, abs=noise)


def figures_of(low: float, high: float) -> st.SearchStrategy[list[tuple[int, float, str | None]]]:
    values = st.one_of(st.integers(int(low), int(high)).map(float),
                       st.floats(low, high, allow_nan=False))
    return st.lists(st.tuples(st.integers(-30, 250), values,
                              st.sampled_from([None, None, "CRM", "BPO"])), min_size=1,
                    max_size=8)


@given(st.one_of(st.tuples(st.just("level"), figures_of(40, 130)),
                 st.tuples(st.just("increment"), figures_of(-20, 70))),
       st.one_of(st.integers(101, 300), st.integers(-10, 300)))
def test_achieved_means_reached_by_the_deadline_as_status_would_have_shown(
        case: tuple[str, list[tuple[int, float, str | None]]], as_of: int) -> None:
    measure, results = case
    plan = eco_plan(measure, results)
    item = evaluate(plan, day(as_of)).indicators[0]
    if item.ratio is None or item.ratio < 1:
        assert item.status not in ("achieved", "achieved-late")
        event("not reached")
        return
    if item.status == "no-data":
        assert item.reason == "no figure since the start"
        return
    assert item.status in ("achieved", "achieved-late")
    # The definition, by brute force: status as of each figure's date up to the deadline.
    dates = sorted({day(n) for n, _, _ in results if day(n) <= min(day(as_of), DEADLINE)})
    ratios = [evaluate(plan, when).indicators[0].ratio for when in dates]
    in_time = any(ratio is not None and ratio >= 1 for ratio in ratios)
    event(item.status)
    assert item.status == ("achieved" if in_time else "achieved-late")
    # reached_on is the first of those dates, up to the as-of date.
    every = sorted({day(n) for n, _, _ in results if day(n) <= day(as_of)})
    first = next(when for when in every
                 if (evaluate(plan, when).indicators[0].ratio or 0) >= 1)
    assert item.reached_on == first
    assert (item.reached_on <= DEADLINE) == (item.status == "achieved")


@given(st.lists(st.floats(-1e18, 1e18, allow_nan=False), max_size=30))
def test_a_running_exact_sum_rounds_as_fsum(values: list[float]) -> None:
    running = ExactSum()
    for count, value in enumerate(values, start=1):
        assert running.plus(value) == math.fsum(values[:count])
        running.add(value)
        assert running.value == math.fsum(values[:count])


extreme = st.one_of(st.floats(-1e18, 1e18, allow_nan=False),
                    st.sampled_from([0.0, 1e-300, -1e-300, 5e-324, 1e18, -1e18]))


@given(extreme, extreme, st.sampled_from(["level", "increment"]),
       st.lists(st.tuples(st.integers(-400, 500), extreme), max_size=5),
       st.integers(-400, 600))
def test_every_figure_is_finite_or_null(base: float, target: float, measure: str,
                                        results: list[tuple[int, float]], as_of: int) -> None:
    ind = spec.Indicator(label="X", unit="u", baseline=base,
                         target=None if target == base else target, measure=measure)
    plan = make_plan({}, [])
    figures = build_series([spec.Figure("x", day(n), v) for n, v in results])
    p = evaluate_indicator("x", ind, plan, day(as_of), Cut.of(figures.get(("x", None)),
                                                               day(as_of)))
    for name, value in p._asdict().items():
        assert not isinstance(value, float) or math.isfinite(value), name
    assert p.status in STATUSES
    assert (p.reason is None) or p.reason in REASONS
