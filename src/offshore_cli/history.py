"""The record of one indicator: every figure, in date order, revisions included.

Pure, like ``progress.py``: the plan in, a ``History`` out. The figures form
series, one for the sector-wide figures and one for each ecosystem's; by default
the history holds them all, each row naming its ecosystem. A figure is
superseded when a later entry in the file gives another value for the same
indicator, date and ecosystem (``series.in_force`` decides); it stays in the
history as what was said. Each row's running total, change, ratio and expected
ratio are those of its own series, from the engine's own functions, so a figure
in force shows what ``status --as-of`` its date shows (``status --ecosystem``
for an ecosystem's figure). ``since`` and ``last`` choose which rows are shown
once every row is computed, so that they never reset a running total. A
sector-wide figure is measured against the target and path in force on its own
date (its indicator's ``[[revisions]]`` up to then); the revisions come with the
history, in date order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from operator import attrgetter
from types import MappingProxyType
from typing import NamedTuple

from offshore_cli.errors import Problem, UsageError, closest
from offshore_cli.i18n import _
from offshore_cli.paths import Path, expected_ratio, path_of, planned_path, ratio_of, terms_on
from offshore_cli.progress import ExactSum, is_money
from offshore_cli.rules import known_id
from offshore_cli.series import in_force
from offshore_cli.spec import Figure, Indicator, Plan, Revision, trajectory_of, window


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
    """``baseline`` and ``target`` are those of the series shown: the indicator's,
    or with ``ecosystem`` that ecosystem's own (0 and its ``ecosystem_targets``
    entry). Rows of other ecosystems (when ``ecosystem`` is ``None``) are measured
    against ``ecosystem_targets``. ``omitted`` counts the rows left out by
    ``since`` and ``last``."""

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
    ecosystem: str | None = None
    ecosystem_name: str | None = None
    sector_only: bool = False
    ecosystems: Mapping[str, str] = MappingProxyType({})
    ecosystem_targets: Mapping[str, float] = MappingProxyType({})
    trajectory: str = "linear"
    since: dt.date | None = None
    last: int | None = None
    omitted: int = 0
    revisions: tuple[Revision, ...] = ()


Scale = Callable[[dt.date], tuple[float | None, Path | None]]
"""The target and the path a series' figure of a date is measured against."""


def indicator_history(plan: Plan, ident: str, ecosystem: str | None = None, *,
                      sector_only: bool = False, since: dt.date | None = None,
                      last: int | None = None) -> History:
    """The figures of ``ident``: with ``ecosystem``, that ecosystem's only; else the
    sector-wide ones and, unless ``sector_only``, every ecosystem's too. Rows are in
    date order; on one date, sector-wide first, then the ecosystems in the order of
    the plan's ``[ecosystems]``, then file order. ``since`` keeps the rows dated on
    or after it, then ``last`` the last ``last`` of those. ``ident`` may be typed in
    another case (``Jobs``) when it names one id (``rules.known_id``)."""
    found = known_id(ident, plan.indicators)
    if found is None:
        raise UsageError(Problem("", "INDICATOR",
                                 _("unknown indicator {name}").format(name=repr(ident)),
                                 closest(ident, list(plan.indicators))))
    ident, indicator = found, plan.indicators[found]
    if last is not None and last < 1:
        raise UsageError(Problem("", "--last", _("must be at least 1, not {last}").format(
            last=last), _("give how many of the latest figures to show, e.g. --last 5")))
    start, deadline = window(plan.plan, indicator)
    base, target = _scale(indicator, ecosystem)
    # Each series' rank on a shared date: sector-wide first, then [ecosystems] order
    # (an ecosystem the plan does not declare, which validation refuses, comes last).
    if ecosystem is not None:
        rank: dict[str | None, int] = {ecosystem: 0}
    else:
        rank = {None: 0}
        if not sector_only:
            rank.update((eco, place) for place, eco in enumerate(plan.ecosystems, 1))
    every_ecosystem = ecosystem is None and not sector_only
    entries: dict[str | None, list[tuple[int, Figure]]] = {}
    for index, result in enumerate(plan.results):
        if result.indicator == ident and (every_ecosystem or result.ecosystem in rank):
            entries.setdefault(result.ecosystem, []).append((index, result))
    chosen = in_force(plan.results)
    # Series in rank order, each in date then file order; a stable sort by date then
    # keeps, on one date, the series' order and within a series the file's.
    ordered = sorted(entries.items(), key=lambda item: rank.get(item[0], len(rank)))
    kind = trajectory_of(plan.plan, indicator)
    revisions = tuple(sorted((rev for rev in plan.revisions if rev.indicator == ident),
                             key=attrgetter("date")))
    every = [row for eco, figures in ordered
             for row in _series_rows(indicator, eco, figures, chosen[(ident, eco)], start,
                                     _scale_of(indicator, kind, eco, start, deadline,
                                               revisions))]
    if len(ordered) > 1:
        every.sort(key=attrgetter("date"))
    shown = every if since is None else [row for row in every if row.date >= since]
    if last is not None:
        shown = shown[-last:]
    return History(
        id=ident, label=indicator.label, unit=indicator.unit,
        is_money=is_money(indicator.unit, plan.plan.currency), measure=indicator.measure,
        baseline=base, target=target, start=start, deadline=deadline,
        locale=plan.plan.locale or "en", rows=tuple(shown), ecosystem=ecosystem,
        ecosystem_name=None if ecosystem is None else plan.ecosystems.get(ecosystem),
        sector_only=sector_only, ecosystems=plan.ecosystems,
        ecosystem_targets=indicator.ecosystem_targets,
        trajectory=kind if ecosystem is None else "linear", since=since, last=last,
        omitted=len(every) - len(shown),
        revisions=revisions if ecosystem is None else (),
    )


def _scale(indicator: Indicator, ecosystem: str | None) -> tuple[float, float | None]:
    """The baseline and target a series is measured against: the indicator's for
    the sector-wide figures; for an ecosystem's, as in `status --ecosystem`, from
    zero to its ``ecosystem_targets`` entry."""
    if ecosystem is None:
        return indicator.baseline, indicator.target
    return 0.0, indicator.ecosystem_targets.get(ecosystem)


def _scale_of(indicator: Indicator, kind: str, ecosystem: str | None, start: dt.date,
              deadline: dt.date, revisions: tuple[Revision, ...]) -> Scale:
    """What a series' figure of a date is measured against: for the sector-wide
    figures, the target in force on its date and the indicator's path as revised
    by then (as `status --as-of` that date measures it); for an ecosystem's, as in
    `status --ecosystem`, the straight line from zero to its target. No path
    without a target."""
    base, target = _scale(indicator, ecosystem)
    if target is None or target == base:
        return lambda day: (target, None)
    if ecosystem is not None:
        line = path_of("linear", (deadline - start).days, base, target)
        return lambda day: (target, line)
    paths: dict[int, tuple[float | None, Path]] = {}

    def scale(day: dt.date) -> tuple[float | None, Path | None]:
        terms = terms_on(indicator, deadline, revisions, day)
        count = len(terms.revisions)  # revisions are in date order: a prefix is in force
        if count not in paths:
            paths[count] = (terms.target, planned_path(indicator, kind, start, deadline, terms))
        return paths[count]

    return scale


def _series_rows(indicator: Indicator, ecosystem: str | None,
                 figures: list[tuple[int, Figure]], counting: Mapping[int, int],
                 start: dt.date, scale: Scale) -> list[HistoryRow]:
    """The rows of one series (the sector-wide figures, or one ecosystem's, each with
    its position in the file, in file order), in date then file order, measured
    against that series' own baseline, and the target and path of its date
    (``_scale_of``). ``counting``
    maps each date's ordinal to the file position of the figure in force on it."""
    base = _scale(indicator, ecosystem)[0]
    rows: list[HistoryRow] = []
    previous: float | None = None
    increment = indicator.measure == "increment"
    flows = ExactSum()  # the figures in force so far, summed as the engine sums them
    for index, result in sorted(figures, key=lambda pair: pair[1].date):  # stable
        superseded = counting[result.date.toordinal()] != index
        actual = base + flows.plus(result.value) if increment else result.value
        target, path = scale(result.date)
        rows.append(HistoryRow(
            date=result.date, value=result.value, actual=actual,
            change=None if previous is None else actual - previous,
            ratio=ratio_of(actual, base, target),
            expected_ratio=(expected_ratio(path, (result.date - start).days)
                            if path is not None else None),
            superseded=superseded, ecosystem=result.ecosystem, source=result.source,
            note=result.note, recorded=result.recorded,
        ))
        if not superseded:
            previous = actual
            if increment:
                flows.add(result.value)
    return rows
