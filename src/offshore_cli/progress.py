"""The progress engine: pure functions from a plan and a date to report objects.

No I/O, no terminal, no command line. Every formula here is written out in
``docs/progress.md``, and each has one home: the small functions ``ratio_of``,
``expected_ratio``, ``pace_of``, ``projected_of``, ``days_ahead_of``,
``remaining_of`` and ``per_year`` are the formulas; ``evaluate_indicator`` and
``history`` both call them. ``total_of`` decides which total an indicator is
judged on, ``reached_by`` whether that total reached the target by a date, and
``status_of`` the status. Renderers only read the named tuples returned.
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import datetime as dt
import itertools
import math
from collections.abc import Callable, Mapping
from typing import NamedTuple

# The money rule lives with the writing of figures (the data layer's messages need
# it); importers of progress.is_money keep working.
from offshore_cli.figures import is_money as is_money
from offshore_cli.series import Cut, SeriesMap, build_series
from offshore_cli.spec import Bands, Indicator, Plan, window

DAYS_PER_YEAR = 365.25
STATUSES = ("achieved", "achieved-late", "on-track", "at-risk", "off-track", "missed",
            "overdue", "no-data", "tracked")

# Why a status is what it is, where its name does not say it all (the ``reason``
# field; each phrase is listed in docs/progress.md).
NO_FIGURE = "no figure up to the as-of date"
RATIO_UNDEFINED = "the ratio is undefined"
NO_FIGURE_SINCE_START = "no figure since the start"
REACHED_LATE = "target reached after the deadline"
NOTHING_EXPECTED = "nothing expected before the start"
REASONS = (NO_FIGURE, RATIO_UNDEFINED, NO_FIGURE_SINCE_START, REACHED_LATE, NOTHING_EXPECTED)

# Where a total came from (``total_from``; each value is listed in docs/progress.md,
# null aside). A share's ``share_from`` is one of the first two.
FROM_SECTOR, FROM_ECOSYSTEMS, FROM_ECOSYSTEM = "sector", "ecosystems", "ecosystem"
TOTAL_FROM = (FROM_SECTOR, FROM_ECOSYSTEMS, FROM_ECOSYSTEM)

Flows = Callable[[Cut], float]
"""The sum of a cut's values (``Cut.total``, or ``RunningSums`` for many cuts)."""


class EcosystemProgress(NamedTuple):
    """One ecosystem's share of an indicator (see "Ecosystems" in docs/progress.md).
    ``share`` is of a total of ``actual_date`` itself: ``share_from`` says which
    (``sector`` or ``ecosystems``); where there is none, ``share`` is ``None`` and
    ``share_reason`` says why."""

    ecosystem: str
    name: str
    actual: float
    actual_date: dt.date
    share: float | None
    target: float | None
    ratio: float | None
    share_from: str | None = None
    share_reason: str | None = None


class IndicatorProgress(NamedTuple):
    """Where one indicator stands on the as-of date (see docs/progress.md)."""

    id: str
    label: str
    unit: str
    is_money: bool
    measure: str
    start: dt.date
    deadline: dt.date
    baseline: float
    target: float | None
    actual: float | None
    actual_date: dt.date | None
    ratio: float | None
    expected_ratio: float | None
    pace: float | None
    projected: float | None
    projected_ratio: float | None
    days_ahead: int | None
    remaining: float | None
    achieved_per_year: float | None
    required_per_year: float | None
    days_left: int
    status: str
    reason: str | None
    total_from: str | None = None
    breakdown: tuple[EcosystemProgress, ...] = ()


class PlanReport(NamedTuple):
    """The whole plan on the as-of date."""

    plan_id: str | None
    title: str
    start: dt.date
    deadline: dt.date
    currency: str | None
    locale: str
    as_of: dt.date
    days_left: int
    indicators: tuple[IndicatorProgress, ...]
    ecosystem: str | None = None


def round_half_away(value: float) -> int:
    """Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def finite(value: float | None) -> float | None:
    """A computed figure, or ``None`` where the arithmetic left the real numbers
    (a ratio to a target a hair's breadth from the baseline)."""
    return value if value is not None and math.isfinite(value) else None


# The formulas of docs/progress.md. Durations are whole days: ``elapsed`` is
# a - s (the figure's date minus the start), ``span`` is d - s.

def ratio_of(actual: float, baseline: float, target: float | None) -> float | None:
    """``(actual - b) / (t - b)``: the share of the way from baseline to target."""
    if target is None or target == baseline:
        return None
    return finite((actual - baseline) / (target - baseline))


def expected_ratio(elapsed: int, span: int) -> float:
    """``(a - s) / (d - s)`` clamped to [0, 1]: where the straight line from the
    baseline at the start to the target at the deadline stood on the figure's date."""
    return min(1.0, max(0.0, elapsed / span))


def pace_of(ratio: float | None, expected: float | None) -> float | None:
    """``ratio / expected_ratio``: progress achieved against progress planned by the
    figure's date; undefined until some progress was planned."""
    if ratio is None or not expected:
        return None
    return finite(ratio / expected)


def projected_of(actual: float, baseline: float, elapsed: int, span: int) -> float | None:
    """``b + (actual - b) * (d - s) / (a - s)``: the value at the deadline had the
    average rate since the start held (for a figure after the deadline, what that
    rate had reached by the deadline); undefined for a figure not after the start."""
    if elapsed <= 0:
        return None
    return finite(baseline + (actual - baseline) * span / elapsed)


def days_ahead_of(ratio: float | None, elapsed: int, span: int) -> int | None:
    """``round_half_away(ratio * (d - s) - (a - s))``: the days between the date the
    straight line reached the figure's level and the figure's date."""
    if ratio is None:
        return None
    ahead = ratio * span - elapsed
    return round_half_away(ahead) if abs(ahead) < 1e15 else None


def remaining_of(actual: float, baseline: float, target: float | None) -> float | None:
    """What is left to reach the target in its direction, 0 once reached."""
    if target is None:
        return None
    left = max(0.0, target - actual) if target > baseline else max(0.0, actual - target)
    return finite(left)


def per_year(change: float, days: int) -> float | None:
    """A change over ``days`` days as a rate per year of 365.25 days; undefined
    over no time."""
    if days <= 0:
        return None
    return finite(change / (days / DAYS_PER_YEAR))


class ExactSum:
    """A running sum of floats kept exact, as a whole number of 2**-1074 (the
    smallest step between floats), so that every partial sum rounds once, as
    ``math.fsum`` of the same values does: a running total and ``Cut.total``
    never disagree in the last digit."""

    __slots__ = ("_units",)
    _ONE = 1 << 1074

    def __init__(self) -> None:
        self._units = 0

    @staticmethod
    def _of(value: float) -> int:
        numerator, denominator = value.as_integer_ratio()  # denominator: a power of 2
        return numerator << (1075 - denominator.bit_length())

    def add(self, value: float) -> None:
        self._units += self._of(value)

    def plus(self, value: float) -> float:
        """The sum so far with ``value`` added, without adding it."""
        return (self._units + self._of(value)) / self._ONE

    @property
    def value(self) -> float:
        return self._units / self._ONE


class RunningSums:
    """``Cut.total`` for many cuts of the same few series: each series is summed
    once, and a cut's total is read from its prefix sums."""

    def __init__(self) -> None:
        self._prefix: dict[int, list[float]] = {}

    def __call__(self, used: Cut) -> float:
        if not used:
            return 0.0
        prefix = self._prefix.get(id(used.values))
        if prefix is None:
            running = ExactSum()
            prefix = []
            for value in used.values:
                running.add(value)
                prefix.append(running.value)
            self._prefix[id(used.values)] = prefix
        return prefix[used.size - 1]


def actual_of(indicator: Indicator, used: Cut, flows: Flows = Cut.total) -> float | None:
    """Level: the latest figure; increment: baseline plus the sum of the figures."""
    if not used:
        return None
    if indicator.measure == "increment":
        return indicator.baseline + flows(used)
    return used.last_value


def ecosystem_total(indicator: Indicator, per_ecosystem: Mapping[str, Cut],
                    flows: Flows = Cut.total) -> tuple[float, dt.date] | None:
    """The total where an indicator has only per-ecosystem figures: level, the sum of
    each ecosystem's latest figure; increment, the baseline plus the flows up to the
    total's date. Dated by the oldest of the ecosystems' latest figures, never newer
    than the data it sums."""
    groups = [used for used in per_ecosystem.values() if used]
    if not groups:
        return None
    dated = min(used.last_date for used in groups)
    if indicator.measure == "increment":
        # Only the flows up to the total's date, or later flows would be judged
        # against an earlier point of the straight line.
        total = indicator.baseline + math.fsum(flows(used.until(dated)) for used in groups)
    else:
        total = math.fsum(used.last_value for used in groups)
    return total, dated


class Total(NamedTuple):
    """The figure an indicator is judged on, its date, and whether it was derived
    from per-ecosystem figures."""

    actual: float
    actual_date: dt.date
    derived: bool


def total_of(indicator: Indicator, used: Cut, per_ecosystem: Mapping[str, Cut],
             flows: Flows = Cut.total) -> Total | None:
    """The indicator's total from its own figures (``used``) where there are any,
    else derived from the per-ecosystem figures; ``None`` without either."""
    actual = actual_of(indicator, used, flows)
    if actual is not None:
        return Total(actual, used.last_date, False)
    derived = ecosystem_total(indicator, per_ecosystem, flows)
    return None if derived is None else Total(*derived, True)


def reached_by(indicator: Indicator, used: Cut, per_ecosystem: Mapping[str, Cut],
               day: dt.date) -> bool:
    """Whether the indicator's total had reached its target by ``day``: whether, on
    the date of some figure up to ``day``, the total as ``total_of`` computes it as
    of that date had a ratio of at least 1. The total only changes on a figure's
    date, so this is "``status --as-of D`` showed a ratio of 100 % for some D up to
    ``day``". For an increment indicator the total is the running total; for a
    total derived from ecosystems, the date is that of the ecosystem figure that
    completed the sum (not the older date the total is judged at)."""
    def reached(actual: float) -> bool:
        ratio = ratio_of(actual, indicator.baseline, indicator.target)
        return ratio is not None and ratio >= 1

    sector = used.until(day)
    # The total as of ``day`` is the one as of the last figure up to it: often
    # enough the answer, without a walk through the figures.
    now = total_of(indicator, sector, {eco: cut.until(day) for eco, cut in
                                       per_ecosystem.items()})
    if now is not None and reached(now.actual):
        return True
    flows = RunningSums()
    # From the first of the indicator's own figures on, the total is theirs
    # (total_of); each of their dates is a candidate.
    for size in range(1, sector.size + 1):
        actual = actual_of(indicator, sector._replace(size=size), flows)
        if actual is not None and reached(actual):
            return True
    # Before it, the total is derived from the ecosystems' figures.
    first = sector.dates[0] if sector else day.toordinal() + 1
    candidates = sorted({when for cut in per_ecosystem.values()
                         for when in itertools.islice(cut.dates, cut.until(day).size)
                         if when < first})
    for when in candidates:
        on = dt.date.fromordinal(when)
        derived = ecosystem_total(indicator, {eco: cut.until(on) for eco, cut in
                                              per_ecosystem.items()}, flows)
        if derived is not None and reached(derived[0]):
            return True
    return False


def status_of(bands: Bands, target: float | None, ratio: float | None, pace: float | None,
              actual_date: dt.date | None, start: dt.date, deadline: dt.date,
              as_of: dt.date, reached_in_time: Callable[[], bool]) -> tuple[str, str | None]:
    """The status and its reason, checked in the order of docs/progress.md.
    ``reached_in_time()`` says whether the target was reached on or before the
    deadline; it is asked only once the ratio is at least 1."""
    if target is None:
        return "tracked", None
    if actual_date is None:
        return "no-data", NO_FIGURE
    if ratio is None:
        # The figures exist but cannot be measured against the target.
        return "no-data", RATIO_UNDEFINED
    if actual_date <= start < as_of:
        # Such a figure measures no progress inside the window.
        return "no-data", NO_FIGURE_SINCE_START
    if ratio >= 1:
        return ("achieved", None) if reached_in_time() else ("achieved-late", REACHED_LATE)
    if as_of > deadline:
        return ("missed" if actual_date >= deadline else "overdue"), None
    if actual_date <= start:
        # The as-of date is not after the start either: nothing was expected yet.
        return ("on-track" if ratio >= 0 else "off-track"), NOTHING_EXPECTED
    if pace is not None and pace >= bands.on_track:
        return "on-track", None
    if pace is not None and pace >= bands.at_risk:
        return "at-risk", None
    return "off-track", None


def no_total_on(day: dt.date) -> str:
    """A share's reason where no total of the ecosystem figure's date is known."""
    return f"no sector total on {day.isoformat()}"


def zero_total_on(day: dt.date) -> str:
    """A share's reason where the total of the figure's date is 0."""
    return f"the total on {day.isoformat()} is 0"


SHARE_UNDEFINED = "the share is undefined"


def total_on(indicator: Indicator, sector: Cut, per_ecosystem: Mapping[str, Cut],
             day: dt.date, flows: Flows = Cut.total) -> tuple[float, str] | None:
    """The total of ``day`` itself that an ecosystem's figure of that date is a share
    of, and where it comes from: the sector-wide figure in force on ``day``
    (``sector``), else, when every ecosystem with figures reports on ``day``, the sum
    of their figures of that date (``ecosystems``); ``None`` without either. For an
    increment indicator, the flows up to ``day`` (the running total without the
    baseline), as an ecosystem's own actual is."""
    def on_day(cut: Cut) -> Cut | None:
        upto = cut.until(day)
        return upto if upto and upto.last_date == day else None

    def amount(cut: Cut) -> float:
        return flows(cut) if indicator.measure == "increment" else cut.last_value

    own = on_day(sector)
    if own is not None:
        return amount(own), FROM_SECTOR
    reporting = [cut for cut in per_ecosystem.values() if cut]
    dated = [on_day(cut) for cut in reporting]
    if not reporting or any(cut is None for cut in dated):
        return None
    return math.fsum(amount(cut) for cut in dated if cut is not None), FROM_ECOSYSTEMS


def breakdown(indicator: Indicator, plan: Plan, sector: Cut,
              per_ecosystem: Mapping[str, Cut]) -> tuple[EcosystemProgress, ...]:
    """Each ecosystem's actual, its share and its ratio to its own target (measured
    from zero), in the order of ``[ecosystems]``. The share is of a total of the
    same date as the ecosystem's figure (``total_on``), never of a total of
    another date; ``sector`` is the sector-wide figures up to the as-of date."""
    rows = []
    sums: dict[tuple[int, int], float] = {}

    def flows(used: Cut) -> float:
        # Each cut is summed once, however many rows ask for it.
        key = (id(used.values), used.size)
        if key not in sums:
            sums[key] = used.total()
        return sums[key]

    for eco, name in plan.ecosystems.items():
        used = per_ecosystem.get(eco)
        if not used:
            continue
        mine = flows(used) if indicator.measure == "increment" else used.last_value
        day = used.last_date
        whole = total_on(indicator, sector, per_ecosystem, day, flows)
        share = share_from = reason = None
        if whole is None:
            reason = no_total_on(day)
        elif not whole[0]:
            reason = zero_total_on(day)
        else:
            share = finite(mine / whole[0])
            if share is None:
                reason = SHARE_UNDEFINED
            else:
                share_from = whole[1]
        target = indicator.ecosystem_targets.get(eco)
        rows.append(EcosystemProgress(
            ecosystem=eco, name=name, actual=mine, actual_date=day, share=share,
            target=target, ratio=finite(mine / target) if target else None,
            share_from=share_from, share_reason=reason))
    return tuple(rows)


def evaluate_indicator(ident: str, indicator: Indicator, plan: Plan, as_of: dt.date,
                       used: Cut | None = None,
                       per_ecosystem: Mapping[str, Cut] | None = None,
                       by_ecosystem: str | None = None) -> IndicatorProgress:
    """The progress of one indicator; ``used`` defaults to its sector-wide figures,
    ``per_ecosystem`` to none; ``by_ecosystem`` names the ecosystem whose own view
    ``used`` is."""
    start, deadline = window(plan.plan, indicator)
    if used is None:
        used = Cut.of(build_series(plan.results).get((ident, by_ecosystem)), as_of)
    per_ecosystem = per_ecosystem or {}
    total = total_of(indicator, used, per_ecosystem)
    base, target = indicator.baseline, indicator.target
    span = (deadline - start).days

    actual: float | None = None
    actual_date: dt.date | None = None
    total_from: str | None = None
    ratio = expected = pace = projected = projected_ratio = remaining = None
    achieved_pa = required_pa = None
    days_ahead = None
    if total is not None:
        actual, actual_date = total.actual, total.actual_date
        if total.derived:
            total_from = FROM_ECOSYSTEMS
        else:
            total_from = FROM_SECTOR if by_ecosystem is None else FROM_ECOSYSTEM
        elapsed = (actual_date - start).days
        projected = projected_of(actual, base, elapsed, span)
        achieved_pa = per_year(actual - base, elapsed)
        if target is not None:
            ratio = ratio_of(actual, base, target)
            expected = expected_ratio(elapsed, span)
            pace = pace_of(ratio, expected)
            if projected is not None:
                projected_ratio = ratio_of(projected, base, target)
            days_ahead = days_ahead_of(ratio, elapsed, span)
            remaining = remaining_of(actual, base, target)
            if as_of <= deadline and remaining is not None:
                required_pa = per_year(remaining, (deadline - actual_date).days)
    status, reason = status_of(
        plan.plan.bands, target, ratio, pace, actual_date, start, deadline, as_of,
        lambda: reached_by(indicator, used, per_ecosystem, min(as_of, deadline)))
    return IndicatorProgress(
        id=ident, label=indicator.label, unit=indicator.unit,
        is_money=is_money(indicator.unit, plan.plan.currency), measure=indicator.measure,
        start=start, deadline=deadline, baseline=base, target=target, actual=actual,
        actual_date=actual_date, ratio=ratio, expected_ratio=expected, pace=pace,
        projected=projected, projected_ratio=projected_ratio, days_ahead=days_ahead,
        remaining=remaining, achieved_per_year=achieved_pa, required_per_year=required_pa,
        days_left=(deadline - as_of).days, status=status, reason=reason,
        total_from=total_from,
        breakdown=breakdown(indicator, plan, used, per_ecosystem),
    )


def evaluate(plan: Plan, as_of: dt.date, ecosystem: str | None = None,
             series: SeriesMap | None = None) -> PlanReport:
    """Every indicator of ``plan`` as of ``as_of``, in the plan's order. With
    ``ecosystem``, that ecosystem's own view: its figures only, against its own
    targets (``ecosystem_targets``; tracked only where it has none). ``series`` is
    ``build_series(plan.results)``, passed in when it is already known (cached)."""
    meta = plan.plan
    if series is None:
        series = build_series(plan.results)
    items = []
    for ident, ind in plan.indicators.items():
        if ecosystem is not None:
            own = ind._replace(target=ind.ecosystem_targets.get(ecosystem), baseline=0.0)
            items.append(evaluate_indicator(ident, own, plan, as_of,
                                            Cut.of(series.get((ident, ecosystem)), as_of),
                                            by_ecosystem=ecosystem))
            continue
        per_ecosystem = {eco: Cut.of(series[(ident, eco)], as_of) for eco in plan.ecosystems
                         if (ident, eco) in series}
        items.append(evaluate_indicator(ident, ind, plan, as_of,
                                        Cut.of(series.get((ident, None)), as_of),
                                        per_ecosystem))
    return PlanReport(
        plan_id=meta.id, title=meta.title, start=meta.start, deadline=meta.deadline,
        currency=meta.currency, locale=meta.locale, as_of=as_of,
        days_left=(meta.deadline - as_of).days, indicators=tuple(items), ecosystem=ecosystem,
    )
