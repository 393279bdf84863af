"""What a burn-up chart of one indicator draws, from the engine's own functions.

Pure, like the rest of the engine: the plan, an indicator's progress on the
as-of date and its history in, a ``Burnup`` out. Every value in it is one the
engine computes: the figures in force up to the as-of date (the running total
of an ``increment`` indicator, as ``history`` gives it), the planned path in
force on the as-of date (``paths.planned_path``; a compound segment is given by
``paths.value_at`` at enough dates to draw its curve), each revision in force
as the point where the path turned, and the trend since the start carried from
the latest figure to the deadline (``progress.projected_of``, or
``projected_growth_of`` on a compound trajectory). Renderers place these
values on a chart (``render/chart.py``) and compute nothing of their own.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from offshore_cli.history import History
from offshore_cli.paths import Path, path_of, planned_path, terms_on, value_at
from offshore_cli.progress import IndicatorProgress, projected_growth_of
from offshore_cli.spec import Plan, trajectory_of, window

# A compound segment is drawn through this many points (a smooth curve on a page).
CURVE_POINTS = 48


class Point(NamedTuple):
    date: dt.date
    value: float


class Figure(NamedTuple):
    """A figure in force, charted: ``actual`` is what the chart draws (an increment
    indicator's running total), ``source`` and ``note`` as recorded."""

    date: dt.date
    value: float
    actual: float
    source: str | None
    note: str | None


class RevisionMark(NamedTuple):
    """Where a revision turned the path: its date, the path's value on that date,
    and what it set (``target``/``deadline`` as revised, ``None`` where unchanged)."""

    date: dt.date
    value: float
    target: float | None
    deadline: dt.date | None
    reason: str


class Burnup(NamedTuple):
    id: str
    label: str
    unit: str
    is_money: bool
    trajectory: str
    start: dt.date
    deadline: dt.date
    as_of: dt.date
    baseline: float
    target: float | None
    figures: tuple[Figure, ...]
    planned: tuple[Point, ...]
    revisions: tuple[RevisionMark, ...]
    projection: tuple[Point, ...]
    original_target: float | None = None
    original_deadline: dt.date | None = None


def _sampled(path: Path, start: dt.date) -> tuple[Point, ...]:
    """The path's breakpoints as dates and values; a compound segment also at
    ``CURVE_POINTS`` dates inside it."""
    points: list[Point] = []
    for at, day in enumerate(path.days):
        if at and path.shapes[at - 1] == "compound":
            first = path.days[at - 1]
            for step in range(1, CURVE_POINTS):
                inside = first + round((day - first) * step / CURVE_POINTS)
                if first < inside < day and (value := value_at(path, inside)) is not None:
                    points.append(Point(start + dt.timedelta(days=inside), value))
        points.append(Point(start + dt.timedelta(days=day), path.values[at]))
    return tuple(points)


def _projection(item: IndicatorProgress, last: dt.date, actual: float) -> tuple[Point, ...]:
    """The trend since the start from the latest figure to the deadline in force:
    a straight line (two points), or on a compound trajectory the curve of the
    constant rate of growth; none for a figure on or after the deadline, or on or
    before the start."""
    span = (item.deadline - item.start).days
    elapsed = (last - item.start).days
    if elapsed <= 0 or last >= item.deadline or item.projected is None:
        return ()
    if item.trajectory != "compound":
        return (Point(last, actual), Point(item.deadline, item.projected))
    points = [Point(last, actual)]
    for step in range(1, CURVE_POINTS):
        day = elapsed + round((span - elapsed) * step / CURVE_POINTS)
        if elapsed < day < span:
            value = projected_growth_of(actual, item.baseline, elapsed, day)
            if value is not None:
                points.append(Point(item.start + dt.timedelta(days=day), value))
    points.append(Point(item.deadline, item.projected))
    return tuple(points)


def burnup(plan: Plan, item: IndicatorProgress, history: History, as_of: dt.date) -> Burnup:
    """The burn-up chart of ``item`` (its progress on ``as_of``), whose sector-wide
    ``history`` holds its figures. Figures after the as-of date are left out, as
    ``status --as-of`` leaves them out."""
    figures = tuple(Figure(row.date, row.value, row.actual, row.source, row.note)
                    for row in history.rows
                    if not row.superseded and row.ecosystem is None and row.date <= as_of)
    if not figures and item.actual is not None and item.actual_date is not None:
        # The total comes from the ecosystems' figures: it is the one point.
        figures = (Figure(item.actual_date, item.actual, item.actual, None, None),)
    indicator = plan.indicators[item.id]
    start, own_deadline = window(plan.plan, indicator)
    planned: tuple[Point, ...] = ()
    marks: list[RevisionMark] = []
    if indicator.target is not None:
        revisions = [rev for rev in plan.revisions if rev.indicator == item.id]
        terms = terms_on(indicator, own_deadline, revisions, as_of)
        kind = trajectory_of(plan.plan, indicator)
        path = planned_path(indicator, kind, start, own_deadline, terms)
        planned = _sampled(path, start)
        for rev in terms.revisions:
            here = value_at(path, (rev.date - start).days)
            if here is not None:
                marks.append(RevisionMark(rev.date, here, rev.target, rev.deadline, rev.reason))
    projection: tuple[Point, ...] = ()
    if item.target is not None and figures:
        last = figures[-1]
        projection = _projection(item, last.date, last.actual)
    return Burnup(
        id=item.id, label=item.label, unit=item.unit, is_money=item.is_money,
        trajectory=item.trajectory, start=item.start, deadline=item.deadline, as_of=as_of,
        baseline=item.baseline, target=item.target, figures=figures, planned=planned,
        revisions=tuple(marks), projection=projection,
        original_target=item.original_target, original_deadline=item.original_deadline)


def history_burnup(plan: Plan, history: History) -> Burnup:
    """The chart of ``offshore history``: the figures in force of the series shown
    (the sector's, or one ecosystem's), against the planned path with every
    revision of the history applied (an ecosystem's own view: the straight line
    from zero to its target). No projection and no as-of date: the chart ends with
    the later of the deadline and the last figure."""
    own = history.ecosystem
    figures = tuple(Figure(row.date, row.value, row.actual, row.source, row.note)
                    for row in history.rows if not row.superseded and row.ecosystem == own)
    indicator = plan.indicators[history.id]
    target, deadline = history.target, history.deadline
    planned: tuple[Point, ...] = ()
    marks: list[RevisionMark] = []
    original_target: float | None = None
    original_deadline: dt.date | None = None
    if target is not None and target != history.baseline:
        if own is None:
            terms = terms_on(indicator, history.deadline, history.revisions, dt.date.max)
            path = planned_path(indicator, history.trajectory, history.start, history.deadline,
                                terms)
            if terms.revised_on is not None:
                original_target, original_deadline = target, deadline
            target, deadline = terms.target, terms.deadline
            for rev in terms.revisions:
                here = value_at(path, (rev.date - history.start).days)
                if here is not None:
                    marks.append(RevisionMark(rev.date, here, rev.target, rev.deadline,
                                              rev.reason))
        else:
            path = path_of("linear", (deadline - history.start).days, 0.0, target)
        planned = _sampled(path, history.start)
    last = figures[-1].date if figures else history.start
    return Burnup(
        id=history.id, label=history.label, unit=history.unit, is_money=history.is_money,
        trajectory=history.trajectory, start=history.start, deadline=deadline, as_of=last,
        baseline=history.baseline, target=target, figures=figures, planned=planned,
        revisions=tuple(marks), projection=(), original_target=original_target,
        original_deadline=original_deadline)
