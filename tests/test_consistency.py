"""The rules that relate parts of a plan: on what validated, and warnings as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from offshore_cli.consistency import PartialResult, Parts, advisories, cross_check
from offshore_cli.spec import Figure, Indicator, Plan, PlanMeta

D = dt.date


class Lines:
    """A locator that knows a few places."""

    def __init__(self, lines: dict[tuple[int | str, ...], int]) -> None:
        self.lines = lines

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        return self.lines.get(tuple(loc))


NOWHERE = Lines({})


def test_rules_run_on_what_validated_and_skip_what_did_not() -> None:
    parts = Parts(
        plan={"deadline": D(2019, 1, 1), "bands": {"on_track": 0.4}},  # start had a problem
        ecosystems=None,  # the section is not a table: nothing is known to be declared
        indicators={"a": {"start": None, "deadline": None, "target": 5.0, "baseline": 5.0,
                          "ecosystem_targets": {"X": 0.0}},
                    "b": {"deadline": D(2010, 1, 1), "target": 1.0}},  # b's start is wrong
        milestones=[{"indicators": ["a", None, "zz"]}, {}],
        pillars=[{"axes": [None, None], "axis_count": 1}, {"axes": 3}, {"axis_count": 2}],
        results=[PartialResult(None, "E"), None, PartialResult("q", None),
                 Figure("a", D(2020, 1, 1), 1.0)],
    )
    found = cross_check(parts, "p", Lines({("results", 2, "indicator"): 40}))
    assert [(p.place, p.message, p.line) for p in found] == [
        ("indicators.a.target", "equals the baseline (5)", None),
        ("indicators.a.ecosystem_targets.X", "is 0", None),
        ("milestones[0].indicators", "unknown indicator 'zz'", None),
        ("pillars[0].axis_count", "says 1 axis but 2 are listed", None),
        ("results[2].indicator", "unknown indicator 'q'", 40),
    ]


def plan_with(results: Sequence[Figure]) -> Plan:
    return Plan(
        plan=PlanMeta(title="T", start=D(2014, 1, 1), deadline=D(2020, 12, 31)),
        indicators={"jobs": Indicator(label="J", unit="u", target=10.0),
                    "late": Indicator(label="L", unit="u", start=D(2016, 1, 1))},
        results=tuple(results))


def test_advisories_compare_figures_with_the_start_and_the_given_day() -> None:
    plan = plan_with([Figure("jobs", D(2013, 12, 31), 1.0), Figure("jobs", D(2014, 1, 1), 1.0),
                      Figure("late", D(2015, 12, 31), 1.0), Figure("late", D(2016, 1, 1), 1.0),
                      Figure("jobs", D(2019, 4, 24), 1.0), Figure("jobs", D(2019, 4, 23), 1.0)])
    lines = Lines({("results", 0, "date"): 11, ("results", 2, "date"): 21,
                   ("results", 4, "date"): 41})
    found = [str(w) for w in advisories(plan, "plan.toml", lines, D(2019, 4, 23))]
    assert found == [
        "plan.toml: results[0].date (line 11): dated before the indicator's start 2014-01-01: "
        "progress is measured from the start; put the starting value in `baseline`",
        "plan.toml: results[2].date (line 21): dated before the indicator's start 2016-01-01: "
        "progress is measured from the start; put the starting value in `baseline`",
        "plan.toml: results[4].date (line 41): dated in the future (today is 2019-04-23): "
        "status ignores it until then",
    ]
    # The same plan a day later: the figure of the 24th is no longer in the future.
    assert len(advisories(plan, "plan.toml", lines, D(2019, 4, 24))) == 2


def test_a_figure_before_a_future_start_gets_both_warnings() -> None:
    plan = plan_with([Figure("late", D(2015, 6, 30), 1.0)])
    found = advisories(plan, "p", NOWHERE, D(2015, 1, 1))
    assert [w.message.split(":")[0].split(" (")[0] for w in found] == [
        "dated before the indicator's start 2016-01-01", "dated in the future"]


def test_figures_in_messages_are_written_in_the_plans_locale_and_unit() -> None:
    plan = Plan(plan=PlanMeta(title="T", start=D(2014, 1, 1), deadline=D(2020, 12, 31),
                              currency="MAD", locale="fr"),
                indicators={"invest": Indicator(label="I", unit="MAD", target=1.5e9,
                                                ecosystem_targets={"A": 7e8, "B": 5e8}),
                            "jobs": Indicator(label="J", unit="emplois", target=60000,
                                              ecosystem_targets={"A": 50000})})
    found = [w.message for w in advisories(plan, "p", NOWHERE, D(2019, 1, 1))]
    assert found == ["add up to 1,20\u00a0Md MAD, not the target 1,50\u00a0Md MAD",
                     "add up to 50\u202f000 emplois, not the target 60\u202f000 emplois"]


def test_two_figures_in_one_message_never_read_the_same() -> None:
    plan = Plan(plan=PlanMeta(title="T", start=D(2014, 1, 1), deadline=D(2020, 12, 31)),
                indicators={"invest": Indicator(label="I", unit="EUR", target=1e9,
                                                ecosystem_targets={"A": 1e9 + 10})})
    [warning] = advisories(plan, "p", NOWHERE, D(2019, 1, 1))
    assert warning.message == ("add up to 1.00000001\u00a0bn EUR, not the target "
                               "1.00000000\u00a0bn EUR")


def test_a_target_equal_to_its_baseline_is_written_in_the_plans_locale() -> None:
    parts = Parts(plan={"locale": "fr", "currency": "MAD"}, ecosystems=None,
                  indicators={"a": {"unit": "MAD", "target": 2.5e9, "baseline": 2.5e9},
                              "b": {"unit": "t", "target": 1234.5, "baseline": 1234.5}})
    assert [p.message for p in cross_check(parts, "p", NOWHERE)] == [
        "equals the baseline (2,50\u00a0Md MAD)", "equals the baseline (1\u202f234,5 t)"]
