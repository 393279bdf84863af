"""The geometry of the charts: scales, "nice" ticks, and where each element of a
chart falls in a plot area, for any renderer to draw.

Pure: no terminal library, no template engine, no I/O. ``layout`` places a
burn-up chart (``burnup.Burnup``, values the engine computed) in a plot area
``width`` by ``height`` in any unit (pixels for the report's SVG, character
cells for ``history``'s terminal chart), the y axis pointing down as on a
screen. ``timeline`` places milestones along a plan's window; ``bar_length``
sizes a bar; ``place_labels`` keeps short labels on a chart's edge apart.
Nothing here computes a ratio: values are placed, not judged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from offshore_cli.burnup import Burnup

# A projection far beyond everything else would squash the chart: the value axis
# reaches at most this many times the other values' range above them, and what
# lies beyond is clipped (the projected value is written in words and the table).
PROJECTION_HEADROOM = 1.0

XY = tuple[float, float]


class Scale(NamedTuple):
    """A linear map from ``low``..``high`` (values, or day ordinals) to
    ``start``..``end`` (a plot area's coordinates)."""

    low: float
    high: float
    start: float
    end: float

    def at(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (value - self.low) * (self.end - self.start) / (self.high - self.low)


def nice_step(span: float, count: int) -> float:
    """A step of 1, 2, 2.5 or 5 times a power of ten that cuts ``span`` into about
    ``count`` parts (at most ``count``)."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power >= raw * (1 - 1e-9):
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def nice_ticks(low: float, high: float, count: int = 5) -> tuple[float, ...]:
    """Ticks at a nice step (``nice_step``) from at or below ``low`` to at or above
    ``high``; one tick (and one on either side) when ``low == high``."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return (0.0, 1.0)
    if high == low:
        step = nice_step(abs(high) or 1.0, 2)
        low, high = low - step, high + step
    step = nice_step(high - low, count)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    steps = round((last - first) / step)
    return tuple(0.0 if abs(first + i * step) < step * 1e-9 else first + i * step
                 for i in range(steps + 1))


def date_ticks(first: dt.date, last: dt.date, most: int) -> tuple[dt.date, ...]:
    """The first days of years (every 1, 2, 5, ... years) between ``first`` and
    ``last``, at most ``most`` of them; for a window under two years, the first
    days of months (every 1, 3, 6 months)."""
    most = max(2, most)
    if last.year - first.year >= 2:
        years = [year for year in range(first.year, last.year + 1)
                 if first <= dt.date(year, 1, 1) <= last]
        step = 1
        for step in (1, 2, 5, 10, 20, 50, 100):
            if len(years[::step]) <= most:
                break
        return tuple(dt.date(year, 1, 1) for year in years
                     if (year - years[0]) % step == 0) if years else ()
    months = []
    year, month = first.year, first.month
    while dt.date(year, month, 1) <= last:
        if dt.date(year, month, 1) >= first:
            months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for step in (1, 3, 6, 12):
        picked = [day for day in months if (day.month - 1) % step == 0]
        if len(picked) <= most:
            return tuple(picked)
    return tuple(months[:: max(1, len(months) // most + 1)])


class Geometry(NamedTuple):
    """A burn-up chart in a plot area ``width`` by ``height`` (y down): every
    element's coordinates. ``figures`` are the recorded figures (joined by a line),
    ``planned`` the planned path, ``projection`` the trend to the deadline (dashed),
    ``revisions`` where a revision turned the path; ``target``, ``original_target``
    and ``baseline`` are heights, ``start``, ``deadline``, ``original_deadline``
    and ``as_of`` positions across (``None`` where not drawn: an original target or
    deadline only where a revision changed it)."""

    width: float
    height: float
    x_ticks: tuple[tuple[float, dt.date], ...]
    y_ticks: tuple[tuple[float, float], ...]
    figures: tuple[XY, ...]
    planned: tuple[XY, ...]
    projection: tuple[XY, ...]
    revisions: tuple[XY, ...]
    target: float | None
    original_target: float | None
    baseline: float
    start: float
    deadline: float
    original_deadline: float | None
    as_of: float | None
    clipped: bool


def _value_range(chart: Burnup) -> tuple[float, float, bool]:
    """The values the axis must show, and whether the projection was cut to fit."""
    values = [chart.baseline, *(figure.actual for figure in chart.figures),
              *(point.value for point in chart.planned),
              *(mark.value for mark in chart.revisions)]
    values += [value for value in (chart.target, chart.original_target) if value is not None]
    low, high = min(values), max(values)
    clipped = False
    if chart.projection:
        room = (high - low) * PROJECTION_HEADROOM or abs(high) or 1.0
        for point in chart.projection:
            if point.value > high + room or point.value < low - room:
                clipped = True
            low = min(low, max(point.value, low - room))
            high = max(high, min(point.value, high + room))
    if 0 <= low <= high / 4:
        low = 0.0  # a burn-up chart of positive figures starts from zero
    return low, high, clipped


def layout(chart: Burnup, width: float, height: float, x_ticks: int = 8,
           y_ticks: int = 5) -> Geometry:
    """Place ``chart`` in a plot area ``width`` by ``height``: the dates from the
    start (or the first figure, if earlier) to the last of the deadline, the
    original deadline, the as-of date and the last figure; the values from nice
    ticks below the lowest to above the highest."""
    dates = [chart.start, chart.deadline, chart.as_of,
             *(figure.date for figure in chart.figures)]
    if chart.original_deadline is not None:
        dates.append(chart.original_deadline)
    first, last = min(dates), max(dates)
    across = Scale(first.toordinal(), last.toordinal(), 0.0, width)
    low, high, clipped = _value_range(chart)
    ticks = nice_ticks(low, high, y_ticks)
    down = Scale(ticks[0], ticks[-1], height, 0.0)

    def x(day: dt.date) -> float:
        return across.at(day.toordinal())

    def points(pairs: Iterable[tuple[dt.date, float]]) -> tuple[XY, ...]:
        return tuple((x(day), down.at(value)) for day, value in pairs)

    return Geometry(
        width=width, height=height,
        x_ticks=tuple((x(day), day) for day in date_ticks(first, last, x_ticks)),
        y_ticks=tuple((down.at(value), value) for value in ticks),
        figures=points((figure.date, figure.actual) for figure in chart.figures),
        planned=points(chart.planned),
        projection=points(chart.projection),
        revisions=points((mark.date, mark.value) for mark in chart.revisions),
        target=None if chart.target is None else down.at(chart.target),
        original_target=(None if chart.original_target in (None, chart.target)
                         else down.at(chart.original_target)),
        baseline=down.at(chart.baseline),
        start=x(chart.start), deadline=x(chart.deadline),
        original_deadline=(None if chart.original_deadline in (None, chart.deadline)
                           else x(chart.original_deadline)),
        as_of=x(chart.as_of), clipped=clipped,
    )


class Mark(NamedTuple):
    """A milestone on the timeline: its position across and its state."""

    x: float
    state: str


class Timeline(NamedTuple):
    width: float
    ticks: tuple[tuple[float, dt.date], ...]
    marks: tuple[Mark, ...]
    as_of: float | None


def timeline(start: dt.date, end: dt.date, as_of: dt.date,
             milestones: Sequence[tuple[dt.date, str]], width: float,
             most: int = 8) -> Timeline:
    """Milestones (due date, state) along ``start``..``end`` (widened to take in
    every milestone and the as-of date), ``width`` across."""
    days = [start, end, as_of, *(due for due, _ in milestones)]
    first, last = min(days), max(days)
    across = Scale(first.toordinal(), last.toordinal(), 0.0, width)
    return Timeline(
        width=width,
        ticks=tuple((across.at(day.toordinal()), day) for day in date_ticks(first, last, most)),
        marks=tuple(Mark(across.at(due.toordinal()), state) for due, state in milestones),
        as_of=across.at(as_of.toordinal()))


class Label(NamedTuple):
    """A short label at ``x``: how it is aligned there (``start``, ``middle`` or
    ``end``: the SVG ``text-anchor``) and its row (0 nearest the chart)."""

    x: float
    anchor: str
    row: int


def place_labels(labels: Sequence[tuple[float, float]], low: float,
                 high: float) -> tuple[Label, ...]:
    """Labels (position, width), in order: each centred on its position where it
    fits within ``low``..``high``, else aligned to the end it would cross, and on
    the first row where it overlaps no label placed before it."""
    placed: list[tuple[float, float, int]] = []
    found = []
    for x, width in labels:
        if x - width / 2 < low:
            anchor, left = "start", x
        elif x + width / 2 > high:
            anchor, left = "end", x - width
        else:
            anchor, left = "middle", x - width / 2
        row = 0
        while any(row == used and left < right_end and left + width > left_end
                  for left_end, right_end, used in placed):
            row += 1
        placed.append((left, left + width, row))
        found.append(Label(x, anchor, row))
    return tuple(found)


def bar_length(ratio: float | None, width: float) -> float:
    """The length of a bar for ``ratio`` in ``width``: clamped to 0..1, so that a
    ratio as large as a float goes is a full bar."""
    if ratio is None or not math.isfinite(ratio):
        return 0.0
    return min(max(ratio, 0.0), 1.0) * width


def polyline(points: Sequence[XY], digits: int = 1) -> str:
    """Points as SVG writes them: ``x,y x,y``, rounded."""
    return " ".join(f"{x:.{digits}f},{y:.{digits}f}" for x, y in points)
