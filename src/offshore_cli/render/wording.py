"""Sentences that several views say: the count of a plan's pillars and axes, and
a milestone's countdown (in ``pillars``, ``milestones`` and the footer of
``status``)."""

from __future__ import annotations

import datetime as dt

from offshore_cli.render import fmt
from offshore_cli.timeline import AxisCounts, MilestoneView, PillarsReport, next_milestone


def plural(count: int, singular: str, plural_form: str | None = None,
           locale: str = "en") -> str:
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{fmt.group(count, locale)} {noun}"


def axes_line(pillar_count: int, total: AxisCounts, locale: str = "en") -> str:
    """``7 pillars, 37 axes: 3 done, 2 in progress, 30 planned, 1 overdue``."""
    line = (f"{plural(pillar_count, 'pillar', locale=locale)}, "
            f"{plural(total.axes, 'axis', 'axes', locale)}")
    if total.itemised:
        line += (f": {total.done} done, {total.in_progress} in progress, {total.planned} "
                 f"planned, {total.overdue} overdue")
        if total.dropped:
            line += f", {total.dropped} dropped (left out of the progress)"
    if total.axes > total.itemised:
        line += f" ({total.axes - total.itemised} not itemised: counts only)"
    return line


def pillars_line(report: PillarsReport, locale: str = "en") -> str:
    return axes_line(len(report.pillars), report.total, locale)


def countdown_phrase(view: MilestoneView, as_of: dt.date, locale: str = "en") -> str:
    """``in 618 days (1 year 8 months)``, ``today``, ``3 days ago``."""
    if view.days_left > 0:
        span = fmt.span_phrase(as_of, view.due)
        days = plural(view.days_left, "day", locale=locale)
        return f"in {days}" if view.days_left < 30 else f"in {days} ({span})"
    if view.days_left == 0:
        return "today"
    return f"{plural(-view.days_left, 'day', locale=locale)} ago"


def status_footer(views: tuple[MilestoneView, ...], pillars: PillarsReport | None,
                  as_of: dt.date, locale: str = "en") -> list[str]:
    """The lines under the status table: the next milestone, the pillars."""
    lines = []
    upcoming = next_milestone(views)
    if upcoming is not None:
        lines.append(f"Next milestone: {upcoming.date_text} {upcoming.title}, "
                     f"{countdown_phrase(upcoming, as_of, locale)}")
    elif views:
        lines.append("Next milestone: none upcoming")
    if pillars is not None and pillars.pillars:
        lines.append(f"Pillars: {pillars_line(pillars, locale)}")
    return lines
