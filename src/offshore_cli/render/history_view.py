"""The view of ``offshore history``: every figure of one indicator, the sector's
and each ecosystem's, in date order, revisions marked as superseded; its JSON
document, CSV rows, the Markdown table, and the text of every cell that the
terminal table (``history_table.py``) lays out. The indicator's revised targets
and deadlines are lines of the table among the figures, in date order, marked
``(revision)``, what they changed and why under Note."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from offshore_cli.history import History, HistoryRow
from offshore_cli.i18n import N_, _, ngettext
from offshore_cli.render import fmt
from offshore_cli.render.view import Records, ReportView, Summary
from offshore_cli.render.writers import plain
from offshore_cli.spec import Revision

if TYPE_CHECKING:
    from rich.console import Console

    from offshore_cli.burnup import Burnup

# Columns in the order shown; a history shows those it has (see ``history_columns``).
# The names are the columns' keys; their headers are the names in the run's language
# (``column_header``).
COLUMNS: tuple[tuple[str, str], ...] = (
    (N_("Date"), "left"), (N_("Ecosystem"), "left"), (N_("Value"), "right"),
    (N_("Total"), "right"), (N_("Change"), "right"), (N_("Ratio"), "right"),
    (N_("Line"), "right"), (N_("Source"), "left"), (N_("Note"), "left"),
    (N_("Recorded"), "left"),
)
JUSTIFY = dict(COLUMNS)
# What gives way, first to last, when the table is too wide: optional columns, and
# the superseded mark beside a date (it goes under the date instead). Each mark is
# one word in every language: a narrow Date column puts it under the date by
# breaking at the first space.
SUPERSEDED = N_("(superseded)")
# A revised target or deadline, listed among the figures on its date.
REVISION = N_("(revision)")
SECTOR = N_("sector")
# How the heading and the chart's legend name a trajectory (the plan's keyword).
TRAJECTORY_NAMES = {"linear": N_("linear"), "compound": N_("compound"),
                    "checkpoints": N_("checkpoints")}


def column_header(name: str) -> str:
    """The header of the column ``name`` in the run's language."""
    return _(name)


def trajectory_name(trajectory: str) -> str:
    """A trajectory's name in the run's language (an unknown one as the plan has it)."""
    name = TRAJECTORY_NAMES.get(trajectory)
    return _(name) if name is not None else trajectory

Entry = HistoryRow | Revision
"""A line of the history table: a figure, or a revision of the target."""


def entries(history: History) -> list[Entry]:
    """The figures shown and, among them in date order, the revisions dated from
    ``--since`` and from the first figure shown on (every revision when no option
    left figures out); a
    revision comes before the figures of its own date, which it already governs."""
    rows: list[Entry] = list(history.rows)
    if not history.revisions:
        return rows
    first = history.since
    if history.omitted and history.rows:
        first = history.rows[0].date if first is None else max(first, history.rows[0].date)
    revisions = [rev for rev in history.revisions if first is None or rev.date >= first]
    merged: list[Entry] = []
    waiting = iter(revisions)
    pending = next(waiting, None)
    for row in history.rows:
        while pending is not None and pending.date <= row.date:
            merged.append(pending)
            pending = next(waiting, None)
        merged.append(row)
    while pending is not None:
        merged.append(pending)
        pending = next(waiting, None)
    return merged


def revised_value(rev: Revision, history: History) -> str:
    """A revision's Value cell: the revised target, else the revised deadline."""
    if rev.target is not None:
        return _("target {amount}").format(amount=fmt.amount(
            rev.target, history.unit, history.is_money, history.locale))
    return _("deadline {date}").format(date=rev.deadline.isoformat()) if rev.deadline else ""


def revision_text(rev: Revision, history: History) -> str:
    """What a revision changed and why: ``target revised to 1.80 bn MAD: reason``."""
    loc, unit, money = history.locale, history.unit, history.is_money
    target = fmt.amount(rev.target, unit, money, loc) if rev.target is not None else None
    deadline = rev.deadline.isoformat() if rev.deadline is not None else None
    if target is not None and deadline is not None:
        changed = _("target revised to {target}, deadline revised to {deadline}")
    elif target is not None:
        changed = _("target revised to {target}")
    else:
        changed = _("deadline revised to {deadline}")
    changed = changed.format(target=target, deadline=deadline)
    reason = _one_line(rev.reason)
    if rev.source:
        return _("{changes}: {reason} ({source})").format(
            changes=changed, reason=reason, source=_one_line(rev.source))
    return _("{changes}: {reason}").format(changes=changed, reason=reason)


def _one_line(text: str) -> str:
    """A source or note on one line: runs of spaces, tabs and line breaks as one space."""
    if text.isprintable() and "  " not in text:
        return text
    # Split at ASCII blanks only: str.split() would also take no-break spaces.
    return " ".join(word for word in "".join(c if c.isprintable() else " " for c in text)
                    .split(" ") if word)


def own_ecosystem(history: History) -> str | None:
    """The ecosystem whose history this is (None: the sector's)."""
    return history.ecosystem


def change_text(row: HistoryRow, history: History) -> str:
    if row.change is None:
        return "-"
    sign = "+" if row.change > 0 else ""
    return sign + fmt.short_amount(row.change, history.is_money, history.locale)


def history_columns(history: History) -> dict[str, list[str]]:
    """The full text of every cell, by column, for the columns this history has
    (the table shortens long sources and notes; Markdown shows them whole):
    Ecosystem where a figure is not for the history's own ecosystem (or the sector's
    figure, when it is the sector's history: see ``own_ecosystem``), Total for
    an ``increment`` indicator, Ratio and Line where there is a target, Source, Note
    and Recorded where a figure has one. A superseded figure's date ends with
    `` (superseded)``."""
    loc = history.locale
    unit, money = history.unit, history.is_money
    own = own_ecosystem(history)
    lines = entries(history)
    rows = history.rows

    def each(cell: Callable[[HistoryRow], str], revision: str = "") -> list[str]:
        # A revision's line has its date and its text (under Note) only.
        return [cell(line) if isinstance(line, HistoryRow) else revision for line in lines]

    revision, superseded, sector = _(REVISION), _(SUPERSEDED), _(SECTOR)
    columns: dict[str, list[str]] = {
        "Date": [line.date.isoformat() + (
            " " + revision if isinstance(line, Revision)
            else " " + superseded if line.superseded else "") for line in lines],
    }
    if any(row.ecosystem != own for row in rows):
        columns["Ecosystem"] = each(lambda row: row.ecosystem or sector)
    # As many digits as tell two different figures of a column apart (1.20 bn and
    # its revision to 1.25 bn; 1.251 bn and 1.252 bn).
    digits = fmt.column_digits((row.value for row in rows), money, loc)
    columns["Value"] = [fmt.amount(line.value, unit, money, loc, digits)
                        if isinstance(line, HistoryRow) else revised_value(line, history)
                        for line in lines]
    if history.measure == "increment":
        total_digits = fmt.column_digits((row.actual for row in rows), money, loc)
        columns["Total"] = each(lambda row: fmt.amount(row.actual, unit, money, loc,
                                                       total_digits))
    columns["Change"] = each(lambda row: change_text(row, history))
    if history.target is not None:
        columns["Ratio"] = each(lambda row: fmt.percent(row.ratio, loc))
        columns["Line"] = each(lambda row: fmt.percent(row.expected_ratio, loc))
    if any(row.source for row in rows):
        columns["Source"] = each(lambda row: _one_line(row.source or ""))
    if any(row.note for row in rows) or len(lines) > len(rows):
        columns["Note"] = [_one_line(line.note or "") if isinstance(line, HistoryRow)
                           else revision_text(line, history) for line in lines]
    if any(row.recorded for row in rows):
        columns["Recorded"] = each(lambda row: row.recorded.strftime("%Y-%m-%d %H:%M")
                                   if row.recorded else "")
    return columns


def nothing_shown(history: History) -> str:
    """What a history with no row says: none recorded, or none in what was asked."""
    if not history.omitted:
        return _("No figures recorded yet.")
    omitted = history.omitted
    since = history.since.isoformat() if history.since else None
    if since and history.last:
        text = ngettext("No figures since {date} and the last {last} ({n} figure before).",
                        "No figures since {date} and the last {last} ({n} figures before).",
                        omitted)
    elif since:
        text = ngettext("No figures since {date} ({n} figure before).",
                        "No figures since {date} ({n} figures before).", omitted)
    elif history.last:
        text = ngettext("No figures the last {last} ({n} figure before).",
                        "No figures the last {last} ({n} figures before).", omitted)
    else:
        text = ngettext("No figures ({n} figure before).", "No figures ({n} figures before).",
                        omitted)
    return text.format(date=since, last=history.last, n=omitted)


def heading(history: History, ecosystem_name: str | None = None
            ) -> tuple[str, str | None, list[str], str | None]:
    """What is said above the figures: the indicator; the ecosystem whose history it
    is (if one's); the plan's terms (baseline, target, period); what Value and Total
    mean for an increment."""
    loc, unit, money = history.locale, history.unit, history.is_money
    own = own_ecosystem(history)
    ecosystem = None
    if own is not None or ecosystem_name is not None:
        if own and ecosystem_name:
            name = _("{id}: {name}").format(id=own, name=ecosystem_name)
        else:
            name = own or ecosystem_name or ""
        ecosystem = _("Ecosystem {name} (its own figures, against its own target)").format(
            name=name)
    baseline = fmt.amount(history.baseline, unit, money, loc)
    target = (_("no target (tracked)") if history.target is None
              else _("target {amount}").format(
                  amount=fmt.amount(history.target, unit, money, loc)))
    terms = [_("baseline {amount}").format(amount=baseline), target,
             _("{start} to {deadline}").format(start=fmt.prose_date(history.start),
                                               deadline=fmt.prose_date(history.deadline))]
    if history.trajectory != "linear":
        terms.append(_("trajectory {name}").format(name=trajectory_name(history.trajectory)))
    note = (_("Value: each figure; Total: their running total")
            if history.measure == "increment" else None)
    return f"{history.label} [{history.id}]", ecosystem, terms, note


# 2: every ecosystem's figures too; since, last and omitted. 3: expected_ratio on the
# indicator's trajectory, named in the indicator's block. 4: revisions; each figure
# measured against the target in force on its date.
HISTORY_SCHEMA = 4
REVISION_FIELDS = ("date", "target", "deadline", "reason", "source")
HISTORY_FIELDS = ("date", "value", "actual", "change", "ratio", "expected_ratio", "superseded",
                  "ecosystem", "source", "note", "recorded")


def history_record(row: HistoryRow) -> dict[str, Any]:
    return {name: plain(getattr(row, name)) for name in HISTORY_FIELDS}


def history_document(history: History) -> dict[str, Any]:
    """The ``history`` JSON document (docs/json.md)."""
    return {
        "schema": HISTORY_SCHEMA,
        "indicator": {
            "id": history.id, "label": history.label, "unit": history.unit,
            "measure": history.measure, "baseline": plain(history.baseline),
            "target": plain(history.target), "start": plain(history.start),
            "deadline": plain(history.deadline), "trajectory": history.trajectory,
        },
        "ecosystem": history.ecosystem,
        "since": plain(history.since),
        "last": history.last,
        "omitted": history.omitted,
        "figures": [history_record(row) for row in history.rows],
        "revisions": [{name: plain(getattr(rev, name)) for name in REVISION_FIELDS}
                      for rev in history.revisions],
    }


class HistoryView(ReportView):
    """``history``: every figure of one indicator; ``ecosystem_name`` names the
    ecosystem when it is one ecosystem's history."""

    def __init__(self, history: History, ecosystem_name: str | None = None,
                 chart: Burnup | None = None) -> None:
        self.history = history
        self.chart = chart
        self.locale = history.locale
        self.ecosystem_name = ecosystem_name

    def document(self) -> dict[str, Any]:
        return history_document(self.history)

    def records(self) -> Records:
        ident = self.history.id
        return Records(("indicator", *HISTORY_FIELDS),
                       ({**history_record(row), "indicator": ident}
                        for row in self.history.rows))

    def summary(self) -> Summary:
        """The table's columns, with sources and notes whole."""
        history = self.history
        columns = history_columns(history)
        names = list(columns)
        title, ecosystem, terms, note = heading(history, self.ecosystem_name)
        lines = [line for line in (ecosystem, ", ".join(terms), note) if line]
        return Summary(title=title, lines=lines, fields=[column_header(name) for name in names],
                       rows=[[columns[name][number] for name in names]
                             for number in range(len(columns["Date"]))],
                       right=[JUSTIFY.get(name) == "right" for name in names],
                       empty=nothing_shown(history))

    def show(self, console: Console) -> None:
        from offshore_cli.render.history_table import render_history

        render_history(self.history, console, self.ecosystem_name, self.chart)
