"""The rules that relate parts of a plan, run on what validated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from offshore_cli.consistency import PartialResult, Parts, cross_check
from offshore_cli.spec import Figure

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
