"""The progress engine: each formula with exact expectations, and properties."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offshore_cli import spec
from offshore_cli.errors import PlanError
from offshore_cli.plan import load_plan
from offshore_cli.progress import (
    IndicatorProgress,
    evaluate,
    evaluate_indicator,
    round_half_away,
)
from offshore_cli.series import Cut
from offshore_cli.validation import plan_from_data

from .conftest import SEED

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
