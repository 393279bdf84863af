"""The view of ``offshore pillars``: the strategic pillars and their axes.

A pillar lists its axes (each done, in progress, planned or dropped, and overdue
when its date passed undone) or only says how many it has. Progress is done axes
over the itemised axes still in the plan: a dropped axis leaves the denominator
(the Dropped column shows how many). Where no pillar itemises its axes, the table
is compact: number, name, axes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from offshore_cli.i18n import N_, _
from offshore_cli.render import fmt
from offshore_cli.render.columns import Column
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.wording import pillars_line
from offshore_cli.timeline import PillarsReport

if TYPE_CHECKING:
    from rich.console import Console

PILLARS_SCHEMA = 1
PILLAR_FIELDS = ("number", "name", "original_name", "axes", "itemised", "done", "in_progress",
                 "planned", "dropped", "overdue", "progress")
# The columns' names are their keys in the rows; a table or Markdown shows them in the
# run's language (``Column.title``).
NAME = N_("Pillar")
COUNTS = (N_("Done"), N_("In progress"), N_("Planned"), N_("Dropped"), N_("Overdue"))
COLUMNS = (Column("#", "right"), Column(NAME, wraps=True, min_width=8),
           Column(N_("Axes"), "right"), *(Column(name, "right") for name in COUNTS),
           Column(N_("Progress")))
# On a narrower terminal these give way, in this order; then each pillar is a block.
DROPPED_FIRST = ("Dropped", "Planned", "In progress", "Progress")
NO_PILLARS = N_("No pillars in this plan.")


def pillar_records(report: PillarsReport) -> list[dict[str, Any]]:
    return [{"number": number, "name": pillar.name, "original_name": pillar.original_name,
             **pillar.counts._asdict(), "progress": pillar.counts.progress}
            for number, pillar in enumerate(report.pillars, start=1)]


def pillars_document(report: PillarsReport) -> dict[str, Any]:
    total = {**report.total._asdict(), "progress": report.total.progress,
             "pillars": len(report.pillars)}
    return {"schema": PILLARS_SCHEMA, "as_of": report.as_of.isoformat(),
            "pillars": pillar_records(report), "total": total}


class PillarsView(ReportView):
    """``pillars``: the pillars of the plan, their axes counted by state."""

    def __init__(self, report: PillarsReport) -> None:
        self.report = report
        self.locale = report.locale

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every column, or the compact three where no pillar itemises its axes."""
        if self.report.total.itemised:
            return COLUMNS
        return COLUMNS[:3]

    def text_rows(self) -> list[dict[str, str]]:
        rows = []
        for number, pillar in enumerate(self.report.pillars, start=1):
            counts = pillar.counts
            itemised = counts.itemised > 0
            cells = {"#": str(number),
                     NAME: pillar.name + (f"\n{pillar.other_name}"
                                          if pillar.other_name else ""),
                     "Axes": fmt.group(counts.axes, self.locale),
                     "Progress": fmt.percent(counts.progress, self.locale)}
            for name, value in zip(COUNTS, (counts.done, counts.in_progress, counts.planned,
                                            counts.dropped, counts.overdue), strict=True):
                cells[name] = fmt.group(value, self.locale) if itemised else "-"
            rows.append(cells)
        return rows

    def document(self) -> dict[str, Any]:
        return pillars_document(self.report)

    def records(self) -> Records:
        return Records(PILLAR_FIELDS, pillar_records(self.report))

    def summary(self) -> Summary:
        columns = self.columns
        return Summary(
            title=_("Pillars"),
            lines=[_("As of {date}.").format(date=self.report.as_of.isoformat())],
            fields=[column.title for column in columns],
            rows=[[cells[column.name] for column in columns]
                  for cells in self.text_rows()],
            right=[column.justify == "right" for column in columns],
            notes=[pillars_line(self.report, self.locale)] if self.report.pillars else [],
            empty=_(NO_PILLARS))

    def show(self, console: Console) -> None:
        from offshore_cli.render.pillars_table import render

        render(self, console)
