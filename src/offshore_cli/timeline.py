"""Milestones and strategic pillars on an as-of date: pure, like the engine.

A milestone's date may be a day, or only a month ("2016-07") or a year
("2016") when that is all the source says; it falls due on the last day of that
period, and its countdown counts to that day. A pillar lists its axes, or only
says how many there are.
"""

# No `from __future__ import annotations`: this module's named tuples are built
# on every run of status and check, and with it typing.NamedTuple would build a
# ForwardRef for each of their fields.

import datetime as dt
from typing import NamedTuple

from offshore_cli.spec import Axis, Plan


class MilestoneView(NamedTuple):
    title: str
    date_text: str
    precision: str
    due: dt.date
    done: bool | None
    indicators: tuple[str, ...]
    note: str | None
    days_left: int
    state: str


class AxisCounts(NamedTuple):
    axes: int
    itemised: int
    done: int
    in_progress: int
    planned: int
    dropped: int
    overdue: int

    @property
    def progress(self) -> float | None:
        """Done axes over the itemised axes still in the plan (dropped ones left out)."""
        live = self.itemised - self.dropped
        return self.done / live if self.itemised and live > 0 else None


class PillarView(NamedTuple):
    name: str
    original_name: str | None
    counts: AxisCounts

    @property
    def other_name(self) -> str | None:
        """The pillar's original name where it is not the name shown (a plan read in
        the original's language shows it once)."""
        return self.original_name if self.original_name != self.name else None


class PillarsReport(NamedTuple):
    as_of: dt.date
    pillars: tuple[PillarView, ...]
    total: AxisCounts
    locale: str = "en"


class MilestonesReport(NamedTuple):
    as_of: dt.date
    milestones: tuple[MilestoneView, ...]
    locale: str = "en"


def due_date(value: dt.date | str) -> tuple[dt.date, str, str]:
    """(the day it falls due, its precision, the date as written)."""
    if isinstance(value, dt.date):
        return value, "day", value.isoformat()
    year, _, month = value.partition("-")
    if month:
        following = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
        return following - dt.timedelta(days=1), "month", value
    return dt.date(int(year), 12, 31), "year", value


def milestone_state(done: bool | None, due: dt.date, as_of: dt.date) -> str:
    """``done``; ``overdue`` (due date passed, not done); ``today``; ``upcoming``."""
    if done:
        return "done"
    if due < as_of:
        return "overdue"
    return "today" if due == as_of else "upcoming"


def milestones(plan: Plan, as_of: dt.date) -> tuple[MilestoneView, ...]:
    """Every milestone in date order (ties keep the file's order)."""
    views = []
    for milestone in plan.milestones:
        due, precision, text = due_date(milestone.date)
        views.append(MilestoneView(
            title=milestone.title, date_text=text, precision=precision, due=due,
            done=milestone.done, indicators=tuple(milestone.indicators), note=milestone.note,
            days_left=(due - as_of).days, state=milestone_state(milestone.done, due, as_of)))
    return tuple(sorted(views, key=lambda view: view.due))


def next_milestone(views: tuple[MilestoneView, ...]) -> MilestoneView | None:
    """The first milestone due today or later that is not done."""
    return next((v for v in views if v.days_left >= 0 and not v.done), None)


def count_axes(axes: int | tuple[Axis, ...], as_of: dt.date) -> AxisCounts:
    if isinstance(axes, int):
        return AxisCounts(axes=axes, itemised=0, done=0, in_progress=0, planned=0, dropped=0,
                          overdue=0)
    statuses = [axis.status for axis in axes]
    overdue = sum(1 for axis in axes if axis.due is not None and axis.due < as_of
                  and axis.status not in ("done", "dropped"))
    return AxisCounts(axes=len(axes), itemised=len(axes), done=statuses.count("done"),
                      in_progress=statuses.count("in-progress"),
                      planned=statuses.count("planned"), dropped=statuses.count("dropped"),
                      overdue=overdue)


def pillars(plan: Plan, as_of: dt.date) -> PillarsReport:
    views = tuple(PillarView(name=p.name, original_name=p.original_name,
                             counts=count_axes(p.axes, as_of)) for p in plan.pillars)
    fields = ("axes", "itemised", "done", "in_progress", "planned", "dropped", "overdue")
    total = AxisCounts(**{f: sum(getattr(v.counts, f) for v in views) for f in fields})
    return PillarsReport(as_of=as_of, pillars=views, total=total, locale=plan.plan.locale or "en")


def milestones_report(plan: Plan, as_of: dt.date) -> MilestonesReport:
    """The milestones on ``as_of``, with the plan's locale."""
    return MilestonesReport(as_of, milestones(plan, as_of), plan.plan.locale or "en")
