"""Which figure counts, and the figures of each indicator as dated series.

The one rule of this module: for an indicator, an ecosystem (or none, the
sector) and a date, the figure that counts is the **last one in the file**; the
earlier ones are revised figures, kept in the file as what was said. ``in_force``
applies it to a plan's figures; ``build_series`` keeps, for each indicator and
ecosystem, the figures that count in date order; ``with_figure`` applies the
same rule to one figure appended at the end of the file, so that recording a
figure updates the series without rebuilding them; ``value_on`` reads them.
The engine, the store and ``history`` all go through these functions.

A data-layer module: it knows the plan's figures, not the engine; its output is
stored in cache entries, so it is part of the cache's key (``cache.py``).
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import NamedTuple, Self

from offshore_cli.spec import Figure

SeriesKey = tuple[str, str | None]
"""(indicator, ecosystem); ``None`` for the sector-wide figures."""

SeriesMap = dict[SeriesKey, tuple[Sequence[int], Sequence[float]]]
"""Each key's figures that count: date ordinals in ascending order and their values."""


def in_force(figures: Sequence[Figure]) -> dict[SeriesKey, dict[int, int]]:
    """For each (indicator, ecosystem), each date's ordinal -> the position in
    ``figures`` (file order) of the figure that counts for it: the last one."""
    chosen: dict[SeriesKey, dict[int, int]] = {}
    for index, figure in enumerate(figures):
        chosen.setdefault((figure.indicator, figure.ecosystem), {})[
            figure.date.toordinal()] = index
    return chosen


def build_series(figures: Sequence[Figure]) -> SeriesMap:
    """Each (indicator, ecosystem)'s figures that count, in date order. Independent
    of the as-of date, so it can be cached."""
    series: SeriesMap = {}
    for key, days in in_force(figures).items():
        ordinals = sorted(days)
        series[key] = (ordinals, [figures[days[day]].value for day in ordinals])
    return series


def with_figure(series: SeriesMap, figure: Figure) -> SeriesMap:
    """``series`` after ``figure`` is appended at the end of the file: being the
    last in the file, it counts for its date (as ``in_force`` decides)."""
    updated = dict(series)
    key = (figure.indicator, figure.ecosystem)
    old_dates, old_values = series.get(key, ((), ()))
    dates, values = list(old_dates), list(old_values)
    day = figure.date.toordinal()
    at = bisect.bisect_left(dates, day)
    if at < len(dates) and dates[at] == day:
        values[at] = figure.value
    else:
        dates.insert(at, day)
        values.insert(at, figure.value)
    updated[key] = (dates, values)
    return updated


def with_figures(series: SeriesMap, figures: Sequence[Figure]) -> SeriesMap:
    """``series`` after ``figures`` are appended at the end of the file, in order:
    ``with_figure`` for many, each touched series rebuilt once."""
    if len(figures) == 1:
        return with_figure(series, figures[0])
    updated = dict(series)
    touched: dict[SeriesKey, dict[int, float]] = {}
    for figure in figures:
        key = (figure.indicator, figure.ecosystem)
        if key not in touched:
            old_dates, old_values = series.get(key, ((), ()))
            touched[key] = dict(zip(old_dates, old_values, strict=True))
        touched[key][figure.date.toordinal()] = figure.value
    for key, days in touched.items():
        ordinals = sorted(days)
        updated[key] = (ordinals, [days[day] for day in ordinals])
    return updated


def value_on(series: SeriesMap, indicator: str, ecosystem: str | None,
             day: dt.date) -> float | None:
    """The figure that counts for that indicator, ecosystem and date, if any."""
    dates, values = series.get((indicator, ecosystem), ((), ()))
    at = bisect.bisect_left(dates, day.toordinal())
    return values[at] if at < len(dates) and dates[at] == day.toordinal() else None


class Cut(NamedTuple):
    """A series up to the as-of date: its first ``size`` figures."""

    dates: Sequence[int]
    values: Sequence[float]
    size: int

    @classmethod
    def of(cls, entry: tuple[Sequence[int], Sequence[float]] | None, as_of: dt.date) -> Self:
        if entry is None:
            return cls((), (), 0)
        dates, values = entry
        return cls(dates, values, bisect.bisect_right(dates, as_of.toordinal()))

    def __bool__(self) -> bool:
        return self.size > 0

    @property
    def last_date(self) -> dt.date:
        return dt.date.fromordinal(self.dates[self.size - 1])

    @property
    def last_value(self) -> float:
        return self.values[self.size - 1]

    def until(self, day: dt.date) -> "Cut":
        """The same series up to ``day`` (at most as far as this cut)."""
        return self._replace(size=min(self.size, bisect.bisect_right(self.dates,
                                                                     day.toordinal())))

    def total(self, until: dt.date | None = None) -> float:
        """The sum of the values, or of those dated on or before ``until``."""
        count = self.size if until is None else self.until(until).size
        return math.fsum(itertools.islice(self.values, count))
