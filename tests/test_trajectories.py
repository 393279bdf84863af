"""Trajectories in the engine: the path of each kind (linear, compound, checkpoints),
the figures measured against it (expected ratio, pace, days ahead), the trend
(projected, eta), the growth rates, the date the target was reached and the SDG
progress class, on hand-computed cases and as properties."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from offshore_cli import spec
from offshore_cli.paths import expected_ratio, path_of, reach_of, revised, value_at
from offshore_cli.progress import (
    IndicatorProgress,
    days_ahead_of,
    evaluate,
    evaluate_indicator,
    round_half_away,
    sdg_class_of,
)
from offshore_cli.series import Cut
from offshore_cli.validation import plan_from_data

D = dt.date
START, DEADLINE = D(2020, 1, 1), D(2020, 4, 10)  # a 100-day plan


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def progress(indicator: dict[str, Any], results: list[tuple[int, float]], as_of: int,
             **meta: Any) -> IndicatorProgress:
    plan = plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": DEADLINE, **meta},
        "indicators": {"x": {"label": "X", "unit": "u", **indicator}},
        "results": [{"indicator": "x", "date": day(n), "value": value} for n, value in results],
    })
    return evaluate(plan, day(as_of)).indicators[0]


def growth(factor: float, days: float) -> float:
    """A factor over ``days`` days as a yearly rate of growth."""
    return float(factor ** (365.25 / days) - 1)


# A compound path, lower is better: 100 to 50 in 100 days, 80 on day 50.

EMISSIONS = {"baseline": 100, "target": 50, "trajectory": "compound"}


def test_a_compound_path_lower_is_better() -> None:
    p = progress(EMISSIONS, [(50, 80)], 60)
    assert p.trajectory == "compound"
    assert p.ratio == pytest.approx(0.4)
    # The path: 100 * 0.5 ** (50 / 100) = 70.71 on day 50, 58.6 % of the way.
    assert p.expected_ratio == pytest.approx((100 * 0.5 ** 0.5 - 100) / -50, rel=1e-12)
    assert round(p.expected_ratio, 4) == 0.5858  # type: ignore[arg-type]
    assert round(p.pace, 4) == 0.6828  # type: ignore[arg-type]
    # The trend: 80 / 100 in 50 days, twice over by the deadline: 64.
    assert p.projected == pytest.approx(64.0, rel=1e-12)
    assert p.projected_ratio == pytest.approx(0.72, rel=1e-12)
    # The path was at 80 on day 100 * ln(0.8) / ln(0.5) = 32.19: 17.8 days behind.
    assert p.days_ahead == -18
    # At that rate, 50 on day 50 * ln(0.5) / ln(0.8) = 155.3.
    assert p.eta == day(155)
    assert p.growth_per_year == pytest.approx(growth(0.8, 50), rel=1e-12)
    assert round(p.growth_per_year, 4) == -0.8041  # type: ignore[arg-type]
    assert p.required_growth_per_year == pytest.approx(growth(50 / 80, 50), rel=1e-12)
    assert p.achieved_per_year == pytest.approx(-20 / (50 / 365.25))
    assert p.status == "at-risk"
    # SDG: observed -80.4 % a year, required -92.0 % a year; falling is the way.
    observed = 0.8 ** (1 / (50 / 365.25)) - 1
    required = 0.5 ** (1 / (100 / 365.25)) - 1
    assert p.sdg_ratio == pytest.approx(-1 * observed / abs(required), rel=1e-12)
    assert round(p.sdg_ratio, 4) == 0.8735  # type: ignore[arg-type]
    assert p.sdg_class == "moderate-progress"


def test_a_compound_figure_before_the_start_and_after_the_deadline() -> None:
    doubling = {"baseline": 100, "target": 200, "trajectory": "compound"}
    before = progress(doubling, [(-20, 110)], 10)
    assert before.ratio == pytest.approx(0.1)
    assert before.expected_ratio == 0
    for name in ("pace", "projected", "projected_ratio", "eta", "growth_per_year",
                 "sdg_ratio", "sdg_class"):
        assert getattr(before, name) is None, name
    # The curve reached 110 on day 100 * ln(1.1) / ln(2) = 13.75, 33.75 days on.
    assert before.days_ahead == 34
    assert (before.status, before.reason) == ("no-data", "no figure since the start")

    late = progress(doubling, [(150, 190)], 160)
    assert late.expected_ratio == 1
    assert late.pace == pytest.approx(0.9)
    assert late.projected == pytest.approx(100 * 1.9 ** (100 / 150), rel=1e-12)
    assert late.days_ahead == round_half_away(math.log(1.9) / math.log(2) * 100 - 150) == -57
    assert late.eta == day(162)  # 150 * ln(2) / ln(1.9) = 161.99
    assert late.growth_per_year == pytest.approx(growth(1.9, 150), rel=1e-12)
    assert late.required_growth_per_year is None and late.required_per_year is None
    assert late.status == "missed"


# A path through checkpoints that is not monotone: 0, up to 60 on day 20, down to 20
# on day 60, up to the target, 100, on day 100.

DIP = {"target": 100, "trajectory": "checkpoints",
       "checkpoints": [{"date": day(60), "value": 20}, {"date": day(20), "value": 60}]}


def test_a_figure_on_a_path_that_falls_back() -> None:
    p = progress(DIP, [(40, 40)], 45)
    assert p.trajectory == "checkpoints"
    # On day 40 the path is half way down from 60 to 20: at 40, where the figure is.
    assert p.expected_ratio == pytest.approx(0.4, rel=1e-15)
    assert p.pace == pytest.approx(1.0, rel=1e-15)
    assert p.status == "on-track"
    # It was first at 40 on day 40 * 20 / 60 = 13.3, on its way up: 27 days behind.
    assert p.days_ahead == -27
    # The trend is the average change per day, as for a straight line.
    assert p.projected == 100
    assert p.eta == day(100)
    assert p.growth_per_year is None and p.required_growth_per_year is None


@pytest.mark.parametrize(
    ("figure_day", "value", "ahead"),
    [
        (30, 70, 55),     # 70 is first reached on the last segment, on day 85
        (90, 120, 20),    # past the target: the last segment's line, on day 110
        (10, -10, -13),   # short of the baseline: the first segment's, on day -3.3
        (-10, 30, 20),    # before the start: 30 is reached on day 10
        (120, 90, -25),   # after the deadline: 90 is reached on day 95
        (130, 120, -20),  # after the deadline and past the target
    ],
)
def test_days_ahead_on_a_path_through_checkpoints(figure_day: int, value: float,
                                                  ahead: int) -> None:
    p = progress(DIP, [(figure_day, value)], max(figure_day, 0) + 1)
    assert p.days_ahead == ahead


def test_past_the_ends_a_path_that_leads_away_or_is_flat_has_no_days_ahead() -> None:
    overshoot = {"target": 100, "trajectory": "checkpoints",
                 "checkpoints": [{"date": day(50), "value": 150}]}
    # 200 is never reached, and the last segment falls from 150 to the target.
    assert progress(overshoot, [(80, 200)], 81).days_ahead is None
    # 120 is, on the way up to 150: day 40.
    assert progress(overshoot, [(80, 120)], 81).days_ahead == -40
    flat = {"target": 100, "trajectory": "checkpoints",
            "checkpoints": [{"date": day(50), "value": 100}]}
    assert progress(flat, [(80, 130)], 81).days_ahead is None
    assert progress(flat, [(80, 100)], 81).days_ahead == -30  # the target, first on day 50


def test_where_the_path_crosses_the_baseline_nothing_is_expected() -> None:
    crossing = {"target": 100, "trajectory": "checkpoints",
                "checkpoints": [{"date": day(50), "value": -100}]}
    # Day 75 is half way from -100 to 100: the baseline.
    p = progress(crossing, [(75, 10)], 76)
    assert p.expected_ratio == 0
    assert p.pace is None


def test_a_plan_wide_trajectory_and_an_indicators_own() -> None:
    plan = plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": DEADLINE,
                 "trajectory": "compound"},
        "indicators": {"a": {"label": "A", "unit": "u", "baseline": 1, "target": 4},
                       "b": {"label": "B", "unit": "u", "target": 4, "trajectory": "linear"},
                       "c": {"label": "C", "unit": "u"}},
        "results": [{"indicator": name, "date": day(50), "value": 2} for name in "abc"],
    })
    a, b, c = evaluate(plan, day(60)).indicators
    assert (a.trajectory, b.trajectory, c.trajectory) == ("compound", "linear", "compound")
    assert a.expected_ratio == pytest.approx((1 * 4 ** 0.5 - 1) / 3)
    assert a.days_ahead == 0  # 2 is on the path: 1 * 4 ** 0.5
    assert b.expected_ratio == 0.5
    # A tracked indicator has no path, but follows its trajectory's trend.
    assert c.status == "tracked" and c.expected_ratio is None
    assert c.projected is None  # a baseline of 0 grows by no rate


def test_an_ecosystems_own_view_is_measured_on_the_straight_line() -> None:
    plan = plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": DEADLINE},
        "ecosystems": {"CRM": "C"},
        "indicators": {"x": {"label": "X", "unit": "u", "baseline": 10, "target": 40,
                             "trajectory": "compound", "ecosystem_targets": {"CRM": 20}}},
        "results": [{"indicator": "x", "date": day(50), "value": 5, "ecosystem": "CRM"}],
    })
    own = evaluate(plan, day(60), ecosystem="CRM").indicators[0]
    assert own.trajectory == "linear"
    assert (own.expected_ratio, own.pace, own.days_ahead) == (0.5, 0.5, -25)
    assert own.eta == day(200)


# When the target was reached, and the SDG class.

def test_reached_on_is_the_first_date_the_target_was_reached() -> None:
    level = progress({"target": 100}, [(20, 90), (40, 105), (60, 95), (80, 110)], 90)
    assert (level.reached_on, level.status) == (day(40), "achieved")
    late = progress({"target": 100}, [(50, 95), (150, 101)], 160)
    assert (late.reached_on, late.status) == (day(150), "achieved-late")
    flows = progress({"target": 100, "measure": "increment"}, [(30, 60), (70, 50)], 90)
    assert flows.reached_on == day(70)
    short = progress({"target": 100}, [(40, 105), (60, 95)], 90)
    assert short.reached_on is None  # reached once, but not now


@pytest.mark.parametrize(
    ("ratio", "sdg_ratio", "progress_class"),
    [(1.0, -3.0, "target-achieved"), (1.2, None, "target-achieved"),
     (0.5, 0.95, "substantial-progress"), (0.5, 0.9499, "moderate-progress"),
     (0.5, 0.6, "moderate-progress"), (0.5, 0.5999, "limited-progress"),
     (0.5, 0.0, "limited-progress"), (0.5, -0.0001, "deterioration"), (0.5, None, None),
     (None, None, None)],
)
def test_the_sdg_class_thresholds(ratio: float | None, sdg_ratio: float | None,
                                  progress_class: str | None) -> None:
    assert sdg_class_of(ratio, sdg_ratio) == progress_class


@pytest.mark.parametrize(
    ("indicator", "results"),
    [({"target": 100}, [(50, 40)]),                  # a baseline of 0
     ({"baseline": 10, "target": 100}, [(50, -5)]),  # an actual below 0
     ({"baseline": 10, "target": 100}, [(0, 40)]),   # no time elapsed
     ({"baseline": 10, "target": -5}, [(50, 5)])],   # a target below 0
)
def test_where_the_sdg_method_is_undefined(indicator: dict[str, Any],
                                           results: list[tuple[int, float]]) -> None:
    p = progress(indicator, results, 60)
    assert p.sdg_ratio is None and p.sdg_class is None


def test_the_sdg_ratio_of_a_straight_line_plan() -> None:
    p = progress({"baseline": 100, "target": 200}, [(50, 90)], 60)
    assert p.sdg_ratio is not None and p.sdg_ratio < 0
    assert p.sdg_class == "deterioration"
    assert p.growth_per_year is None  # a rate of growth is a compound path's figure


def test_growth_too_fast_for_a_float_is_null() -> None:
    p = progress({"baseline": 1, "target": 1e18, "trajectory": "compound"}, [(1, 1e17)], 2)
    assert p.growth_per_year is None  # 1e17 ** 365.25 is not a float
    assert p.projected is None
    assert p.eta is not None


# Properties.

nonzero = st.one_of(st.floats(1e-3, 1e12), st.floats(-1e12, -1e-3))


@st.composite
def checkpoint_path(draw: st.DrawFn, monotone: bool) -> tuple[int, float, float,
                                                              list[tuple[int, float]]]:
    """A window, a baseline, a target and checkpoints (days from the start, value);
    with ``monotone``, values strictly between baseline and target, in order."""
    span = draw(st.integers(2, 20_000))
    base = float(draw(st.integers(-10**9, 10**9)))
    target = float(draw(st.integers(-10**9, 10**9)))
    assume(target != base)
    days = sorted(draw(st.sets(st.integers(1, span - 1), min_size=1, max_size=min(5, span - 1))))
    if monotone:
        shares = sorted(draw(st.sets(st.floats(0.01, 0.99), min_size=len(days),
                                     max_size=len(days))))
        values = [base + (target - base) * share for share in shares]
        # Each segment rises by more than the floats' noise: a step below it is flat.
        least = 1e-6 * max(abs(base), abs(target), 1.0)
        assume(all(abs(high - low) > least
                   for low, high in zip([base, *values], [*values, target], strict=True)))
    else:
        values = [float(v) for v in draw(st.lists(st.integers(-10**9, 10**9),
                                                  min_size=len(days), max_size=len(days)))]
    return span, base, target, list(zip(days, values, strict=True))


def close_to_one(p: IndicatorProgress, points: list[tuple[int, float]]) -> None:
    """``pace`` is 1 but for float noise: the figure and the checkpoints carry the
    rounding of the largest value, which weighs on ``actual - b`` in proportion."""
    assert p.actual is not None and p.actual != p.baseline and p.target is not None
    largest = max(abs(p.baseline), abs(p.target), abs(p.actual), *(abs(v) for _, v in points))
    noise = 16 * math.ulp(largest) / min(abs(p.actual - p.baseline), abs(p.target - p.baseline))
    assert p.pace == pytest.approx(1.0, rel=1e-9 + noise)


def on_path(kind: str, span: int, base: float, target: float,
            points: list[tuple[int, float]], elapsed: int) -> IndicatorProgress:
    """The progress of a figure exactly on the path, ``elapsed`` days in."""
    start = D(2000, 1, 1)
    path = path_of(kind, span, base, target, points)
    value = value_at(path, elapsed)
    assert value is not None
    ind = spec.Indicator(
        label="X", unit="u", baseline=base, target=target, start=start,
        deadline=start + dt.timedelta(days=span), trajectory=kind,
        checkpoints=tuple(spec.Checkpoint(start + dt.timedelta(days=at), v) for at, v in points))
    when = start + dt.timedelta(days=elapsed)
    plan = plan_from_data({"plan": {"title": "T", "start": START, "deadline": DEADLINE}})
    return evaluate_indicator("x", ind, plan, when, Cut([when.toordinal()], [value], 1))


@given(st.sampled_from(["linear", "compound"]), st.integers(2, 20_000), nonzero, nonzero,
       st.data())
def test_a_figure_on_a_straight_or_compound_path_has_pace_one_and_is_on_time(
        kind: str, span: int, base: float, target: float, data: st.DataObject) -> None:
    if kind == "compound":
        target = math.copysign(target, base)  # one sign: validate refuses any other
    assume(abs(target - base) > 1e-6 * max(abs(base), abs(target)))
    elapsed = data.draw(st.integers(1, span))
    p = on_path(kind, span, base, target, [], elapsed)
    assume(p.expected_ratio is not None and abs(p.expected_ratio) > 1e-6)
    close_to_one(p, [])
    assert p.days_ahead == 0


@given(checkpoint_path(monotone=True), st.data())
def test_a_figure_on_a_monotone_path_through_checkpoints_has_pace_one_and_is_on_time(
        case: tuple[int, float, float, list[tuple[int, float]]], data: st.DataObject) -> None:
    span, base, target, points = case
    elapsed = data.draw(st.integers(1, span))
    p = on_path("checkpoints", span, base, target, points, elapsed)
    close_to_one(p, points)
    assert p.days_ahead == 0


@given(checkpoint_path(monotone=False), st.data())
def test_a_figure_on_any_path_through_checkpoints_has_pace_one_and_is_never_ahead(
        case: tuple[int, float, float, list[tuple[int, float]]], data: st.DataObject) -> None:
    span, base, target, points = case
    elapsed = data.draw(st.integers(1, span))
    p = on_path("checkpoints", span, base, target, points, elapsed)
    # The path was at the figure's level first on its date, or before it.
    assert p.days_ahead is not None and p.days_ahead <= 0
    assume(p.expected_ratio is not None and p.expected_ratio != 0)
    close_to_one(p, points)


targets = st.tuples(st.integers(-10**9, 10**9), st.integers(-10**9, 10**9)).filter(
    lambda bt: bt[0] != bt[1])


@given(targets, st.integers(-10**9, 10**9), st.integers(1, 20_000), st.data())
def test_a_straight_line_gives_the_figures_of_the_straight_line_formulas(
        bt: tuple[int, int], actual: int, span: int, data: st.DataObject) -> None:
    """The linear path is the engine as it was before trajectories: the same numbers,
    to the last digit, for any figure."""
    base, target = map(float, bt)
    elapsed = data.draw(st.integers(-2 * span, 3 * span))
    path = path_of("linear", span, base, target)
    ratio = (actual - base) / (target - base)
    assert expected_ratio(path, elapsed) == min(1.0, max(0.0, elapsed / span))
    assert days_ahead_of(reach_of(path, float(actual), ratio), elapsed) == round_half_away(
        ratio * span - elapsed)


@given(targets, st.integers(-10**9, 10**9), st.integers(1, 2_000), st.data())
def test_an_explicit_linear_trajectory_is_the_default(bt: tuple[int, int], actual: int,
                                                      span: int, data: st.DataObject) -> None:
    base, target = bt
    elapsed = data.draw(st.integers(-span, 2 * span))
    start = D(2000, 1, 1)
    when = start + dt.timedelta(days=elapsed)
    figures = Cut([when.toordinal()], [float(actual)], 1)
    plan = plan_from_data({"plan": {"title": "T", "start": START, "deadline": DEADLINE}})
    same = spec.Indicator(label="X", unit="u", baseline=float(base), target=float(target),
                          start=start, deadline=start + dt.timedelta(days=span))
    default = evaluate_indicator("x", same, plan, max(when, start), figures)
    explicit = evaluate_indicator("x", same._replace(trajectory="linear"), plan,
                                  max(when, start), figures)
    assert default == explicit
    assert default.trajectory == "linear"
    assert default.growth_per_year is None and default.required_growth_per_year is None


@given(st.sampled_from(["linear", "compound"]), st.integers(30, 20_000), st.data())
def test_a_figure_on_the_path_arrives_on_the_deadline(kind: str, span: int,
                                                      data: st.DataObject) -> None:
    """On a straight line or a constant rate, the trend since the start is the path."""
    base = float(data.draw(st.integers(1, 10**6)))
    target = base * data.draw(st.sampled_from([0.25, 0.5, 2.0, 3.0, 10.0]))
    elapsed = data.draw(st.integers(span // 10, span - 1))
    p = on_path(kind, span, base, target, [], elapsed)
    assert p.eta is not None
    assert abs((p.eta - p.deadline).days) <= 1  # the rounding of a day, at most


extreme = st.one_of(st.floats(-1e18, 1e18, allow_nan=False),
                    st.sampled_from([0.0, 1e-300, -1e-300, 5e-324, 1e18, -1e18, 1.0, -1.0]))


@given(st.sampled_from(["linear", "compound", "checkpoints"]), extreme, extreme,
       st.lists(st.tuples(st.integers(1, 99), extreme), max_size=4),
       st.lists(st.tuples(st.integers(-400, 500), extreme), max_size=4),
       st.integers(-400, 600))
def test_every_figure_of_any_path_is_finite_or_null(
        kind: str, base: float, target: float, points: list[tuple[int, float]],
        results: list[tuple[int, float]], as_of: int) -> None:
    from offshore_cli.series import build_series

    ind = spec.Indicator(
        label="X", unit="u", baseline=base, target=None if target == base else target,
        trajectory=kind, checkpoints=tuple(spec.Checkpoint(day(at), value) for at, value
                                           in dict(points).items()))
    plan = plan_from_data({"plan": {"title": "T", "start": START, "deadline": DEADLINE}})
    figures = build_series([spec.Figure("x", day(n), v) for n, v in results])
    p = evaluate_indicator("x", ind, plan, day(as_of), Cut.of(figures.get(("x", None)),
                                                               day(as_of)))
    for name, value in p._asdict().items():
        assert not isinstance(value, float) or math.isfinite(value), name
    assert p.sdg_class is None or p.sdg_class in (
        "target-achieved", "substantial-progress", "moderate-progress", "limited-progress",
        "deterioration")


# A revised target is one more breakpoint (what a revision will build on).

def test_a_revision_keeps_the_path_before_it_and_runs_to_the_new_target() -> None:
    straight = path_of("linear", 100, 0.0, 100.0)
    later = revised(straight, 40, 150, 100.0)  # only the deadline moves, on day 40
    assert later is not None
    assert (later.days, later.values, later.shapes) == ((0, 40, 150), (0.0, 40.0, 100.0),
                                                         ("linear", "linear"))
    assert [expected_ratio(later, at) for at in (20, 40, 95, 150)] == [0.2, 0.4, 0.7, 1.0]

    dip = path_of("checkpoints", 100, 0.0, 100.0, [(20, 60.0), (60, 20.0)])
    cut = revised(dip, 40, 100, 80.0)  # the checkpoint of day 60 no longer applies
    assert cut is not None
    assert (cut.days, cut.values) == ((0, 20, 40, 100), (0.0, 60.0, 40.0, 80.0))
    assert value_at(cut, 20) == 60.0 and value_at(cut, 70) == 60.0

    growth = path_of("compound", 100, 100.0, 400.0)
    raised = revised(growth, 50, 100, 800.0)
    assert raised is not None and raised.shapes == ("compound", "compound")
    assert value_at(raised, 50) == pytest.approx(200.0)
    assert value_at(raised, 75) == pytest.approx(200.0 * 4 ** 0.5)

    late = revised(straight, 120, 200, 150.0)  # after the former deadline: flat till then
    assert late is not None and value_at(late, 110) == 100.0
    assert revised(straight, 100, 100, 50.0) is None  # decided on the new deadline
