"""The record of one indicator: every figure, in date order, revisions included.

Pure, like ``progress.py``: the plan in, a ``History`` out. A figure is
superseded when a later entry in the file gives another value for the same
indicator, date and ecosystem (``series.in_force`` decides); it stays in the
history as what was said. Each row's running total, ratio and expected ratio
come from the engine's own functions, so a figure in force shows what
``status --as-of`` its date shows.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from offshore_cli.errors import Problem, UsageError, closest
from offshore_cli.progress import ExactSum, expected_ratio, is_money, ratio_of
from offshore_cli.series import in_force
from offshore_cli.spec import Plan, window


class HistoryRow(NamedTuple):
    date: dt.date
    value: float
    actual: float
    change: float | None
    ratio: float | None
    expected_ratio: float | None
    superseded: bool
    ecosystem: str | None
    source: str | None
    note: str | None
    recorded: dt.datetime | None


class History(NamedTuple):
    id: str
    label: str
    unit: str
    is_money: bool
    measure: str
    baseline: float
    target: float | None
    start: dt.date
    deadline: dt.date
    locale: str
    rows: tuple[HistoryRow, ...]


def indicator_history(plan: Plan, ident: str, ecosystem: str | None = None) -> History:
    """Every figure of ``ident`` for ``ecosystem`` (``None``: sector-wide)."""
    indicator = plan.indicators.get(ident)
    if indicator is None:
        raise UsageError(Problem("", "INDICATOR", f"unknown indicator {ident!r}",
                                 closest(ident, list(plan.indicators))))
    start, deadline = window(plan.plan, indicator)
    base, target = indicator.baseline, indicator.target
    if ecosystem is not None:
        # An ecosystem's own view, as in `status --ecosystem`: from zero to its target.
        base, target = 0.0, indicator.ecosystem_targets.get(ecosystem)
    entries = [(i, r) for i, r in enumerate(plan.results)
               if r.indicator == ident and r.ecosystem == ecosystem]
    counting = in_force(plan.results).get((ident, ecosystem), {})
    entries.sort(key=lambda pair: (pair[1].date, pair[0]))

    rows: list[HistoryRow] = []
    previous: float | None = None
    increment = indicator.measure == "increment"
    flows = ExactSum()  # the figures in force so far, summed as the engine sums them
    span = (deadline - start).days
    for index, result in entries:
        superseded = counting[result.date.toordinal()] != index
        actual = base + flows.plus(result.value) if increment else result.value
        rows.append(HistoryRow(
            date=result.date, value=result.value, actual=actual,
            change=None if previous is None else actual - previous,
            ratio=ratio_of(actual, base, target),
            expected_ratio=(expected_ratio((result.date - start).days, span)
                            if target is not None else None),
            superseded=superseded, ecosystem=result.ecosystem, source=result.source,
            note=result.note, recorded=result.recorded,
        ))
        if not superseded:
            previous = actual
            if increment:
                flows.add(result.value)
    return History(
        id=ident, label=indicator.label, unit=indicator.unit,
        is_money=is_money(indicator.unit, plan.plan.currency), measure=indicator.measure,
        baseline=base, target=target, start=start, deadline=deadline,
        locale=plan.plan.locale, rows=tuple(rows),
    )
