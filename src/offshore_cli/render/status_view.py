"""The view of ``offshore status``: its JSON document, CSV rows and Markdown
summary, and the text of every cell that the terminal table (``status_table.py``)
shows, with the order in which its columns give way.

At any width the indicator's name and its status stay whole: below the width the
full table needs, the columns of ``DROPPED_FIRST`` give way in that order; below
the narrowest table, each indicator is a block of lines (``console.stacked``).

Cells are keyed by the columns' English names; the headers, status words and
phrases a person reads are in the run's language (``offshore_cli.i18n``), while
the JSON and CSV keep their English fields and values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from offshore_cli.i18n import N_, _
from offshore_cli.progress import EcosystemProgress, IndicatorProgress, PlanReport
from offshore_cli.render import fmt
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.wording import (
    reason_words,
    share_reason_words,
    status_footer,
    status_word,
)
from offshore_cli.render.writers import plain
from offshore_cli.timeline import MilestoneView, PillarsReport

if TYPE_CHECKING:
    from rich.console import Console

STATUS_SCHEMA = 4
INDICATOR_FIELDS = (
    "id", "label", "unit", "baseline", "target", "actual", "actual_date", "ratio",
    "expected_ratio", "pace", "projected", "projected_ratio", "days_ahead", "remaining",
    "achieved_per_year", "required_per_year", "days_left", "status", "reason", "start",
    "deadline", "measure", "is_money", "total_from", "trajectory", "eta", "reached_on",
    "growth_per_year", "required_growth_per_year", "sdg_ratio", "sdg_class",
    "original_target", "original_deadline", "revised_on",
)
BREAKDOWN_FIELDS = ("ecosystem", "name", "actual", "actual_date", "share", "target", "ratio",
                    "share_from", "share_reason")
# The CSV of `--by-ecosystem`: one row per indicator and ecosystem.
BY_ECOSYSTEM_FIELDS = ("as_of", "id", "label", "unit", *BREAKDOWN_FIELDS)

# The table's columns, in the order shown (with `--sdg`, SDG before Status). The
# indicator and its status are never dropped; on a narrower terminal the columns of
# DROPPED_FIRST give way, in order. The names are the cells' keys; a header shows
# the name in the run's language (`_(name)`).
NAME = N_("Indicator")
COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("Actual"), "right"), (N_("Target"), "right"), (N_("Progress"), "left"),
    (N_("Expected"), "right"), (N_("At deadline"), "right"), (N_("Arrives"), "right"),
    (N_("Done/yr"), "right"), (N_("Needed/yr"), "right"), (N_("Status"), "left"),
)
SDG_COLUMN = (N_("SDG"), "left")
DROPPED_FIRST = ("Arrives", "Done/yr", "Needed/yr", "Expected", "At deadline", "SDG", "Target")
# A path that is not the straight line is marked after the indicator's id (one with
# a target: a tracked indicator has no path), and the mark is said under the table.
TRAJECTORY_MARKS = {"compound": "(g)", "checkpoints": "(c)"}
TRAJECTORY_NOTES = {
    "compound": N_("(g): expected on a constant rate of growth from the baseline to the "
                   "target (trajectory compound)"),
    "checkpoints": N_("(c): expected on straight lines through the plan's checkpoints "
                      "(trajectory checkpoints)"),
}
# The SDG progress classes in words, over two lines (the JSON keeps the classes).
SDG_WORDS = {
    "target-achieved": N_("target\nachieved"),
    "substantial-progress": N_("substantial\nprogress"),
    "moderate-progress": N_("moderate\nprogress"),
    "limited-progress": N_("limited\nprogress"),
    "deterioration": N_("deterioration"),
}


# A target or deadline revised by the as-of date: its target is marked, and under the
# table a line says when, what it was and why.
REVISED_MARK = "*"


def columns_of(sdg: bool) -> tuple[tuple[str, str], ...]:
    """The table's columns: with the SDG class (``status --sdg``) or without."""
    return (*COLUMNS[:-1], SDG_COLUMN, COLUMNS[-1]) if sdg else COLUMNS
INDICATOR_MIN_WIDTH = 12
NO_INDICATORS = N_("No indicators in this plan.")


def indicator_record(item: IndicatorProgress) -> dict[str, Any]:
    """The flat fields of one indicator (JSON and CSV alike)."""
    return {name: plain(getattr(item, name)) for name in INDICATOR_FIELDS}


def breakdown_record(share: EcosystemProgress) -> dict[str, Any]:
    """The fields of one ecosystem's figure under its indicator."""
    return {name: plain(getattr(share, name)) for name in BREAKDOWN_FIELDS}


def indicator_json(item: IndicatorProgress) -> dict[str, Any]:
    """The JSON block of one indicator: the flat fields and the ecosystem breakdown."""
    return {**indicator_record(item),
            "breakdown": [breakdown_record(share) for share in item.breakdown]}


def report_document(report: PlanReport) -> dict[str, Any]:
    """The ``status`` JSON document (docs/json.md)."""
    return {
        "schema": STATUS_SCHEMA,
        "plan": {
            "id": report.plan_id, "title": report.title, "start": plain(report.start),
            "deadline": plain(report.deadline), "currency": report.currency,
            "locale": report.locale,
        },
        "as_of": plain(report.as_of),
        "days_left": report.days_left,
        "ecosystem": report.ecosystem,
        "indicators": [indicator_json(item) for item in report.indicators],
    }


Digits = dict[tuple[str, str], int]
"""Significant digits by column and unit: enough that two different figures of one
column never read the same (``fmt.column_digits``)."""


def column_digits(report: PlanReport, by_ecosystem: bool) -> Digits:
    values: dict[tuple[str, str], list[float | None]] = {}
    money: dict[str, bool] = {}
    for item in report.indicators:
        money[item.unit] = item.is_money
        shares = item.breakdown if by_ecosystem else ()
        values.setdefault(("Actual", item.unit), []).extend(
            [item.actual, *(share.actual for share in shares)])
        values.setdefault(("Target", item.unit), []).extend(
            [item.target, *(share.target for share in shares)])
    return {key: fmt.column_digits(column, money[key[1]], report.locale)
            for key, column in values.items()}


def indicator_cells(item: IndicatorProgress, report: PlanReport,
                    digits: Digits | None = None) -> dict[str, str]:
    """The text of each cell of an indicator's row, as a person reads it."""
    loc = report.locale
    # Jobs counted in whole numbers are done and needed in whole numbers a year too.
    whole = fmt.all_whole(item.baseline, item.target, item.actual)
    digits = digits or {}
    actual = fmt.amount(item.actual, item.unit, item.is_money, loc,
                        digits.get(("Actual", item.unit)))
    if item.actual_date is not None:
        actual += f"\n{item.actual_date.isoformat()}\n{fmt.age(report.as_of, item.actual_date)}"
    return {
        "Actual": actual,
        "Target": fmt.amount(item.target, item.unit, item.is_money, loc,
                             digits.get(("Target", item.unit)))
        + (REVISED_MARK if item.revised_on is not None else ""),
        "Progress": fmt.percent(item.ratio, loc),
        "Expected": fmt.percent(item.expected_ratio, loc),
        "At deadline": fmt.percent(item.projected_ratio, loc),
        "Done/yr": fmt.per_year(item.achieved_per_year, item.is_money, whole, loc),
        "Needed/yr": fmt.per_year(item.required_per_year, item.is_money, whole, loc),
        "Arrives": item.eta.isoformat() if item.eta is not None else "-",
        "SDG": sdg_cell(item, loc),
        "Status": status_word(item.status),
    }


def sdg_cell(item: IndicatorProgress, locale: str) -> str:
    """The SDG progress class in words, under the ratio of observed to required
    growth it comes from; "-" where there is none."""
    if item.sdg_class is None:
        return "-"
    known = SDG_WORDS.get(item.sdg_class)
    words = _(known) if known is not None else item.sdg_class.replace("-", "\n")
    if item.sdg_ratio is None:
        return words
    return f"{fmt.percent(item.sdg_ratio, locale)}\n{words}"


def indicator_name(item: IndicatorProgress) -> str:
    name = f"{item.label}\n[{item.id}]"
    if item.target is not None and item.trajectory in TRAJECTORY_MARKS:
        # A no-break space: the mark never wraps away from the id.
        name += f"\u00a0{TRAJECTORY_MARKS[item.trajectory]}"
    if item.total_from == "ecosystems":
        name += "\n" + _("(sum of ecosystems)")
    return name


def share_phrase(share: EcosystemProgress, locale: str) -> str:
    if share.share is not None:
        phrase = (_("{percent} of their sum") if share.share_from == "ecosystems"
                  else _("{percent} of total"))
        return phrase.format(percent=fmt.percent(share.share, locale))
    return _("no share") if share.share_reason else ""  # why: under the table


def ecosystem_cells(share: EcosystemProgress, item: IndicatorProgress, report: PlanReport,
                    digits: Digits | None = None) -> tuple[str, dict[str, str]]:
    """A breakdown row: the ecosystem's actual, its share of the total and its
    ratio to its own target."""
    loc = report.locale
    label = _("{ecosystem}: {name}").format(ecosystem=share.ecosystem, name=share.name)
    phrase = share_phrase(share, loc)
    if phrase:
        label += f"\n{phrase}"
    return label, {
        "Actual": fmt.amount(share.actual, item.unit, item.is_money, loc,
                             (digits or {}).get(("Actual", item.unit)))
        + f"\n{share.actual_date.isoformat()}",
        "Target": fmt.amount(share.target, item.unit, item.is_money, loc,
                             (digits or {}).get(("Target", item.unit))),
        "Progress": fmt.percent(share.ratio, loc),
    }


def header_lines(report: PlanReport, ecosystem_name: str | None) -> list[str]:
    lines = [_("Period {start} to {deadline} | as of {as_of} | {countdown}").format(
        start=fmt.prose_date(report.start), deadline=fmt.prose_date(report.deadline),
        as_of=fmt.prose_date(report.as_of),
        countdown=fmt.countdown(report.as_of, report.deadline, report.locale))]
    if report.ecosystem is not None:
        lines.append(_("Ecosystem {id}: {name} (its own figures, against its own targets)")
                     .format(id=report.ecosystem, name=ecosystem_name or report.ecosystem))
    return lines


def trajectory_notes(report: PlanReport) -> list[str]:
    """What each trajectory mark of the table means, for the marks it shows."""
    shown = {item.trajectory for item in report.indicators if item.target is not None}
    return [_(note) for kind, note in TRAJECTORY_NOTES.items() if kind in shown]


def revision_notes(report: PlanReport) -> list[str]:
    """For each indicator revised by the as-of date, the footnote of its marked
    target: the date of the revision in force, the original target and deadline,
    and the reason given."""
    lines = []
    for item in report.indicators:
        if item.revised_on is None:
            continue
        was = fmt.amount(item.original_target, item.unit, item.is_money, report.locale)
        deadline = item.original_deadline.isoformat() if item.original_deadline else "-"
        now = fmt.amount(item.target, item.unit, item.is_money, report.locale)
        lines.append(_("{mark} {id}: revised on {date} to {target} by {deadline} (was "
                       "{original_target} by {original_deadline}): {reason}").format(
            mark=REVISED_MARK, id=item.id, date=item.revised_on.isoformat(), target=now,
            deadline=item.deadline.isoformat(), original_target=was,
            original_deadline=deadline, reason=item.revision_reason))
    return lines


def reasons(report: PlanReport, by_ecosystem: bool = False) -> list[str]:
    """Why a status is what it is, where its name does not say it all; with the
    breakdown, why an ecosystem has no share of its total."""
    lines = []
    for item in report.indicators:
        if item.reason:
            lines.append(_("{id}: {status}: {reason}").format(
                id=item.id, status=status_word(item.status), reason=reason_words(item.reason)))
        if by_ecosystem:
            lines.extend(_("{id}, {ecosystem}: no share: {reason}").format(
                id=item.id, ecosystem=share.ecosystem, reason=share_reason_words(share))
                for share in item.breakdown if share.share_reason)
    return lines


class TextRow(NamedTuple):
    """A row of the status table as text; ``ratio`` and ``status`` for the bar and
    the colour; ``nested`` for an ecosystem's row under its indicator."""

    name: str
    cells: dict[str, str]
    ratio: float | None
    status: str | None
    nested: bool


class StatusView(ReportView):
    """``status``: the report; the milestones and pillars its footer speaks of;
    whether each indicator is broken down by ecosystem; the ecosystem's name."""

    def __init__(self, report: PlanReport, milestones: tuple[MilestoneView, ...] = (),
                 pillars: PillarsReport | None = None, by_ecosystem: bool = False,
                 ecosystem_name: str | None = None, sdg: bool = False) -> None:
        self.report = report
        self.columns = columns_of(sdg)
        self.locale = report.locale
        self.milestones = milestones
        self.pillars = pillars
        self.by_ecosystem = by_ecosystem
        self.ecosystem_name = ecosystem_name
        self._rows: list[TextRow] | None = None

    @property
    def notes(self) -> list[str]:
        """The lines under the table: the trajectory marks, the reasons, the footer."""
        return [*trajectory_notes(self.report), *revision_notes(self.report),
                *reasons(self.report, self.by_ecosystem), *self.footer]

    @property
    def footer(self) -> list[str]:
        """The lines under the table: the next milestone, the pillars."""
        return status_footer(self.milestones, self.pillars, self.report.as_of, self.locale)

    def document(self) -> dict[str, Any]:
        return report_document(self.report)

    def records(self) -> Records:
        report = self.report
        if self.by_ecosystem:
            return Records(BY_ECOSYSTEM_FIELDS, [
                {"as_of": plain(report.as_of), "id": item.id, "label": item.label,
                 "unit": item.unit, **breakdown_record(row)}
                for item in report.indicators for row in item.breakdown])
        rows = [{"as_of": plain(report.as_of), **indicator_record(item),
                 "ecosystem": report.ecosystem} for item in report.indicators]
        return Records(("as_of", *INDICATOR_FIELDS, "ecosystem"), rows)

    def text_rows(self) -> list[TextRow]:
        """The table's rows: each indicator, and under it its ecosystems when asked
        (made once: the terminal view may measure them more than once)."""
        if self._rows is not None:
            return self._rows
        rows: list[TextRow] = []
        digits = column_digits(self.report, self.by_ecosystem)
        for item in self.report.indicators:
            rows.append(TextRow(indicator_name(item), indicator_cells(item, self.report, digits),
                                item.ratio, item.status, False))
            if self.by_ecosystem:
                for share in item.breakdown:
                    name, cells = ecosystem_cells(share, item, self.report, digits)
                    rows.append(TextRow(name, cells, share.ratio, None, True))
        self._rows = rows
        return rows

    def summary(self) -> Summary:
        report = self.report
        rows = []
        for row in self.text_rows():
            rows.append([("↳ " if row.nested else "") + row.name,
                         *(row.cells.get(column, "") for column, _justify in self.columns)])
        return Summary(
            title=report.title, lines=header_lines(report, self.ecosystem_name),
            fields=[_(NAME), *(_(column) for column, _justify in self.columns)], rows=rows,
            right=[False, *(justify == "right" for _column, justify in self.columns)],
            notes=self.notes, empty=_(NO_INDICATORS))

    def show(self, console: Console) -> None:
        from offshore_cli.render import status_table

        status_table.render(self, console)
