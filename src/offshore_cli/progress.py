"""The progress engine: pure functions from a plan and a date to report objects.

No I/O, no terminal, no command line. Every formula here is written out in
``docs/progress.md``; renderers only read the named tuples returned.
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import datetime as dt
import math
from collections.abc import Mapping
from typing import NamedTuple

from offshore_cli.series import Cut, SeriesMap, build_series
from offshore_cli.spec import Indicator, Plan, window

DAYS_PER_YEAR = 365.25
STATUSES = ("achieved", "on-track", "at-risk", "off-track", "missed", "overdue", "no-data",
            "tracked")


class EcosystemProgress(NamedTuple):
    """One ecosystem's share of an indicator (see "Ecosystems" in docs/progress.md)."""

    ecosystem: str
    name: str
    actual: float
    actual_date: dt.date
    share: float | None
    target: float | None
    ratio: float | None


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
    days_ahead: int | None
    remaining: float | None
    achieved_per_year: float | None
    required_per_year: float | None
    days_left: int
    status: str
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


def is_money(unit: str, currency: str | None) -> bool:
    """A unit is money when it is the plan's currency or a three-letter code (MAD, EUR)."""
    return unit == currency or (len(unit) == 3 and unit.isascii() and unit.isalpha()
                                and unit.isupper())


def round_half_away(value: float) -> int:
    """Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def actual_of(indicator: Indicator, used: Cut) -> float | None:
    """Level: the latest figure; increment: baseline plus the sum of the figures."""
    if not used:
        return None
    if indicator.measure == "increment":
        return indicator.baseline + used.total()
    return used.last_value


def finite(value: float | None) -> float | None:
    """A computed figure, or ``None`` where the arithmetic left the real numbers
    (a ratio to a target a hair's breadth from the baseline)."""
    return value if value is not None and math.isfinite(value) else None


def ecosystem_total(indicator: Indicator, per_ecosystem: Mapping[str, Cut]
                    ) -> tuple[float, dt.date] | None:
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
        total = indicator.baseline + math.fsum(used.total(dated) for used in groups)
    else:
        total = math.fsum(used.last_value for used in groups)
    return total, dated


def breakdown(indicator: Indicator, plan: Plan, sector_total: float | None,
              per_ecosystem: Mapping[str, Cut]) -> tuple[EcosystemProgress, ...]:
    """Each ecosystem's actual, its share and its ratio to its own target (measured
    from zero), in the order of ``[ecosystems]``. The share is of the sector-wide
    figure where there is one, else of the ecosystems' sum, so shares add up to 1."""
    own: list[tuple[str, str, float, dt.date]] = []
    for eco, name in plan.ecosystems.items():
        used = per_ecosystem.get(eco)
        if used:
            mine = actual_of(indicator, used)
            assert mine is not None
            if indicator.measure == "increment":
                mine -= indicator.baseline
            own.append((eco, name, mine, used.last_date))
    if sector_total is None:
        whole = math.fsum(mine for _, _, mine, _ in own)
    elif indicator.measure == "increment":
        whole = sector_total - indicator.baseline
    else:
        whole = sector_total
    rows = []
    for eco, name, mine, day in own:
        target = indicator.ecosystem_targets.get(eco)
        rows.append(EcosystemProgress(
            ecosystem=eco, name=name, actual=mine, actual_date=day,
            share=finite(mine / whole) if whole else None, target=target,
            ratio=finite(mine / target) if target else None))
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
    actual = actual_of(indicator, used)
    actual_date = used.last_date if used else None
    total_from = ("sector" if by_ecosystem is None else "ecosystem") if used else None
    if not used:
        derived = ecosystem_total(indicator, per_ecosystem)
        if derived is not None:
            (actual, actual_date), total_from = derived, "ecosystems"
    base = indicator.baseline
    target = indicator.target
    days_left = (deadline - as_of).days
    span = (deadline - start).days

    ratio = expected = pace = projected = remaining = None
    achieved_pa = required_pa = None
    days_ahead = None
    if actual is not None and actual_date is not None:
        elapsed = (actual_date - start).days
        if elapsed > 0:
            achieved_pa = finite((actual - base) / (elapsed / DAYS_PER_YEAR))
        if target is not None:
            ratio = finite((actual - base) / (target - base))
            on_line = min(span, max(0, elapsed))  # where the line is defined
            expected = on_line / span
            if ratio is not None:
                pace = finite(ratio / expected) if expected > 0 else None
                ahead = ratio * span - on_line
                days_ahead = round_half_away(ahead) if abs(ahead) < 1e15 else None
            projected = finite(base + pace * (target - base)) if pace is not None else None
            direction = 1.0 if target > base else -1.0
            remaining = finite(max(0.0, (target - actual) * direction))
            time_left = (deadline - actual_date).days
            if time_left > 0 and remaining is not None:
                required_pa = finite(remaining / (time_left / DAYS_PER_YEAR))
    status = _status(plan, target, ratio, pace, actual_date, deadline, as_of)
    if target is not None and actual is not None and ratio is None:
        status = "no-data"  # the figures exist but cannot be measured against the target
    return IndicatorProgress(
        id=ident, label=indicator.label, unit=indicator.unit,
        is_money=is_money(indicator.unit, plan.plan.currency), measure=indicator.measure,
        start=start, deadline=deadline, baseline=base, target=target, actual=actual,
        actual_date=actual_date, ratio=ratio, expected_ratio=expected, pace=pace,
        projected=projected, days_ahead=days_ahead, remaining=remaining,
        achieved_per_year=achieved_pa, required_per_year=required_pa, days_left=days_left,
        status=status, total_from=total_from,
        breakdown=breakdown(indicator, plan, actual if total_from == "sector" else None,
                            per_ecosystem),
    )


def _status(plan: Plan, target: float | None, ratio: float | None, pace: float | None,
            actual_date: dt.date | None, deadline: dt.date, as_of: dt.date) -> str:
    if target is None:
        return "tracked"
    if ratio is None or actual_date is None:
        return "no-data"
    if ratio >= 1:
        return "achieved"
    if as_of > deadline:
        return "missed" if actual_date >= deadline else "overdue"
    if pace is None:
        # No time had elapsed at the figure's date: nothing was expected yet.
        return "on-track" if ratio >= 0 else "off-track"
    bands = plan.plan.bands
    if pace >= bands.on_track:
        return "on-track"
    if pace >= bands.at_risk:
        return "at-risk"
    return "off-track"


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
