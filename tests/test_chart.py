"""The charts' geometry (render/chart.py), the burn-up data it places (burnup.py)
and history's terminal chart (render/history_chart.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from offshore_cli.burnup import burnup, history_burnup
from offshore_cli.history import indicator_history
from offshore_cli.plan import load_plan
from offshore_cli.progress import evaluate
from offshore_cli.render import chart
from offshore_cli.render.history_chart import chart_lines

from .conftest import Run

PLANS = Path(__file__).parent / "plans"
REPORT_PLAN = PLANS / "report.toml"
AS_OF = dt.date(2019, 4, 23)


@pytest.mark.parametrize(("low", "high", "count", "ticks"), [
    (0, 60_000, 5, (0, 20_000, 40_000, 60_000)),
    (0, 69_900, 5, (0, 20_000, 40_000, 60_000, 80_000)),
    (0, 1.5e9, 5, (0, 5e8, 1e9, 1.5e9)),
    (5e9, 1e10, 5, (5e9, 6e9, 7e9, 8e9, 9e9, 1e10)),
    (-3, 7, 4, (-5, -2.5, 0, 2.5, 5, 7.5)),
    (10, 10, 5, (4, 6, 8, 10, 12, 14, 16)),
])
def test_nice_ticks_cover_the_range_at_a_nice_step(low: float, high: float, count: int,
                                                   ticks: tuple[float, ...]) -> None:
    assert chart.nice_ticks(low, high, count) == pytest.approx(ticks)


def test_date_ticks_are_years_then_months() -> None:
    years = chart.date_ticks(dt.date(2014, 1, 1), dt.date(2020, 12, 31), 8)
    assert [day.year for day in years] == list(range(2014, 2021))
    assert len(chart.date_ticks(dt.date(1900, 1, 1), dt.date(2020, 12, 31), 8)) <= 8
    months = chart.date_ticks(dt.date(2019, 1, 15), dt.date(2019, 12, 31), 6)
    assert months and all(day.day == 1 for day in months) and len(months) <= 6


def test_bar_length_clamps() -> None:
    assert chart.bar_length(None, 100) == 0
    assert chart.bar_length(-1, 100) == 0
    assert chart.bar_length(0.5, 100) == 50
    assert chart.bar_length(1e308, 100) == 100


def _charts() -> dict[str, chart.Geometry]:
    plan = load_plan(REPORT_PLAN)
    report = evaluate(plan, AS_OF)
    found = {}
    for item in report.indicators:
        drawn = burnup(plan, item, indicator_history(plan, item.id, sector_only=True), AS_OF)
        found[item.id] = (drawn, chart.layout(drawn, 600, 200))
    return found


def test_the_planned_path_turns_at_a_revision_and_is_marked() -> None:
    drawn, geometry = _charts()["jobs"]
    assert [mark.date for mark in drawn.revisions] == [dt.date(2018, 7, 1)]
    assert drawn.target == 40_000 and drawn.original_target == 50_000
    assert drawn.deadline == dt.date(2021, 6, 30)
    # The path runs through the revision's point, then to the revised target.
    assert (dt.date(2018, 7, 1), drawn.revisions[0].value) in drawn.planned
    assert drawn.planned[-1] == (dt.date(2021, 6, 30), 40_000)
    assert geometry.revisions[0] in geometry.planned


def test_a_compound_path_is_a_curve_and_its_trend_too() -> None:
    drawn, _ = _charts()["exports"]
    assert len(drawn.planned) > 10
    values = [point.value for point in drawn.planned]
    steps = [later - earlier for earlier, later in itertools.pairwise(values)]
    assert all(step > 0 for step in steps) and steps[-1] > steps[0]  # growing faster
    assert len(drawn.projection) > 2 and drawn.projection[0].date == dt.date(2018, 12, 31)


def test_checkpoints_and_the_projection_of_a_straight_trend() -> None:
    drawn, geometry = _charts()["seats"]
    assert [point.value for point in drawn.planned] == [0, 1_000, 6_000, 8_000]
    assert len(drawn.projection) == 2 and drawn.projection[-1].date == drawn.deadline
    assert geometry.as_of is not None and 0 < geometry.as_of < geometry.deadline


def test_every_element_lies_in_the_plot_area() -> None:
    for _drawn, geometry in _charts().values():
        points = [*geometry.figures, *geometry.planned, *geometry.revisions]
        assert all(-1e-6 <= x <= 600 + 1e-6 and -1e-6 <= y <= 200 + 1e-6 for x, y in points)
        assert geometry.y_ticks[0][0] == pytest.approx(200)  # the lowest tick at the bottom


def test_a_tracked_indicator_has_no_path_and_no_projection() -> None:
    drawn, geometry = _charts()["visits"]
    assert drawn.target is None and not drawn.planned and not drawn.projection
    assert geometry.target is None and len(geometry.figures) == 2


def test_an_original_target_or_deadline_is_drawn_only_where_revised() -> None:
    drawn, geometry = _charts()["jobs"]
    assert geometry.original_target is not None and geometry.original_deadline is not None
    # A revision of the deadline alone leaves the target as it was: one rule for it.
    same = chart.layout(drawn._replace(original_target=drawn.target), 600, 200)
    assert same.original_target is None and same.original_deadline is not None
    same = chart.layout(drawn._replace(original_deadline=drawn.deadline), 600, 200)
    assert same.original_deadline is None and same.original_target is not None


def test_labels_fit_the_chart_and_never_overlap() -> None:
    # Centred where they fit; aligned to the edge they would cross.
    assert chart.place_labels([(300, 40), (600, 60)], -78, 624) == (
        chart.Label(300, "middle", 0), chart.Label(600, "end", 0))
    assert chart.place_labels([(-70, 40)], -78, 624) == (chart.Label(-70, "start", 0),)
    # Two labels that would meet: the later one takes the next row.
    assert chart.place_labels([(570, 40), (600, 60)], -78, 624) == (
        chart.Label(570, "middle", 0), chart.Label(600, "end", 1))
    # A third label goes to the first row where it meets nothing.
    assert [label.row for label in chart.place_labels(
        [(100, 40), (110, 40), (400, 40), (105, 40)], 0, 600)] == [0, 1, 0, 2]


def _history_chart(width: int, unicode: bool = False) -> list[str]:
    plan = load_plan(REPORT_PLAN)
    drawn = history_burnup(plan, indicator_history(plan, "jobs"))
    return chart_lines(drawn, width, unicode, "en").plain.splitlines()


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_the_terminal_chart_fits_its_width(width: int) -> None:
    lines = _history_chart(width)
    assert lines and all(len(line) <= width for line in lines)
    plot = [line for line in lines if re.match(r"^ *[0-9,]* [+|]", line)]
    assert len(plot) >= 7
    text = "\n".join(lines)
    for mark in ("o", ".", "R"):
        assert mark in text
    assert "2016" in text and "revision" in text and "figure in force" in text


def test_the_terminal_chart_is_unicode_on_a_terminal_and_ascii_in_a_pipe() -> None:
    assert all(line.isascii() for line in _history_chart(80))
    fancy = "\n".join(_history_chart(80, unicode=True))
    assert "●" in fancy and "·" in fancy and "◆" in fancy


def test_history_draws_the_chart_in_a_pipe(run: Run) -> None:
    result = run("history", "jobs", "--plan", str(REPORT_PLAN))
    assert result.code == 0
    assert "figure in force" in result.out and "planned path (straight line)" in result.out
    csv = run("history", "jobs", "--plan", str(REPORT_PLAN), "--format", "csv")
    assert "figure in force" not in csv.out
