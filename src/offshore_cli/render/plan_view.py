"""Views of the whole plan beyond its indicators: the strategic pillars and
their axes, the milestones timeline, and the footer lines of ``status``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from offshore_cli.render import fmt
from offshore_cli.render.grid import LongTable, collector_paused, print_table
from offshore_cli.render.table import bar, fancy
from offshore_cli.timeline import MilestoneView, PillarsReport, next_milestone

STATE_STYLE = {"done": "green", "overdue": "bold red", "today": "bold yellow",
               "upcoming": "cyan"}


def pillars_line(report: PillarsReport) -> str:
    """``7 pillars, 37 axes: 3 done, 2 in progress, 30 planned, 1 overdue``."""
    total = report.total
    line = (f"{len(report.pillars)} pillar{'s' if len(report.pillars) != 1 else ''}, "
            f"{total.axes} ax{'es' if total.axes != 1 else 'is'}")
    if total.itemised:
        line += (f": {total.done} done, {total.in_progress} in progress, {total.planned} "
                 f"planned, {total.overdue} overdue")
        if total.dropped:
            line += f", {total.dropped} dropped"
    if total.axes > total.itemised:
        line += f" ({total.axes - total.itemised} not itemised: counts only)"
    return line


def countdown_phrase(view: MilestoneView, as_of: dt.date) -> str:
    if view.days_left > 0:
        return f"in {view.days_left} day{'s' if view.days_left != 1 else ''} " \
               f"({fmt.span_phrase(as_of, view.due)})"
    if view.days_left == 0:
        return "today"
    return f"{-view.days_left} day{'s' if view.days_left != -1 else ''} ago"


def status_footer(views: tuple[MilestoneView, ...], pillars: PillarsReport | None,
                  as_of: dt.date) -> list[str]:
    lines = []
    upcoming = next_milestone(views)
    if upcoming is not None:
        lines.append(f"Next milestone: {upcoming.date_text} {upcoming.title}, "
                     f"{countdown_phrase(upcoming, as_of)}")
    elif views:
        lines.append("Next milestone: none upcoming")
    if pillars is not None and pillars.pillars:
        lines.append(f"Pillars: {pillars_line(pillars)}")
    return lines


def render_pillars(report: PillarsReport, console: Console) -> None:
    table = Table(box=box.ROUNDED if fancy(console) else box.ASCII,
                  header_style="bold" if fancy(console) else "")
    table.add_column("#", justify="right")
    table.add_column("Pillar", ratio=1)
    for name in ("Axes", "Done", "In progress", "Planned", "Overdue"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("Progress", no_wrap=True)
    for number, pillar in enumerate(report.pillars, start=1):
        counts = pillar.counts
        itemised = counts.itemised > 0
        name = pillar.name + (f"\n{pillar.original_name}" if pillar.original_name else "")
        table.add_row(str(number), Text(name), str(counts.axes),
                      *(str(n) if itemised else "-"
                        for n in (counts.done, counts.in_progress, counts.planned)),
                      Text(str(counts.overdue), style="bold red" if counts.overdue else "")
                      if itemised else "-",
                      bar(counts.progress, "en", console))
    console.print(Group(table, Text(pillars_line(report))))


def render_milestones(views: tuple[MilestoneView, ...], as_of: dt.date,
                      console: Console) -> None:
    """A timeline in three parts, past, today and upcoming, with a countdown to every
    milestone not done; overdue ones (date passed, not done) flagged."""
    if not views:
        console.print(Text("No milestones in this plan."))
        return
    with collector_paused():
        print_table(console, milestones_table(views, as_of, console))


def milestones_table(views: tuple[MilestoneView, ...], as_of: dt.date,
                     console: Console) -> LongTable:
    table = LongTable(box=None, show_header=True,
                      header_style="bold" if fancy(console) else "", pad_edge=False)
    table.add_column("When", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Milestone", ratio=1)
    table.add_column("Countdown", no_wrap=True)
    sections = (("past", [v for v in views if v.due < as_of]),
                ("today", [v for v in views if v.due == as_of]),
                ("upcoming", [v for v in views if v.due > as_of]))
    for heading, group in sections:
        for index, view in enumerate(group):
            countdown = "" if view.state == "done" else countdown_phrase(view, as_of)
            table.add_row(heading if index == 0 else "", view.date_text,
                          Text(view.state, style=STATE_STYLE.get(view.state, "")),
                          view.title,
                          Text(countdown, style="bold red" if view.state == "overdue" else ""))
    return table


MILESTONES_SCHEMA = 1
PILLARS_SCHEMA = 1
MILESTONE_FIELDS = ("date", "precision", "due", "title", "state", "done", "days_left",
                    "indicators", "note")
PILLAR_FIELDS = ("number", "name", "original_name", "axes", "itemised", "done", "in_progress",
                 "planned", "dropped", "overdue", "progress")


def milestone_record(view: MilestoneView) -> dict[str, Any]:
    return {"date": view.date_text, "precision": view.precision, "due": view.due.isoformat(),
            "title": view.title, "state": view.state, "done": view.done,
            "days_left": view.days_left, "indicators": list(view.indicators),
            "note": view.note}


def milestones_document(views: tuple[MilestoneView, ...], as_of: dt.date) -> dict[str, Any]:
    return {"schema": MILESTONES_SCHEMA, "as_of": as_of.isoformat(),
            "milestones": [milestone_record(v) for v in views]}


def milestones_flat(views: tuple[MilestoneView, ...]) -> list[dict[str, Any]]:
    return [{**milestone_record(v), "indicators": " ".join(v.indicators)} for v in views]


def pillar_records(report: PillarsReport) -> list[dict[str, Any]]:
    rows = []
    for number, pillar in enumerate(report.pillars, start=1):
        counts = pillar.counts._asdict()
        rows.append({"number": number, "name": pillar.name,
                     "original_name": pillar.original_name, **counts,
                     "progress": pillar.counts.progress})
    return rows


def pillars_document(report: PillarsReport) -> dict[str, Any]:
    total = {**report.total._asdict(), "progress": report.total.progress,
             "pillars": len(report.pillars)}
    return {"schema": PILLARS_SCHEMA, "as_of": report.as_of.isoformat(),
            "pillars": pillar_records(report), "total": total}
