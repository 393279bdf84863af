"""The progress engine: pure functions from a plan and a date to report objects.

No I/O, no terminal, no command line. Every formula here is written out in
``docs/progress.md``; renderers only read the dataclasses returned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from offshore_cli.models import Indicator, Plan, Result

DAYS_PER_YEAR = 365.25
STATUSES = ("achieved", "on-track", "at-risk", "off-track", "missed", "overdue", "no-data",
            "tracked")


@dataclass(frozen=True)
class IndicatorProgress:
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


@dataclass(frozen=True)
class PlanReport:
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


def is_money(unit: str, currency: str | None) -> bool:
    """A unit is money when it is the plan's currency or a three-letter code (MAD, EUR)."""
    return unit == currency or (len(unit) == 3 and unit.isascii() and unit.isalpha()
                                and unit.isupper())


def group_results(results: Iterable[Result], as_of: dt.date
                  ) -> dict[tuple[str, str | None], list[Result]]:
    """Figures dated on or before ``as_of``, grouped by (indicator, ecosystem), each
    group one figure per date (the last in the file wins), in date order. One pass."""
    by_key: dict[tuple[str, str | None], dict[dt.date, Result]] = {}
    for result in results:
        if result.date <= as_of:
            by_key.setdefault((result.indicator, result.ecosystem), {})[result.date] = result
    return {key: [dates[day] for day in sorted(dates)] for key, dates in by_key.items()}


def effective_results(results: Iterable[Result], indicator: str, as_of: dt.date,
                      ecosystem: str | None = None) -> list[Result]:
    """One indicator's figures for one ecosystem (``None``: sector-wide), as in
    ``group_results``."""
    return group_results(results, as_of).get((indicator, ecosystem), [])


def round_half_away(value: float) -> int:
    """Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def actual_of(indicator: Indicator, used: Sequence[Result]) -> float | None:
    """Level: the latest figure; increment: baseline plus the sum of the figures."""
    if not used:
        return None
    if indicator.measure == "increment":
        return indicator.baseline + math.fsum(r.value for r in used)
    return used[-1].value


def evaluate_indicator(ident: str, indicator: Indicator, plan: Plan, as_of: dt.date,
                       used: Sequence[Result] | None = None) -> IndicatorProgress:
    """The progress of one indicator; ``used`` defaults to its sector-wide figures."""
    start = indicator.start or plan.plan.start
    deadline = indicator.deadline or plan.plan.deadline
    if used is None:
        used = effective_results(plan.results, ident, as_of)
    base = indicator.baseline
    target = indicator.target
    actual = actual_of(indicator, used)
    actual_date = used[-1].date if used else None
    days_left = (deadline - as_of).days
    span = (deadline - start).days

    ratio = expected = pace = projected = remaining = None
    achieved_pa = required_pa = None
    days_ahead = None
    if actual is not None and actual_date is not None:
        elapsed = (actual_date - start).days
        if elapsed > 0:
            achieved_pa = (actual - base) / (elapsed / DAYS_PER_YEAR)
        if target is not None:
            ratio = (actual - base) / (target - base)
            expected = min(1.0, max(0.0, elapsed / span))
            pace = ratio / expected if expected > 0 else None
            projected = base + pace * (target - base) if pace is not None else None
            days_ahead = round_half_away(ratio * span - elapsed)
            direction = 1.0 if target > base else -1.0
            remaining = max(0.0, (target - actual) * direction)
            time_left = (deadline - actual_date).days
            if time_left > 0:
                required_pa = remaining / (time_left / DAYS_PER_YEAR)
    status = _status(plan, target, ratio, pace, actual_date, deadline, as_of)
    return IndicatorProgress(
        id=ident, label=indicator.label, unit=indicator.unit,
        is_money=is_money(indicator.unit, plan.plan.currency), measure=indicator.measure,
        start=start, deadline=deadline, baseline=base, target=target, actual=actual,
        actual_date=actual_date, ratio=ratio, expected_ratio=expected, pace=pace,
        projected=projected, days_ahead=days_ahead, remaining=remaining,
        achieved_per_year=achieved_pa, required_per_year=required_pa, days_left=days_left,
        status=status,
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


def evaluate(plan: Plan, as_of: dt.date) -> PlanReport:
    """Every indicator of ``plan`` as of ``as_of``, in the plan's order."""
    meta = plan.plan
    groups = group_results(plan.results, as_of)
    indicators = tuple(evaluate_indicator(ident, ind, plan, as_of, groups.get((ident, None), []))
                       for ident, ind in plan.indicators.items())
    return PlanReport(
        plan_id=meta.id, title=meta.title, start=meta.start, deadline=meta.deadline,
        currency=meta.currency, locale=meta.locale, as_of=as_of,
        days_left=(meta.deadline - as_of).days, indicators=indicators,
    )
