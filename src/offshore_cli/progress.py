"""The progress engine: pure functions from a plan and a date to report objects.

No I/O, no terminal, no command line. Every formula here is written out in
``docs/progress.md``, and each has one home: ``paths.py`` draws an indicator's
planned path (``planned_path``, revisions included, with the target and deadline
in force from ``terms_on``) and holds ``ratio_of``, ``expected_ratio`` and
``reach_of``; the small functions here, ``pace_of``, ``projected_of``,
``projected_growth_of``, ``days_ahead_of``, ``eta_of``, ``remaining_of``,
``per_year``, ``growth_per_year_of``, ``required_growth_per_year_of``,
``sdg_ratio_of`` and ``sdg_class_of``, are the others; ``evaluate_indicator``
and ``history`` both call them. ``total_of`` decides which total an indicator is
judged on, ``reached_on`` when that total first reached the target, and
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
from offshore_cli.paths import (
    expected_ratio,
    finite,
    grown,
    planned_path,
    ratio_of,
    reach_of,
    terms_on,
)
from offshore_cli.series import Cut, SeriesMap, build_series
from offshore_cli.spec import Bands, Indicator, Plan, trajectory_of, window

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

# The progress classes of the SDG method (``sdg_class``; see docs/progress.md), best first.
SDG_CLASSES = ("target-achieved", "substantial-progress", "moderate-progress",
               "limited-progress", "deterioration")

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
    trajectory: str = "linear"
    eta: dt.date | None = None
    reached_on: dt.date | None = None
    growth_per_year: float | None = None
    required_growth_per_year: float | None = None
    sdg_ratio: float | None = None
    sdg_class: str | None = None
    original_target: float | None = None
    original_deadline: dt.date | None = None
    revised_on: dt.date | None = None
    revision_reason: str | None = None


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


# The formulas of docs/progress.md. Durations are whole days: ``elapsed`` is
# a - s (the figure's date minus the start), ``span`` is d - s.


def pace_of(ratio: float | None, expected: float | None) -> float | None:
    """``ratio / expected_ratio``: progress achieved against progress planned by the
    figure's date; undefined where the path stands at the baseline (on or before
    the start)."""
    if ratio is None or not expected:
        return None
    return finite(ratio / expected)


def projected_of(actual: float, baseline: float, elapsed: int, span: int) -> float | None:
    """``b + (actual - b) * (d - s) / (a - s)``: the value at the deadline had the
    average change per day since the start held (for a figure after the deadline,
    what that change had reached by the deadline); undefined for a figure not
    after the start."""
    if elapsed <= 0:
        return None
    return finite(baseline + (actual - baseline) * span / elapsed)


def projected_growth_of(actual: float, baseline: float, elapsed: int,
                        span: int) -> float | None:
    """``b * (actual / b) ** ((d - s) / (a - s))``: the value at the deadline had the
    average rate of growth since the start held (a compound trajectory's trend);
    undefined for a figure not after the start, or where ``actual / b <= 0``."""
    if elapsed <= 0 or baseline == 0 or actual / baseline <= 0:
        return None
    return grown(baseline, actual / baseline, span / elapsed)


def days_ahead_of(reach: float | None, elapsed: int) -> int | None:
    """``round_half_away(reach - (a - s))``: the days between the date the path
    reached the figure's level (``reach_of``) and the figure's date."""
    if reach is None:
        return None
    ahead = reach - elapsed
    return round_half_away(ahead) if abs(ahead) < 1e15 else None


def date_after(start: dt.date, days: float) -> dt.date | None:
    """``start`` plus ``days`` rounded half away from zero; ``None`` off the calendar."""
    if not abs(days) < 1e7:
        return None
    ordinal = start.toordinal() + round_half_away(days)
    if not 1 <= ordinal <= dt.date.max.toordinal():
        return None
    return dt.date.fromordinal(ordinal)


def eta_of(actual: float, baseline: float, target: float | None, ratio: float | None,
           elapsed: int, compound: bool) -> float | None:
    """The days from the start to the date the target is reached if the trend since
    the start holds: ``(a - s) / ratio`` (a compound trajectory: ``(a - s) * ln(t /
    b) / ln(actual / b)``), for a figure after the start with ``0 < ratio < 1``."""
    if target is None or ratio is None or elapsed <= 0 or not 0 < ratio < 1:
        return None
    if not compound:
        return elapsed / ratio
    if baseline == 0 or actual / baseline <= 0 or target / baseline <= 0:
        return None
    return finite(elapsed * math.log(target / baseline) / math.log(actual / baseline))


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


def growth_per_year_of(actual: float, baseline: float, elapsed: int) -> float | None:
    """``(actual / b) ** (365.25 / (a - s)) - 1``: the yearly rate of growth achieved
    since the start; undefined over no time or where ``actual / b <= 0``."""
    if elapsed <= 0 or baseline == 0 or actual / baseline <= 0:
        return None
    factor = grown(1.0, actual / baseline, DAYS_PER_YEAR / elapsed)
    return None if factor is None else factor - 1


def required_growth_per_year_of(actual: float, target: float | None,
                                days_left: int) -> float | None:
    """``(t / actual) ** (365.25 / (d - a)) - 1``: the yearly rate of growth needed
    from the figure's date to reach the target by the deadline; undefined with no
    time left or where ``t / actual <= 0``."""
    if target is None or days_left <= 0 or actual == 0 or target / actual <= 0:
        return None
    factor = grown(1.0, target / actual, DAYS_PER_YEAR / days_left)
    return None if factor is None else factor - 1


def sdg_ratio_of(actual: float, baseline: float, target: float | None, elapsed: int,
                 span: int) -> float | None:
    """The SDG method's ratio of the observed to the required yearly growth:
    ``direction * cagr_o / abs(cagr_r)``, with ``cagr_o = (actual / b) ** (1 / ye) -
    1``, ``cagr_r = (t / b) ** (1 / yt) - 1``, ``ye = (a - s) / 365.25``, ``yt = (d -
    s) / 365.25`` and ``direction`` 1 when ``t > b``, else -1. Undefined where
    ``b <= 0``, ``actual <= 0`` or ``a <= s`` (and where ``t < 0``, or ``t = b``)."""
    if target is None or target == baseline or elapsed <= 0 or baseline <= 0 or actual <= 0:
        return None
    years_elapsed, years_total = elapsed / DAYS_PER_YEAR, span / DAYS_PER_YEAR
    observed = grown(1.0, actual / baseline, 1 / years_elapsed)
    required = grown(1.0, target / baseline, 1 / years_total)
    if observed is None or required is None or required == 1:
        return None
    direction = 1 if target > baseline else -1
    return finite(direction * (observed - 1) / abs(required - 1))


def sdg_class_of(ratio: float | None, sdg_ratio: float | None) -> str | None:
    """The SDG progress class: ``target-achieved`` once the ratio is at least 1,
    else by ``sdg_ratio`` (0.95, 0.6 and 0 the thresholds); ``None`` where that is
    undefined."""
    if ratio is not None and ratio >= 1:
        return "target-achieved"
    if sdg_ratio is None:
        return None
    if sdg_ratio >= 0.95:
        return "substantial-progress"
    if sdg_ratio >= 0.6:
        return "moderate-progress"
    return "limited-progress" if sdg_ratio >= 0 else "deterioration"


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


def reached_on(indicator: Indicator, used: Cut,
               per_ecosystem: Mapping[str, Cut]) -> dt.date | None:
    """The date the indicator's total first reached its target: the first date, among
    the dates of the figures in ``used`` and ``per_ecosystem`` (in date order), on
    which the total as ``total_of`` computes it as of that date had a ratio of at
    least 1. The total only changes on a figure's date, so this is "the first D for
    which ``status --as-of D`` showed a ratio of 100 %". For an increment indicator
    the total is the running total; for a total derived from ecosystems, the date is
    that of the ecosystem figure that completed the sum (not the older date the
    total is judged at). ``None`` when it never did."""
    base, target = indicator.baseline, indicator.target
    if target is None or target == base:
        return None

    def reached(actual: float) -> bool:
        ratio = ratio_of(actual, base, target)
        return ratio is not None and ratio >= 1

    flows = RunningSums()
    # Before the first of the indicator's own figures, the total is derived from the
    # ecosystems' figures; each of their dates is a candidate, in date order.
    first = used.dates[0] if used else None
    candidates = sorted({when for cut in per_ecosystem.values()
                         for when in itertools.islice(cut.dates, cut.size)
                         if first is None or when < first})
    for when in candidates:
        on = dt.date.fromordinal(when)
        derived = ecosystem_total(indicator, {eco: cut.until(on) for eco, cut in
                                              per_ecosystem.items()}, flows)
        if derived is not None and reached(derived[0]):
            return on
    # From then on, the total is the indicator's own (total_of).
    if indicator.measure == "increment":
        running = ExactSum()
        for size in range(used.size):
            running.add(used.values[size])
            if reached(base + running.value):
                return dt.date.fromordinal(used.dates[size])
        return None
    for size in range(used.size):
        if reached(used.values[size]):
            return dt.date.fromordinal(used.dates[size])
    return None


def status_of(bands: Bands, target: float | None, ratio: float | None, pace: float | None,
              actual_date: dt.date | None, start: dt.date, deadline: dt.date,
              as_of: dt.date, reached: dt.date | None) -> tuple[str, str | None]:
    """The status and its reason, checked in the order of docs/progress.md.
    ``reached`` is the date the target was first reached (``reached_on``), read
    only once the ratio is at least 1."""
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
        in_time = reached is not None and reached <= deadline
        return ("achieved", None) if in_time else ("achieved-late", REACHED_LATE)
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
    ``used`` is. The target and deadline are those in force on ``as_of`` (the
    indicator's revisions; an ecosystem's own view has none)."""
    start, original_deadline = window(plan.plan, indicator)
    if used is None:
        used = Cut.of(build_series(plan.results).get((ident, by_ecosystem)), as_of)
    per_ecosystem = per_ecosystem or {}
    total = total_of(indicator, used, per_ecosystem)
    revisions = () if by_ecosystem is not None or not plan.revisions else tuple(
        rev for rev in plan.revisions if rev.indicator == ident)
    terms = terms_on(indicator, original_deadline, revisions, as_of)
    base, target, deadline = indicator.baseline, terms.target, terms.deadline
    span = (deadline - start).days
    kind = trajectory_of(plan.plan, indicator)
    compound = kind == "compound"

    actual: float | None = None
    actual_date: dt.date | None = None
    total_from: str | None = None
    ratio = expected = pace = projected = projected_ratio = remaining = None
    achieved_pa = required_pa = growth_pa = required_growth_pa = sdg_ratio = None
    days_ahead = None
    eta = reached = None
    if total is not None:
        actual, actual_date = total.actual, total.actual_date
        if total.derived:
            total_from = FROM_ECOSYSTEMS
        else:
            total_from = FROM_SECTOR if by_ecosystem is None else FROM_ECOSYSTEM
        elapsed = (actual_date - start).days
        if compound:
            projected = projected_growth_of(actual, base, elapsed, span)
            growth_pa = growth_per_year_of(actual, base, elapsed)
        else:
            projected = projected_of(actual, base, elapsed, span)
        achieved_pa = per_year(actual - base, elapsed)
        if target is not None:
            path = planned_path(indicator, kind, start, original_deadline, terms)
            ratio = ratio_of(actual, base, target)
            expected = expected_ratio(path, elapsed)
            pace = pace_of(ratio, expected)
            if projected is not None:
                projected_ratio = ratio_of(projected, base, target)
            days_ahead = days_ahead_of(reach_of(path, actual, ratio), elapsed)
            eta_days = eta_of(actual, base, target, ratio, elapsed, compound)
            eta = None if eta_days is None else date_after(start, eta_days)
            if ratio is not None and ratio >= 1:
                reached = reached_on(indicator._replace(target=target), used, per_ecosystem)
            remaining = remaining_of(actual, base, target)
            if as_of <= deadline and remaining is not None:
                left = (deadline - actual_date).days
                required_pa = per_year(remaining, left)
                if compound:
                    required_growth_pa = required_growth_per_year_of(actual, target, left)
            sdg_ratio = sdg_ratio_of(actual, base, target, elapsed, span)
    status, reason = status_of(plan.plan.bands, target, ratio, pace, actual_date, start,
                               deadline, as_of, reached)
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
        trajectory=kind, eta=eta, reached_on=reached, growth_per_year=growth_pa,
        required_growth_per_year=required_growth_pa, sdg_ratio=sdg_ratio,
        sdg_class=sdg_class_of(ratio, sdg_ratio),
        original_target=None if terms.revised_on is None else indicator.target,
        original_deadline=None if terms.revised_on is None else original_deadline,
        revised_on=terms.revised_on,
        revision_reason=terms.revisions[-1].reason if terms.revisions else None,
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
            # Measured from 0 on the straight line: the checkpoints are the sector's,
            # and no rate of growth starts from 0.
            own = ind._replace(target=ind.ecosystem_targets.get(ecosystem), baseline=0.0,
                               trajectory="linear", checkpoints=())
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
        currency=meta.currency, locale=meta.locale or "en", as_of=as_of,
        days_left=(meta.deadline - as_of).days, indicators=tuple(items), ecosystem=ecosystem,
    )
