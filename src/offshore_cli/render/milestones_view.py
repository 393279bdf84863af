"""The view of ``offshore milestones``: a timeline in three parts (past, today,
upcoming) with a countdown to every milestone not done; overdue ones (date
passed, not done) flagged. On a narrower terminal the When column gives way;
below that each milestone is a block of lines, its countdown included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from offshore_cli.i18n import N_, _
from offshore_cli.render.columns import Column
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.wording import countdown_phrase
from offshore_cli.timeline import MilestonesReport, MilestoneView

if TYPE_CHECKING:
    from rich.console import Console

MILESTONES_SCHEMA = 1
MILESTONE_FIELDS = ("date", "precision", "due", "title", "state", "done", "days_left",
                    "indicators", "note")
STATE_STYLE = {"done": "green", "overdue": "bold red", "today": "bold yellow",
               "upcoming": "cyan"}
# A milestone's state (the JSON and CSV keep the engine's word) and the timeline's
# sections, as a person reads them.
STATE_WORDS = {"done": N_("done"), "overdue": N_("overdue"), "today": N_("today"),
               "upcoming": N_("upcoming")}
SECTIONS = (("past", N_("past")), ("today", N_("today")), ("upcoming", N_("upcoming")))
# The columns' names are their keys in the rows; a table or Markdown shows them in the
# run's language (``Column.title``).
TITLE = N_("Milestone")
COLUMNS = (Column(N_("When")), Column(N_("Date")), Column(N_("State")),
           Column(TITLE, wraps=True), Column(N_("Countdown")))
DROPPED_FIRST = ("When",)
NO_MILESTONES = N_("No milestones in this plan.")


def state_word(state: str) -> str:
    """A milestone's state in the run's language."""
    word = STATE_WORDS.get(state)
    return _(word) if word is not None else state


def milestone_record(view: MilestoneView) -> dict[str, Any]:
    return {"date": view.date_text, "precision": view.precision, "due": view.due.isoformat(),
            "title": view.title, "state": view.state, "done": view.done,
            "days_left": view.days_left, "indicators": list(view.indicators),
            "note": view.note}


class MilestonesView(ReportView):
    """``milestones``: the plan's milestones on the as-of date, with countdowns."""

    def __init__(self, report: MilestonesReport) -> None:
        self.report = report
        self.locale = report.locale

    def document(self) -> dict[str, Any]:
        return {"schema": MILESTONES_SCHEMA, "as_of": self.report.as_of.isoformat(),
                "milestones": [milestone_record(v) for v in self.report.milestones]}

    def records(self) -> Records:
        return Records(MILESTONE_FIELDS, [{**milestone_record(v), "indicators": " ".join(
            v.indicators)} for v in self.report.milestones])

    def timeline(self) -> list[tuple[str, MilestoneView]]:
        """The milestones in the order of the rows (past, today, upcoming), each with
        the section it opens (a key of ``SECTIONS``), or ``""`` after the first."""
        as_of = self.report.as_of
        views = self.report.milestones
        groups = {"past": [v for v in views if v.due < as_of],
                  "today": [v for v in views if v.due == as_of],
                  "upcoming": [v for v in views if v.due > as_of]}
        return [(key if index == 0 else "", view) for key, _word in SECTIONS
                for index, view in enumerate(groups[key])]

    def text_rows(self) -> list[dict[str, str]]:
        """The rows in date order, each section (past, today, upcoming) named once."""
        as_of = self.report.as_of
        words = dict(SECTIONS)
        return [{"When": _(words[section]) if section else "", "Date": view.date_text,
                 "State": state_word(view.state), TITLE: view.title,
                 "Countdown": "" if view.state == "done"
                 else countdown_phrase(view, as_of, self.locale)}
                for section, view in self.timeline()]

    def summary(self) -> Summary:
        return Summary(title=_("Milestones"),
                       lines=[_("As of {date}.").format(date=self.report.as_of.isoformat())],
                       fields=[column.title for column in COLUMNS],
                       rows=[[cells[column.name] for column in COLUMNS]
                             for cells in self.text_rows()], empty=_(NO_MILESTONES))

    def show(self, console: Console) -> None:
        from offshore_cli.render.milestones_table import render

        render(self, console)
