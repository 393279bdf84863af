"""``history.indicator_history``: every series of an indicator, each row measured
against its own series, and the ``since`` / ``last`` filters."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offshore_cli import spec
from offshore_cli.errors import UsageError
from offshore_cli.history import History, indicator_history
from offshore_cli.validation import plan_from_data

from .conftest import Run

D = dt.date
START = D(2020, 1, 1)
SPAN = 366  # 2020-01-01 to 2021-01-01, a leap year

PLAN_TEXT = """\
[plan]
title = "History"
start = 2020-01-01
deadline = 2021-01-01

[ecosystems]
CRM = "Customer relations"
BPO = "Back office"

[indicators.jobs]
label = "Jobs"
unit = "jobs"
baseline = 100
target = 1100
ecosystem_targets = { CRM = 400, BPO = 600 }

[indicators.flow]
label = "Flow"
unit = "MAD"
baseline = 10
target = 110
measure = "increment"
ecosystem_targets = { BPO = 50 }
"""


def figure(indicator: str, day: dt.date, value: float, ecosystem: str | None = None) -> str:
    where = f'ecosystem = "{ecosystem}"\n' if ecosystem else ""
    return f'\n[[results]]\nindicator = "{indicator}"\n{where}date = {day}\nvalue = {value}\n'


# File order matters: BPO's figure of 2020-03-01 comes first in the file but after
# CRM's in the history (the order of [ecosystems]); CRM's 2020-03-01 figure is revised.
FIGURES = "".join([
    figure("jobs", D(2020, 3, 1), 50, "BPO"),
    figure("jobs", D(2020, 3, 1), 300),
    figure("jobs", D(2020, 3, 1), 80, "CRM"),
    figure("jobs", D(2020, 2, 1), 40, "CRM"),
    figure("jobs", D(2020, 6, 1), 600),
    figure("jobs", D(2020, 6, 1), 200, "CRM"),
    figure("jobs", D(2020, 3, 1), 100, "CRM"),
    figure("jobs", D(2020, 6, 1), 150, "BPO"),
    figure("flow", D(2020, 2, 1), 5),
    figure("flow", D(2020, 2, 1), 3, "BPO"),
    figure("flow", D(2020, 4, 1), 7),
    figure("flow", D(2020, 3, 1), 4, "BPO"),
    figure("flow", D(2020, 5, 1), 6, "BPO"),
    figure("flow", D(2020, 3, 1), 2, "BPO"),
])


def plan_of(text: str) -> spec.Plan:
    import tomllib

    return plan_from_data(tomllib.loads(text))


PLAN = plan_of(PLAN_TEXT + FIGURES)


def line(day: dt.date) -> float:
    return (day - START).days / SPAN


def seen(history: History) -> list[tuple[Any, ...]]:
    return [(row.date, row.ecosystem, row.value, row.actual, row.change, row.ratio,
             row.expected_ratio, row.superseded) for row in history.rows]


def test_the_default_history_holds_every_series() -> None:
    history = indicator_history(PLAN, "jobs")
    assert seen(history) == [
        (D(2020, 2, 1), "CRM", 40, 40, None, 40 / 400, line(D(2020, 2, 1)), False),
        (D(2020, 3, 1), None, 300, 300, None, 200 / 1000, line(D(2020, 3, 1)), False),
        (D(2020, 3, 1), "CRM", 80, 80, 40, 80 / 400, line(D(2020, 3, 1)), True),
        (D(2020, 3, 1), "CRM", 100, 100, 60, 100 / 400, line(D(2020, 3, 1)), False),
        (D(2020, 3, 1), "BPO", 50, 50, None, 50 / 600, line(D(2020, 3, 1)), False),
        (D(2020, 6, 1), None, 600, 600, 300, 500 / 1000, line(D(2020, 6, 1)), False),
        (D(2020, 6, 1), "CRM", 200, 200, 100, 200 / 400, line(D(2020, 6, 1)), False),
        (D(2020, 6, 1), "BPO", 150, 150, 100, 150 / 600, line(D(2020, 6, 1)), False),
    ]
    assert (history.baseline, history.target) == (100, 1100)  # the sector's
    assert (history.ecosystem, history.ecosystem_name, history.sector_only) == (
        None, None, False)
    assert dict(history.ecosystems) == {"CRM": "Customer relations", "BPO": "Back office"}
    assert dict(history.ecosystem_targets) == {"CRM": 400, "BPO": 600}
    assert history.omitted == 0


def test_sector_only_and_one_ecosystem() -> None:
    sector = indicator_history(PLAN, "jobs", sector_only=True)
    assert [(row.date, row.actual, row.change) for row in sector.rows] == [
        (D(2020, 3, 1), 300, None), (D(2020, 6, 1), 600, 300)]
    crm = indicator_history(PLAN, "jobs", ecosystem="CRM")
    assert seen(crm) == [
        (D(2020, 2, 1), "CRM", 40, 40, None, 40 / 400, line(D(2020, 2, 1)), False),
        (D(2020, 3, 1), "CRM", 80, 80, 40, 80 / 400, line(D(2020, 3, 1)), True),
        (D(2020, 3, 1), "CRM", 100, 100, 60, 100 / 400, line(D(2020, 3, 1)), False),
        (D(2020, 6, 1), "CRM", 200, 200, 100, 200 / 400, line(D(2020, 6, 1)), False),
    ]
    assert (crm.baseline, crm.target) == (0, 400)
    assert (crm.ecosystem, crm.ecosystem_name) == ("CRM", "Customer relations")


def test_running_totals_are_kept_per_series() -> None:
    history = indicator_history(PLAN, "flow")
    assert seen(history) == [
        (D(2020, 2, 1), None, 5, 15, None, 5 / 100, line(D(2020, 2, 1)), False),
        (D(2020, 2, 1), "BPO", 3, 3, None, 3 / 50, line(D(2020, 2, 1)), False),
        (D(2020, 3, 1), "BPO", 4, 7, 4, 7 / 50, line(D(2020, 3, 1)), True),
        (D(2020, 3, 1), "BPO", 2, 5, 2, 5 / 50, line(D(2020, 3, 1)), False),
        (D(2020, 4, 1), None, 7, 22, 7, 12 / 100, line(D(2020, 4, 1)), False),
        (D(2020, 5, 1), "BPO", 6, 11, 6, 11 / 50, line(D(2020, 5, 1)), False),
    ]


def test_an_ecosystem_without_a_target_has_no_ratio() -> None:
    plan = plan_of(PLAN_TEXT + figure("flow", D(2020, 2, 1), 9, "CRM"))
    (row,) = indicator_history(plan, "flow").rows
    assert (row.ecosystem, row.actual, row.ratio, row.expected_ratio) == ("CRM", 9, None, None)


def test_since_and_last_filter_after_the_running_totals() -> None:
    since = indicator_history(PLAN, "flow", since=D(2020, 3, 15))
    assert [(row.date, row.ecosystem, row.actual, row.change) for row in since.rows] == [
        (D(2020, 4, 1), None, 22, 7), (D(2020, 5, 1), "BPO", 11, 6)]
    assert (since.since, since.last, since.omitted) == (D(2020, 3, 15), None, 4)
    last = indicator_history(PLAN, "flow", last=3)
    assert [(row.date, row.ecosystem, row.actual) for row in last.rows] == [
        (D(2020, 3, 1), "BPO", 5), (D(2020, 4, 1), None, 22), (D(2020, 5, 1), "BPO", 11)]
    assert last.omitted == 3
    # A figure dated on `since` is kept; `last` counts among the rows `since` kept.
    both = indicator_history(PLAN, "flow", since=D(2020, 3, 1), last=3)
    assert [(row.date, row.actual, row.superseded) for row in both.rows] == [
        (D(2020, 3, 1), 5, False), (D(2020, 4, 1), 22, False), (D(2020, 5, 1), 11, False)]
    wide = indicator_history(PLAN, "flow", since=D(2020, 3, 1), last=100)
    assert [row.actual for row in wide.rows] == [7, 5, 22, 11]
    assert wide.omitted == 2
    late = indicator_history(PLAN, "flow", since=D(2021, 1, 1), last=1)
    assert (late.rows, late.omitted) == ((), 6)
    one = indicator_history(PLAN, "jobs", ecosystem="CRM", last=1)
    assert [(row.date, row.actual, row.change) for row in one.rows] == [
        (D(2020, 6, 1), 200, 100)]


@pytest.mark.parametrize("last", [0, -3])
def test_last_must_be_at_least_one(last: int) -> None:
    with pytest.raises(UsageError) as caught:
        indicator_history(PLAN, "jobs", last=last)
    (problem,) = caught.value.problems
    assert problem.place == "--last"
    assert caught.value.one_line() == (
        f"--last: must be at least 1, not {last} "
        "(give how many of the latest figures to show, e.g. --last 5)")


def test_plain_history_command_shows_every_series(
        run: Callable[..., Run], write_plan: Callable[[str], Path]) -> None:
    path = write_plan(PLAN_TEXT + FIGURES)
    result = run("history", "jobs", "--plan", str(path), "--format", "json")
    assert result.code == 0, result.err
    figures = json.loads(result.out)["figures"]
    assert [(f["date"], f["ecosystem"], f["value"], f["change"]) for f in figures] == [
        ("2020-02-01", "CRM", 40, None), ("2020-03-01", None, 300, None),
        ("2020-03-01", "CRM", 80, 40), ("2020-03-01", "CRM", 100, 60),
        ("2020-03-01", "BPO", 50, None), ("2020-06-01", None, 600, 300),
        ("2020-06-01", "CRM", 200, 100), ("2020-06-01", "BPO", 150, 100)]


figure_rows = st.lists(st.tuples(
    st.integers(-30, 400), st.integers(-50, 100).map(float),
    st.sampled_from([None, None, "CRM", "BPO"])), max_size=12)


def generated_plan(measure: str, rows: list[tuple[int, float, str | None]]) -> spec.Plan:
    return plan_from_data({
        "plan": {"title": "T", "start": START, "deadline": D(2020, 12, 31)},
        # BPO is declared first: the ecosystems' order is the plan's, not alphabetical.
        "ecosystems": {"BPO": "B", "CRM": "C"},
        "indicators": {"x": {"label": "X", "unit": "u", "baseline": 7, "target": 107,
                             "measure": measure, "ecosystem_targets": {"CRM": 40}}},
        "results": [{"indicator": "x", "date": START + dt.timedelta(days=n), "value": value,
                     **({"ecosystem": eco} if eco else {})} for n, value, eco in rows],
    })


@given(st.sampled_from(["level", "increment"]), figure_rows)
def test_every_row_is_its_own_series_row(measure: str,
                                         rows: list[tuple[int, float, str | None]]) -> None:
    """The whole history is the series' histories merged: each row as the history of
    its series alone has it, in date order, sector-wide first on a shared date, then
    the ecosystems in the plan's order, then file order."""
    plan = generated_plan(measure, rows)
    whole = indicator_history(plan, "x").rows
    assert len(whole) == len(rows)
    for eco in (None, "BPO", "CRM"):
        alone = (indicator_history(plan, "x", sector_only=True) if eco is None
                 else indicator_history(plan, "x", ecosystem=eco)).rows
        assert [row for row in whole if row.ecosystem == eco] == list(alone)
    rank = {None: 0, "BPO": 1, "CRM": 2}
    keys = [(row.date, rank[row.ecosystem]) for row in whole]
    assert keys == sorted(keys)


@given(st.sampled_from(["level", "increment"]), figure_rows,
       st.one_of(st.none(), st.integers(-40, 420).map(lambda n: START + dt.timedelta(n))),
       st.one_of(st.none(), st.integers(1, 15)))
def test_since_and_last_only_choose_rows(measure: str,
                                         rows: list[tuple[int, float, str | None]],
                                         since: dt.date | None, last: int | None) -> None:
    """The filters never change a row (a running total is not reset): the rows kept
    are the last ``last`` of the whole history's rows dated on or after ``since``."""
    plan = generated_plan(measure, rows)
    whole = indicator_history(plan, "x").rows
    chosen = indicator_history(plan, "x", since=since, last=last)
    expected = [row for row in whole if since is None or row.date >= since]
    if last is not None:
        expected = expected[-last:]
    assert list(chosen.rows) == expected
    assert chosen.omitted == len(whole) - len(expected)


TRAJECTORIES = Path(__file__).parent / "plans" / "trajectories.toml"


@pytest.mark.parametrize("ident", ["exports", "co2", "jobs", "seats"])
def test_each_figure_is_measured_against_the_indicators_path(ident: str) -> None:
    """A figure's expected ratio in history is what status shows on its date; an
    ecosystem's figures are measured on the straight line from 0, as in its own view."""
    from offshore_cli.plan import load_plan
    from offshore_cli.progress import evaluate

    plan = load_plan(TRAJECTORIES)
    history = indicator_history(plan, ident)
    assert history.trajectory == (plan.indicators[ident].trajectory or plan.plan.trajectory)
    for row in history.rows:
        if row.ecosystem is None:
            item = next(i for i in evaluate(plan, row.date).indicators if i.id == ident)
        else:
            item = next(i for i in evaluate(plan, row.date, row.ecosystem).indicators
                        if i.id == ident)
        assert row.expected_ratio == item.expected_ratio, row


def test_the_history_of_a_compound_path_says_so(run: Callable[..., Run]) -> None:
    table = run("history", "exports", "--plan", str(TRAJECTORIES))
    assert "2018-01-01 to 2020-12-31, trajectory compound" in table.out
    assert "planned path (constant growth)" in table.out  # the chart's legend
    document = json.loads(run("history", "exports", "--plan", str(TRAJECTORIES),
                              "-f", "json").out)
    assert document["schema"] == 4
    assert document["indicator"]["trajectory"] == "compound"
    crm = json.loads(run("history", "exports", "--ecosystem", "CRM", "--plan",
                         str(TRAJECTORIES), "-f", "json").out)
    assert crm["indicator"]["trajectory"] == "linear"
